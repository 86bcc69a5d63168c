from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "channels"
    label = "vss_channels"
    verbose_name = "Channels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from channels.facebook import FacebookChannel
        from channels.log import LogChannel
        from channels.loudspeaker.channel import LoudspeakerChannel
        from channels.portal import PortalChannel
        from channels.registry import ChannelRegistry
        from channels.vssid.channel import VssidChannel
        from channels.webhook import WebhookChannel

        self.registry = ChannelRegistry()
        self.registry.register(LogChannel())
        self.registry.register(WebhookChannel())
        self.registry.register(PortalChannel())
        self.registry.register(FacebookChannel())
        self.registry.register(VssidChannel())
        self.registry.register(LoudspeakerChannel())
