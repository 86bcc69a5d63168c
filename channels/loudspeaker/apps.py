from django.utils.translation import gettext_lazy as _

from channels.apps import ChannelAppConfig


class LoudspeakerConfig(ChannelAppConfig):
    name = "channels.loudspeaker"
    label = "loudspeaker"
    verbose_name = _("Loudspeakers")
    default_auto_field = "django.db.models.BigAutoField"
    channel = "channels.loudspeaker.channel.LoudspeakerChannel"

    def ready(self):
        super().ready()
        from channels.loudspeaker.vendors import HttpJsonAdapter, VendorRegistry

        self.vendors = VendorRegistry()
        self.vendors.register(HttpJsonAdapter)
