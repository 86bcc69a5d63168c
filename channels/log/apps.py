from channels.apps import ChannelAppConfig


class LogChannelConfig(ChannelAppConfig):
    name = "channels.log"
    label = "log"
    verbose_name = "Log channel"
    channel = "channels.log.channel.LogChannel"
