from channels.apps import ChannelAppConfig


class ToyChannelConfig(ChannelAppConfig):
    name = "tests.toychannel"
    label = "toychannel"
    verbose_name = "Toy notice-board channel"
    channel = "tests.toychannel.channel.NoticeBoardChannel"
