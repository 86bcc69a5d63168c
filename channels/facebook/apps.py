from channels.apps import ChannelAppConfig


class FacebookChannelConfig(ChannelAppConfig):
    name = "channels.facebook"
    label = "facebook"
    verbose_name = "Facebook channel"
    channel = "channels.facebook.channel.FacebookChannel"
