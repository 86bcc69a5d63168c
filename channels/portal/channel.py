"""Provincial web portals: items pushed as signed ninjs JSON to each portal's endpoint."""

from django.core.exceptions import ValidationError  # noqa: F401
from django.utils.translation import gettext_lazy as _

from channels.base import Channel, ChannelBox, ConfigField, DemoDestination, DemoStandIn, RenditionSize
from channels.portal.ninjs import format_item
from channels.portal.transmitter import PortalTransmitter

WEB_ITEMS = ("cms.newspage", "cms.infographicpage", "cms.clippage", "cms.leafletpage")
DEMO_SECRET = "demo-portal-secret"  # the stand-in `make run` starts is told the same (docker-compose.yml too)


class PortalChannel(Channel):
    kind = "portal"
    display_name = _("Provincial web portal (signed ninjs push)")
    box = ChannelBox("portal", "Cổng thông tin điện tử", "Web portal", sort_order=1, default_for=WEB_ITEMS,
                     report_label=_("Portal"), colour="#005eaa")
    renditions = (
        RenditionSize("portal", "max-1600x1600", note="the portal's article page, whole picture"),
        RenditionSize("portal_thumb", "fill-480x320-c100", note="the portal's lists and related items"),
    )
    config_fields = (
        ConfigField("url", _("Receiving endpoint URL"), type="url",
                    help=_("The portal's VSS endpoint; we call <url>/items and <url>/ping.")),
        ConfigField("timeout", _("Read timeout (seconds)"), required=False, type="number", min_value=1,
                    max_value=120, help=_("Empty: 20 seconds.")),
    )
    needs_secret = True
    secret_label = _("Shared signing secret")
    secret_help = _("The secret the portal's receiver was given for this site; every push is signed with it.")
    transmitter_class = PortalTransmitter
    standin = "channels.portal.standin"
    # What it receives is kept in data/, so it still shows it after a restart.
    demo_standin = DemoStandIn(port=8010, args=("--default-secret", DEMO_SECRET, "--store", "{data}/portal.json"),
                               shows="demo portals on {url}/<province>/")
    example_config = {"url": "http://127.0.0.1:8010/lao-cai"}

    def format(self, item, *, action, config):
        return format_item(item)

    def demo_destinations(self, unit, *, number, label, urls):
        return [DemoDestination(unit, f"Cổng TTĐT {label}", "portal", {"url": f"{urls['portal']}/{unit.slug}"},
                                DEMO_SECRET)]
