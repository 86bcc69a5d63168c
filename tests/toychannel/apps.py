from channels.apps import ChannelAppConfig


class ToyChannelConfig(ChannelAppConfig):
    name = "tests.toychannel"
    label = "toychannel"
    verbose_name = "Toy notice-board channel"
    channel = "tests.toychannel.channel.NoticeBoardChannel"
    url_prefix = "noticeboard/"
    urls = "tests.toychannel.urls"
    beat_schedule = {"noticeboard-tidy": {"task": "tests.toychannel.tasks.tidy", "schedule": 300.0}}
