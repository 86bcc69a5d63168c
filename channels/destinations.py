"""What a channel's own code may ask of destinations, without importing publishing.

Destinations, their permission rules and their actions belong to publishing, which
sits above channels (media <- cms <- channels <- publishing). A channel that has
admin screens of its own (Zalo's and YouTube's "connect" pages) or makes
destinations in bulk (a loudspeaker per commune) asks through this port instead;
publishing plugs its implementation in when its app is ready
(publishing/destinations_port.py). The calls check permissions exactly like the
admin's own views, because they are the same action objects behind them.
"""

from __future__ import annotations

from typing import Protocol


class DestinationsPort(Protocol):
    def visible(self, user, *, channel: str):
        """The destinations of ``channel`` that ``user`` sees, as a queryset."""

    def get(self, user, pk, *, channel: str):
        """The destination ``pk`` of ``channel`` if ``user`` may manage it; Http404 or PermissionDenied."""

    def can_manage(self, destination, user) -> bool:
        """Whether ``user`` may change, resume or re-authorise ``destination``."""

    def resume(self, destination, user) -> None:
        """The destination works again; what waits for it goes out (checks the permission)."""

    def reauthorise(self, destination, user, *, secret: str) -> tuple[bool, str]:
        """Save ``secret`` if it works (tested first), then resume; (ok, message)."""

    def ensure_for_units(self, *, channel: str, box: str, units, config_for, name_for, batch_size: int = 500) -> int:
        """A destination of ``channel`` for each unit that has none, on its default route; how many were made."""


_port: DestinationsPort | None = None


class PortNotInstalled(RuntimeError):
    pass


def install(port: DestinationsPort) -> None:
    global _port
    _port = port


def port() -> DestinationsPort:
    if _port is None:
        raise PortNotInstalled("no destinations port: the publishing app is not installed or not ready")
    return _port
