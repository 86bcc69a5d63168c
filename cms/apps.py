from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.channel_boxes import ChannelBoxDefaults


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Content")
    default_auto_field = "django.db.models.BigAutoField"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel_box_defaults = ChannelBoxDefaults()  # filled by the channel apps

    def ready(self):
        from cms import signals
        from cms.api import signals as api_signals

        signals.connect()
        api_signals.connect()
