from channels.apps import ChannelAppConfig


class PortalChannelConfig(ChannelAppConfig):
    name = "channels.portal"
    label = "portal"
    verbose_name = "Portal channel"
    channel = "channels.portal.channel.PortalChannel"
