"""The generic JSON webhook channel: the item's neutral fields, POSTed to one URL.

The transport (and its error mapping) is in transmitter.py; the stand-in that
speaks it on loopback is standin.py.
"""

from django.utils.translation import gettext_lazy as _

from channels.base import Channel, ConfigField
from channels.content import item_fields
from channels.webhook.transmitter import WebhookTransmitter


class WebhookChannel(Channel):
    kind = "webhook"
    display_name = _("Webhook (JSON)")
    config_fields = (
        ConfigField("url", _("Receiving URL"), type="url",
                    help=_("We POST new items here, PUT and DELETE <url>/<id>, and GET it to find an earlier post.")),
        ConfigField("timeout", _("Read timeout (seconds)"), required=False, type="number", min_value=1,
                    max_value=120, help=_("Empty: 20 seconds.")),
    )
    secret_label = _("Signing secret")
    secret_help = _("Optional: when set, every request is signed with it (see docs/channels.md).")
    transmitter_class = WebhookTransmitter
    standin = "channels.webhook.standin"
    example_config = {"url": "http://127.0.0.1:8030/items", "timeout": 5}

    def format(self, item, *, action, config):
        return {"action": action, **item_fields(item)}
