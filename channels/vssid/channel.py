"""The VssID channel: approved items into the VssID app's news feed, per province and language."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from channels.base import Channel, ChannelBox, ConfigField, DemoDestination, RenditionSize
from channels.vssid.formatter import PLACEHOLDERS, format_entry
from channels.vssid.transmitter import VssidTransmitter


class VssidChannel(Channel):
    kind = "vssid"
    display_name = _("VssID app news feed")
    box = ChannelBox("vssid", "Ứng dụng VssID", "VssID app", sort_order=3,
                     default_for=("cms.newspage", "cms.infographicpage"), report_label=_("VssID"), colour="#00a19a")
    renditions = (RenditionSize("mobile", "fill-1080x608-c100", note="the app's news feed card, 16:9 at phone width"),)
    config_fields = (
        ConfigField("province", _("Province code"), max_length=10,
                    help=_("The code of the province whose feed this is (its address under /feeds/vssid/), "
                           "e.g. 15 for Lào Cai; TW for the national feed.")),
        ConfigField("deep_link_template", _("Deep link template"), required=False, type="template",
                    placeholders=tuple(PLACEHOLDERS),
                    help=_("With {uri}, {translation_key}, {language}, {slug}, {id}; empty: the "
                           "VSSID_DEEP_LINK_TEMPLATE setting.")),
        ConfigField("ingest_url", _("Ingest URL (optional push)"), required=False, type="url",
                    help=_("When set, each new, changed or withdrawn item is also POSTed here, signed with the "
                           "secret.")),
        ConfigField("timeout", _("Read timeout for the push (seconds)"), required=False, type="number", min_value=1,
                    max_value=120),
    )
    # The push's shared secret is only needed with an ingest URL; the transmitter says so when it is missing.
    needs_secret = False
    secret_label = _("Push signing secret")
    secret_help = _("Only with an ingest URL: the secret the VssID ingest checks each push's signature with.")
    payload_uses_config = True  # the deep link template may be the destination's own
    transmitter_class = VssidTransmitter
    standin = "channels.vssid.standin"
    example_config = {"province": "15"}

    def demo_destinations(self, unit, *, number, label, urls):
        # Served at /feeds/vssid/<province>/: no stand-in to start.
        return [DemoDestination(unit, f"VssID · tin {label}", "vssid", {"province": unit.code})]

    def format(self, item, *, action, config):
        return format_entry(item, config=config)

    def clean_config(self, config):
        from cms.models import OrgUnit

        code = config.get("province", "")
        if not OrgUnit.objects.filter(code=code, kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.CENTRAL]).exists():
            raise ValidationError({"province": _("No province with code %(code)s.") % {"code": code}})
