"""Where an item is live: at which destination, under which posts.

The one answer to "what may be on the channel for this item", read from the
delivery history (not today's routes: a route added later never had the post).
Updates follow it, withdrawals remove all of it, and the pipeline asks it before
creating a post where an earlier attempt may have left one.
"""

from dataclasses import dataclass, field

from publishing.models import Delivery

Action, Status = Delivery.Action, Delivery.Status
FINAL = (Status.SENT, Status.FAILED, Status.CANCELLED)


@dataclass
class Presence:
    """The item at one destination, since its last completed withdrawal there."""

    destination_id: int
    # The newest publish or update that was sent or may be in flight: what an edit updates.
    latest: Delivery | None = None
    # The newest publish or update that touched the channel at all: what a withdrawal is filed under.
    newest: Delivery | None = None
    # Posts known to be there, newest first.
    external_ids: list = field(default_factory=list)
    # Idempotency keys of attempts that may have written a post whose id was never recorded (a
    # failed, cancelled, superseded, retrying or in-flight attempt): ask ``Transmitter.written``.
    maybe_keys: list = field(default_factory=list)
    # Publishes and updates not finished yet (waiting or in flight): an update waits for them.
    open_ids: list = field(default_factory=list)
    in_flight: bool = False

    @property
    def is_live(self):
        """The post exists or is being written: an edit of the item updates it."""
        return bool(self.external_ids) or self.in_flight

    @property
    def may_be_live(self):
        """Something may be on the channel: unpublishing must look and remove it."""
        return self.is_live or bool(self.maybe_keys)

    def earlier_open(self, delivery_id):
        return any(pk < delivery_id for pk in self.open_ids)


def presence(page_id, *, destination_id=None, exclude=None):
    """{destination id: Presence} of the item ``page_id``; ``exclude``: a delivery to leave out (the one asking)."""
    history = Delivery.objects.filter(page_id=page_id).select_related("destination", "revision")
    if destination_id is not None:
        history = history.filter(destination_id=destination_id)
    if exclude is not None:
        history = history.exclude(pk=exclude)
    result = {}
    for delivery in history.order_by("created_at", "pk"):
        here = result.setdefault(delivery.destination_id, Presence(delivery.destination_id))
        if delivery.action == Action.WITHDRAW:
            if delivery.status == Status.SENT:  # a withdrawal removes every post it knew of
                result[delivery.destination_id] = Presence(delivery.destination_id)
            continue
        if delivery.status not in FINAL:
            here.open_ids.append(delivery.pk)
        if delivery.status == Status.SENT:
            if delivery.external_id:
                if delivery.external_id in here.external_ids:
                    here.external_ids.remove(delivery.external_id)
                here.external_ids.insert(0, delivery.external_id)
            here.latest = here.newest = delivery
        elif delivery.status in (Status.SENDING, Status.UNCONFIRMED):
            here.in_flight = True
            here.latest = here.newest = delivery
            here.maybe_keys.append(delivery.idempotency_key)
        elif delivery.attempts > 0 or delivery.reconcile_first:
            here.newest = delivery
            here.maybe_keys.append(delivery.idempotency_key)
    return result


def presence_at(page_id, destination_id, *, exclude=None):
    return presence(page_id, destination_id=destination_id, exclude=exclude).get(destination_id,
                                                                                 Presence(destination_id))
