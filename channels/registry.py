"""An explicit registry of channels, filled in ChannelsConfig.ready().

No registration by import side effect: tests build a fresh ChannelRegistry and
register what they need.
"""

import re

from channels.base import Channel, Transmitter

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
        self._channels[channel.kind] = channel
        return channel

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


def get_registry() -> ChannelRegistry:
    from django.apps import apps

    return apps.get_app_config("vss_channels").registry
