"""The channel contract: a pure formatter and a transmitter, registered by kind.

A channel reads cms content (the exact approved revision, given to it as a page
object) and never publishing's models: the transmitter gets the stored payload,
the destination's config and secret, and the delivery's idempotency key.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass


@dataclass(frozen=True)
class Sent:
    """What a channel answered for a post that exists: its id there and a link to it."""

    external_id: str
    url: str = ""


@dataclass(frozen=True)
class ConfigField:
    name: str
    label: str
    required: bool = True
    help: str = ""


class Transmitter(abc.ABC):
    # Seconds the destination should rest after this transmitter's last call, when the
    # channel said it is nearing its limit (Facebook's usage headers). Read by the pipeline.
    slow_down: float | None = None

    def __init__(self, *, config: dict, secret: str = ""):
        self.config = config
        self.secret = secret

    def call_seconds(self) -> float:
        """The longest one call (publish, update, withdraw, reconcile or written) may take before it gives up.

        The pipeline's lease on a delivery is derived from it: the worker renews the lease
        before each call so that it outlasts the call, and a delivery is taken back only
        when a worker has been silent for longer than a call can last. A transmitter with a
        client timeout returns it (connect plus read); the default suits one without.
        """
        return 60.0

    @abc.abstractmethod
    def publish(self, payload: dict, *, key: str) -> Sent:
        """Create the post. ``key`` is the delivery's idempotency key."""

    @abc.abstractmethod
    def update(self, payload: dict, *, external_id: str, key: str) -> Sent:
        """Replace the post ``external_id`` with ``payload``."""

    @abc.abstractmethod
    def withdraw(self, *, external_id: str, key: str) -> None:
        """Remove the post. Removing a post that is already gone is not an error."""

    @abc.abstractmethod
    def reconcile(self, *, key: str) -> Sent | None:
        """Find the post an earlier, unconfirmed attempt with ``key`` may have created."""

    def written(self, *, key: str) -> Sent | None:
        """What an attempt with ``key`` left on the channel, complete or not.

        A delivery can fail or be cancelled after its post was written (a feed entry
        whose notification was refused); withdrawing the item must still remove it.
        Channels whose ``reconcile`` only reports complete posts override this.
        """
        return self.reconcile(key=key)

    def check(self) -> str:
        """Test the connection and credentials; return a short description. Raises ChannelError."""
        return "ok"


class Channel(abc.ABC):
    """A kind of destination. Subclasses set ``kind`` (slug), ``display_name``, ``config_fields``."""

    kind: str = ""
    display_name: str = ""
    config_fields: tuple[ConfigField, ...] = ()
    needs_secret: bool = False
    # False when format() ignores the destination's config: the pipeline then formats
    # an item once for all destinations of this channel (1,000 portals, one payload).
    payload_uses_config: bool = False
    # True: posts to one destination go one at a time, in the order they were due, so an
    # edit never overtakes its publish (every built-in channel). A channel whose posts are
    # independent of each other (no updates, no withdrawals) may set False and be sent
    # to in parallel.
    ordered: bool = True
    transmitter_class: type[Transmitter]

    @abc.abstractmethod
    def format(self, item, *, action: str, config: dict) -> dict:
        """Turn a content item (a page at its approved revision) into a JSON-able payload. Pure."""

    def schedule_natively(self, payload: dict, *, due, config: dict) -> dict | None:
        """A payload to send now that the channel itself will publish at ``due``, or None.

        Channels that can hold a post until a time (Facebook's scheduled posts) say so
        here; the pipeline then sends the delivery at once instead of waiting for ``due``.
        """
        return None

    def transmitter(self, *, config: dict, secret: str = "") -> Transmitter:
        return self.transmitter_class(config=config, secret=secret)

    def validate_config(self, config: dict) -> list[str]:
        missing = [f.name for f in self.config_fields if f.required and not str(config.get(f.name, "")).strip()]
        return [f"missing {name}" for name in missing]
