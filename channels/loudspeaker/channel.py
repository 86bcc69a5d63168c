"""The loudspeaker channel: one destination per commune, read-aloud exports plus a schedule."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from channels.base import Channel, ChannelBox, ConfigField, DemoDestination
from channels.loudspeaker.formatter import format_script
from channels.loudspeaker.schedule import config_problems
from channels.loudspeaker.transmitter import LoudspeakerTransmitter


def vendor_choices():
    from channels.loudspeaker.vendors import get_vendors

    vendors = get_vendors()
    return [(name, vendors.get(name).display_name or name) for name in vendors.names()]


class LoudspeakerChannel(Channel):
    kind = "loudspeaker"
    display_name = _("Commune loudspeakers (read-aloud script, exports and schedule)")
    box = ChannelBox("loudspeaker", "Loa truyền thanh cơ sở", "Commune loudspeakers", sort_order=4,
                     default_for=("cms.broadcastscriptpage",), report_label=_("Loudspeaker broadcasts"),
                     colour="#c8102e", counts="broadcasts",
                     report_rows="channels.loudspeaker.selectors.broadcasts_between")
    config_fields = (
        ConfigField("commune", _("Commune code"), max_length=40,
                    help=_("The commune whose loudspeakers this is, e.g. 15-sa-pa.")),
        ConfigField("slots", _("Time slots"), required=False, type="times",
                    help=_("Times of day, comma-separated: 06:00,17:00. Empty: 06:00 and 17:00.")),
        ConfigField("repeats", _("Repeat count"), required=False, type="integer", min_value=1, max_value=20,
                    help=_("Times each script is read per slot (1-20). Empty: 2.")),
        ConfigField("gap_minutes", _("Minutes between repeats"), required=False, type="integer", min_value=0,
                    max_value=24 * 60, help=_("Empty: 5.")),
        ConfigField("session_cap_minutes", _("Session cap (minutes)"), required=False, type="integer", min_value=0,
                    max_value=24 * 60, help=_("Local rule for one session, e.g. 15 in wards, 45 in rural communes.")),
        ConfigField("vendor", _("Smart-loudspeaker vendor adapter"), required=False, type="choice",
                    choices=vendor_choices, help=_("Empty: the boxes fetch their files through the device API.")),
        ConfigField("vendor_url", _("Vendor endpoint URL"), required=False, type="url"),
        ConfigField("timeout", _("Vendor read timeout (seconds)"), required=False, type="number", min_value=1,
                    max_value=120),
    )
    secret_label = _("Vendor signing secret")
    secret_help = _("Optional: the secret the vendor's endpoint checks each request's signature with.")
    payload_uses_config = False  # one payload for 3,000 communes: the schedule is applied on sending
    transmitter_class = LoudspeakerTransmitter
    standin = "channels.loudspeaker.standin"
    example_config = {"commune": "15-sa-pa", "slots": "06:00,17:00", "repeats": "2", "gap_minutes": "5"}

    def demo_destinations(self, unit, *, number, label, urls):
        """Two communes with a radio station per demo province; their operators confirm in /radio/."""
        if unit.kind != "province":
            return []
        return [DemoDestination(commune, f"Loa {commune.full_name}", "loudspeaker", {
                    "commune": commune.code, "slots": "06:00,17:00", "repeats": "2", "gap_minutes": "5"})
                for commune in unit.children.filter(has_radio_station=True).order_by("code")[:2]]

    def format(self, item, *, action, config):
        return format_script(item, action=action)

    def clean_config(self, config):
        problems = config_problems(config)
        vendor = config.get("vendor")
        if vendor:
            from channels.loudspeaker.vendors import get_vendors

            if not config.get("vendor_url"):
                raise ValidationError({"vendor_url": _("A vendor adapter needs the vendor's endpoint URL.")})
            problems += get_vendors().get(vendor)(config=config).config_problems()
        if problems:
            raise ValidationError("; ".join(problems))
