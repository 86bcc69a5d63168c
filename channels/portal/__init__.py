"""Provincial web portals: items pushed as signed ninjs JSON to each portal's endpoint."""

from django.utils.translation import gettext_lazy

from channels.base import Channel, ConfigField
from channels.portal.ninjs import format_item
from channels.portal.transmitter import PortalTransmitter


class PortalChannel(Channel):
    kind = "portal"
    display_name = gettext_lazy("Provincial web portal (signed ninjs push)")
    config_fields = (
        ConfigField("url", "Receiving endpoint URL", help="The portal's VSS endpoint; we call <url>/items and <url>/ping."),
        ConfigField("timeout", "Read timeout (seconds)", required=False),
    )
    needs_secret = True
    transmitter_class = PortalTransmitter

    def format(self, item, *, action, config):
        return format_item(item)

    def validate_config(self, config):
        problems = super().validate_config(config)
        url = str(config.get("url", ""))
        if url and not url.startswith(("http://", "https://")):
            problems.append("url must start with http:// or https://")
        return problems
