"""The "log" channel: records each payload in the database instead of sending it.

So `make run` shows the whole flow, approval to "sent", with no outside service.
"""

from django.utils.translation import gettext_lazy as _

from channels.base import Channel, ConfigField
from channels.content import item_fields
from channels.log.transmitter import LogTransmitter


class LogChannel(Channel):
    kind = "log"
    display_name = _("Log (test channel)")
    config_fields = (ConfigField("label", _("Label"), required=False, max_length=100,
                                 help=_("A name to tell this log's posts apart; empty: log.")),)
    transmitter_class = LogTransmitter
    example_config = {"label": "demo"}
    # The log is its own stand-in: what it "posts" is a row in the database, shown in the admin.

    def format(self, item, *, action, config):
        return {"action": action, **item_fields(item)}
