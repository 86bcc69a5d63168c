from channels.apps import ChannelAppConfig


class YouTubeChannelConfig(ChannelAppConfig):
    name = "channels.youtube"
    label = "youtube"
    verbose_name = "YouTube channel"
    channel = "channels.youtube.channel.YouTubeChannel"
