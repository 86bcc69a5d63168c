"""The VssID channel: approved items into the VssID app's news feed, per province and language."""

from django.utils.translation import gettext_lazy

from channels.base import Channel, ConfigField
from channels.vssid.formatter import PLACEHOLDERS, format_entry
from channels.vssid.transmitter import VssidTransmitter


class VssidChannel(Channel):
    kind = "vssid"
    display_name = gettext_lazy("VssID app news feed")
    config_fields = (
        ConfigField("province", "Province code",
                    help="The code of the province whose feed this is (its address under /feeds/vssid/), "
                         "e.g. 15 for Lào Cai; TW for the national feed."),
        ConfigField("deep_link_template", "Deep link template", required=False,
                    help="With {uri}, {translation_key}, {language}, {slug}, {id}; empty: the "
                         "VSSID_DEEP_LINK_TEMPLATE setting."),
        ConfigField("ingest_url", "Ingest URL (optional push)", required=False,
                    help="When set, each new, changed or withdrawn item is also POSTed here, signed with the secret."),
        ConfigField("timeout", "Read timeout for the push (seconds)", required=False),
    )
    # The push's shared secret is only needed with an ingest URL; the transmitter says so when it is missing.
    needs_secret = False
    payload_uses_config = True  # the deep link template may be the destination's own
    transmitter_class = VssidTransmitter

    def format(self, item, *, action, config):
        return format_entry(item, config=config)

    def validate_config(self, config):
        from cms.models import OrgUnit

        problems = super().validate_config(config)
        code = str(config.get("province", "")).strip()
        if code and not OrgUnit.objects.filter(code=code, kind__in=[OrgUnit.Kind.PROVINCE,
                                                                    OrgUnit.Kind.CENTRAL]).exists():
            problems.append(f"province: no province with code {code!r}")
        template = str(config.get("deep_link_template", "") or "")
        try:
            template.format(**PLACEHOLDERS)
        except (KeyError, IndexError, ValueError) as exc:
            problems.append(f"deep_link_template: unknown placeholder {exc}")
        url = str(config.get("ingest_url", "") or "").strip()
        if url and not url.startswith(("http://", "https://")):
            problems.append("ingest_url must start with http:// or https://")
        timeout = str(config.get("timeout", "") or "").strip()
        if timeout:
            try:
                if float(timeout) <= 0:
                    raise ValueError
            except ValueError:
                problems.append("timeout must be a positive number of seconds")
        return problems
