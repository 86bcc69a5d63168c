"""Which channel boxes a new item of each content type starts with ticked.

The boxes are cms.ChannelKind rows; which content types tick one by default is
declared by the channels that serve it (cms knows no channel). A channel app's
``ready()`` adds a *source*: a callable taking a content model label
("cms.newspage") and returning ChannelKind codes. Asked when an item is created.
"""

from django.apps import apps


class ChannelBoxDefaults:
    def __init__(self):
        self._sources = []

    def add_source(self, source):
        self._sources.append(source)

    def for_model(self, model) -> tuple[str, ...]:
        label = model._meta.label_lower
        codes = []
        for source in self._sources:
            codes += [code for code in source(label) if code not in codes]
        return tuple(codes)


def get_channel_box_defaults() -> ChannelBoxDefaults:
    return apps.get_app_config("cms").channel_box_defaults
