"""The channel contract: a pure formatter and a transmitter, registered by kind.

A channel reads cms content (the exact approved revision, given to it as a page
object) and never publishing's models: the transmitter gets the stored payload,
the destination's config and secret, and the delivery's idempotency key.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass

from channels.config import ConfigField, config_form_class, config_problems  # noqa: F401  (part of the contract)
from media.sizes import RenditionSize  # noqa: F401  (channels declare their picture sizes with it)


@dataclass(frozen=True)
class Sent:
    """What a channel answered for a post that exists: its id there and a link to it."""

    external_id: str
    url: str = ""


@dataclass(frozen=True)
class ChannelBox:
    """The editor's channel box a channel serves: a cms.ChannelKind row, and how reports show it.

    ``default_for``: content model labels ("cms.newspage") whose new items start with
    the box ticked. ``counts``: "items" (reports count items sent to the box's
    destinations) or "broadcasts" (confirmations of broadcasts, loudspeakers): then
    ``report_rows`` is the dotted path of a function ``(start, end)`` returning the
    queryset of confirmations in [start, end), rows with ``commune`` (a cms.OrgUnit),
    ``times``, ``broadcast_at``, ``page``, ``locale`` and ``operator``, which the
    reports count.
    Several channels may serve one box (a fanpage on the Graph API or on a webhook);
    its first declaration wins, so declare it the same way in each.
    """

    code: str
    name: str  # the ChannelKind row's name: Vietnamese, what editors tick
    name_en: str = ""
    sort_order: int = 50
    default_for: tuple[str, ...] = ()
    report_label: str = ""
    colour: str = "#5f6b7a"
    counts: str = "items"
    report_rows: str = ""


@dataclass(frozen=True)
class DemoStandIn:
    """How `make run` starts a channel's stand-in (``python -m <Channel.standin>``) for the demo.

    ``port``: its loopback port, moved with ``python -m demo.run --<kind>-port N``.
    ``args``: more arguments; ``{data}`` becomes the data folder (for a store that
    outlives a restart). ``env``: the variable that points the demo destinations
    elsewhere (empty: ``DEMO_<KIND>_URL``). ``shows``: a line for the start message,
    ``{url}`` its address.
    """

    port: int
    args: tuple[str, ...] = ()
    env: str = ""
    shows: str = ""


@dataclass(frozen=True)
class DemoDestination:
    """One destination `seed_demo` makes for a channel: on its stand-in, so the demo runs offline."""

    unit: object  # the cms.OrgUnit it belongs to
    name: str
    box: str  # the ChannelKind code
    config: dict
    secret: str = ""


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
    """A kind of destination, and everything the core would otherwise hard-code about it.

    Subclasses set ``kind`` (slug), ``display_name`` (Vietnamese, through gettext),
    ``transmitter_class`` and, as they need: ``box`` (the editor's channel box it
    serves), ``renditions`` (picture sizes it needs made at approval),
    ``config_fields`` (its destination settings form), ``needs_secret`` and the
    secret's label and help, ``standin`` (the dotted path of its loopback
    stand-in's module), and for the demo ``demo_standin`` and ``demo_destinations``.
    See docs/channels.md.
    """

    kind: str = ""
    display_name: str = ""
    box: ChannelBox | None = None  # None: serves whichever box the destination chooses (log, webhook)
    renditions: tuple[RenditionSize, ...] = ()
    config_fields: tuple[ConfigField, ...] = ()
    needs_secret: bool = False
    secret_label: str = ""
    secret_help: str = ""
    standin: str = ""
    # How `make run` starts the stand-in for the demo; None: the demo needs no process for it.
    demo_standin: DemoStandIn | None = None
    # A configuration the settings form accepts, as the demo uses it: the contract test checks it.
    example_config: dict = {}
    # False when format() ignores the destination's config: the pipeline then formats
    # an item once for all destinations of this channel (1,000 portals, one payload).
    payload_uses_config: bool = False
    # True: posts to one destination go one at a time, in the order they were due, so an
    # edit never overtakes its publish (every built-in channel). A channel whose posts are
    # independent of each other (no updates, no withdrawals) may set False and be sent
    # to in parallel.
    ordered: bool = True
    # True when schedule_natively also holds an update's time (YouTube's publishAt moved): the
    # pipeline then sends a scheduled update at once, with its time, instead of waiting for it.
    reschedules_natively: bool = False
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

    def demo_destinations(self, unit, *, number: int, label: str, urls: dict) -> list[DemoDestination]:
        """The destinations `seed_demo` makes for ``unit`` (the centre, then each demo province).

        ``number`` counts the units from 1, ``label`` is the unit's short name, ``urls``
        maps each installed channel's kind to its demo stand-in's address. May prepare
        the channel's own state for them (Zalo stores the OA tokens its stand-in knows).
        """
        return []

    def admin_links(self, destination) -> list[tuple[str, str]]:
        """(label, URL) of the channel's own screens for ``destination`` ("Kết nối Zalo OA"),
        shown on the destination's page and in its row to those who may manage it."""
        return []

    def transmitter(self, *, config: dict, secret: str = "") -> Transmitter:
        return self.transmitter_class(config=config, secret=secret)

    def clean_config(self, config: dict) -> None:
        """Checks across fields, on settings each already valid; raise ValidationError({field: message})."""

    def config_form_class(self):
        """The destination settings form: one typed field per ConfigField, then ``clean_config``."""
        return config_form_class(self)

    def validate_config(self, config: dict) -> list[str]:
        """What is wrong with ``config`` as "field: message" lines (empty when good); the form's own checks."""
        return [f"{name}: {message}" if name != "__all__" else message
                for name, messages in config_problems(self, config).items() for message in messages]
