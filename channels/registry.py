"""An explicit registry of channels: each channel app's ``ready()`` registers its one Channel.

Enabling a channel is putting its app in INSTALLED_APPS (settings read the list from
VSS_CHANNELS). No registration by import side effect: the registry lives on the
``vss_channels`` AppConfig, so a test that changes INSTALLED_APPS gets a fresh one,
and tests may build a ChannelRegistry of their own and register what they need.

The core asks the registry what it would otherwise hard-code: the editor's channel
boxes and their defaults (``boxes``, ``default_boxes``), picture sizes
(``rendition_sizes``), report series (``boxes``), settings forms (``get(kind)``).
"""

import re

from channels.base import Channel, ChannelBox, Transmitter
from media.sizes import RenditionSize

_KIND = re.compile(r"^[a-z][a-z0-9_-]{1,29}$")


class RegistrationError(Exception):
    pass


class UnknownChannel(KeyError):
    pass


class ChannelRegistry:
    def __init__(self):
        self._channels = {}

    def register(self, channel: Channel) -> Channel:
        if not isinstance(channel, Channel):
            raise RegistrationError(f"{channel!r} is not a Channel instance")
        if not _KIND.match(channel.kind or ""):
            raise RegistrationError(f"{type(channel).__name__}.kind {channel.kind!r} is not a slug")
        if not channel.display_name:
            raise RegistrationError(f"{type(channel).__name__} has no display_name")
        transmitter = getattr(channel, "transmitter_class", None)
        if not (isinstance(transmitter, type) and issubclass(transmitter, Transmitter)):
            raise RegistrationError(f"{type(channel).__name__}.transmitter_class is not a Transmitter")
        if channel.kind in self._channels:
            raise RegistrationError(f"channel kind {channel.kind!r} is registered twice")
        self._check_declarations(channel)
        self._channels[channel.kind] = channel
        return channel

    @staticmethod
    def _check_declarations(channel):
        name = type(channel).__name__
        box = channel.box
        if box is not None:
            if not isinstance(box, ChannelBox) or not _KIND.match(box.code or "") or not box.name:
                raise RegistrationError(f"{name}.box must be a ChannelBox with a slug code and a name")
            if box.counts not in ("items", "broadcasts"):
                raise RegistrationError(f"{name}.box.counts must be 'items' or 'broadcasts'")
            if box.counts == "broadcasts" and "." not in box.report_rows:
                raise RegistrationError(f"{name}.box.report_rows must name the function the reports count "
                                        "broadcasts from")
            if not re.match(r"^#[0-9a-fA-F]{6}$", box.colour):
                raise RegistrationError(f"{name}.box.colour {box.colour!r} is not #rrggbb")
            if any("." not in label for label in box.default_for):
                raise RegistrationError(f"{name}.box.default_for takes model labels such as 'cms.newspage'")
        if not all(isinstance(size, RenditionSize) for size in channel.renditions):
            raise RegistrationError(f"{name}.renditions must be RenditionSize declarations")
        names = [field.name for field in channel.config_fields]
        if len(set(names)) != len(names):
            raise RegistrationError(f"{name}.config_fields has a name twice")

    def unregister(self, kind: str) -> None:
        """Take a channel out (tests that installed a channel app for a while)."""
        self._channels.pop(kind, None)

    def get(self, kind: str) -> Channel:
        try:
            return self._channels[kind]
        except KeyError:
            raise UnknownChannel(f"no channel registered for kind {kind!r}") from None

    def kinds(self):
        return sorted(self._channels)

    def choices(self):
        return [(kind, self._channels[kind].display_name) for kind in self.kinds()]

    def __contains__(self, kind):
        return kind in self._channels

    def __iter__(self):
        return iter(self._channels[kind] for kind in self.kinds())

    # -- what the core asks --------------------------------------------------------------

    def boxes(self) -> list[ChannelBox]:
        """The channel boxes the registered channels serve, in their sort order; one per code."""
        found = {}
        for channel in self:
            if channel.box is not None:
                found.setdefault(channel.box.code, channel.box)
        return sorted(found.values(), key=lambda box: (box.sort_order, box.code))

    def default_boxes(self, model_label: str) -> list[str]:
        """ChannelKind codes a new item of ``model_label`` starts with ticked."""
        return [box.code for box in self.boxes() if model_label in box.default_for]

    def rendition_sizes(self) -> list[RenditionSize]:
        return [size for channel in self for size in channel.renditions]


def get_registry() -> ChannelRegistry:
    from django.apps import apps

    return apps.get_app_config("vss_channels").registry
