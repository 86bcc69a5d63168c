"""The loudspeaker channel: one destination per commune, read-aloud exports plus a schedule."""

from channels.base import Channel, ConfigField
from channels.loudspeaker.formatter import format_script
from channels.loudspeaker.schedule import config_problems
from channels.loudspeaker.transmitter import LoudspeakerTransmitter


class LoudspeakerChannel(Channel):
    kind = "loudspeaker"
    display_name = "Loa truyền thanh xã (kịch bản đọc, tệp xuất và lịch phát)"
    config_fields = (
        ConfigField("commune", "Commune code", help="The commune whose loudspeakers this is, e.g. 15-sa-pa."),
        ConfigField("slots", "Time slots", required=False, help='Times of day, comma-separated: "06:00,17:00".'),
        ConfigField("repeats", "Repeat count", required=False, help="Times each script is read per slot (1-20)."),
        ConfigField("gap_minutes", "Minutes between repeats", required=False),
        ConfigField("session_cap_minutes", "Session cap (minutes)", required=False,
                    help="Local rule for one session, e.g. 15 in wards, 45 in rural communes."),
        ConfigField("vendor", "Smart-loudspeaker vendor adapter", required=False, help="e.g. http-json"),
        ConfigField("vendor_url", "Vendor endpoint URL", required=False),
        ConfigField("timeout", "Vendor read timeout (seconds)", required=False),
    )
    payload_uses_config = False  # one payload for 3,000 communes: the schedule is applied on sending
    transmitter_class = LoudspeakerTransmitter

    def format(self, item, *, action, config):
        return format_script(item, action=action)

    def validate_config(self, config):
        problems = super().validate_config(config) + config_problems(config)
        vendor = config.get("vendor")
        if vendor:
            from channels.loudspeaker.vendors import get_vendors

            vendors = get_vendors()
            if vendor not in vendors:
                problems.append(f"unknown vendor {vendor!r}; known: {', '.join(vendors.names())}")
            else:
                problems += vendors.get(vendor)(config=config).config_problems()
        return problems
