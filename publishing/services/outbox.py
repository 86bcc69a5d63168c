"""From Wagtail's publish and unpublish to rows in the outbox.

Called from the page_published / page_unpublished receivers, inside the
transaction that publishes (settings make admin requests atomic, and the
scheduled-publishing task wraps each publish in one). The payload is formatted
here, once, from the exact revision that went live, and stored on the row: a
retry resends exactly what was approved. Tasks are queued on commit; if that
fails (broker down), the dispatcher finds the rows anyway.
"""

import hashlib
import json
import logging

from django.utils import timezone

from channels.registry import get_registry
from cms.models import ContentPage
from publishing.models import Delivery
from publishing.selectors.live import presence
from publishing.queueing import enqueue_on_commit
from publishing.services.routing import delivery_plan

logger = logging.getLogger(__name__)

Action, Status = Delivery.Action, Delivery.Status
NOT_STARTED = [Status.SCHEDULED, Status.PENDING, Status.RETRYING]


def idempotency_key(revision_id, destination_id, action):
    return hashlib.sha256(f"vss:{revision_id}:{destination_id}:{action}".encode()).hexdigest()[:40]


class _Formatter:
    """Formats an item once per channel (or per channel and config, when the payload depends on it)."""

    def __init__(self, item):
        self.item = item
        self.cache = {}

    def __call__(self, destination, action):
        channel = get_registry().get(destination.channel)
        key = (destination.channel, action,
               json.dumps(destination.config, sort_keys=True) if channel.payload_uses_config else None)
        if key not in self.cache:
            try:
                self.cache[key] = (channel.format(self.item, action=action, config=destination.config), "")
            except Exception as exc:  # a formatter bug must not undo the approval: the row says what broke
                logger.exception("formatting failed item=%s destination=%s", self.item.pk, destination.pk)
                self.cache[key] = ({}, f"Could not format the item for this channel: {type(exc).__name__}: {exc}")
        return self.cache[key]


def _write_many(*, page, revision, rows, formatter=None, payload=None, look_first=()):
    """Insert one delivery per (destination, action, due) row, skipping those that exist.

    One revision, destination and action make one delivery (a unique constraint),
    so publishing the same revision twice writes nothing new. Returns the new rows.
    """
    now = timezone.now()
    registry = get_registry()
    new = []
    for destination, action, due in rows:
        body, error = (payload, "") if payload is not None else formatter(destination, action)
        send_at = due
        channel = registry.get(destination.channel)
        if due > now and not error and (action == Action.PUBLISH or (
                action == Action.UPDATE and channel.reschedules_natively)):
            # A channel that holds posts until a time itself gets them now, with the time.
            early = channel.schedule_natively(body, due=due, config=destination.config)
            if early is not None:
                body, send_at = early, now
        new.append(Delivery(
            page=page, item_title=page.title[:255], revision=revision, destination=destination, action=action,
            payload=body, idempotency_key=idempotency_key(revision.pk, destination.pk, action),
            status=Status.FAILED if error else (Status.SCHEDULED if send_at > now else Status.PENDING),
            last_error=error, due_at=due, next_attempt_at=send_at, finished_at=now if error else None))
    keys = [delivery.idempotency_key for delivery in new]
    existing = set(Delivery.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    for delivery in new:
        delivery.ordered = registry.get(delivery.destination.channel).ordered
        # An earlier attempt there may have left a post: the first attempt looks for it (by its key).
        delivery.reconcile_first = delivery.destination.pk in look_first
    Delivery.objects.bulk_create([d for d in new if d.idempotency_key not in existing], ignore_conflicts=True,
                                 batch_size=500)
    return list(Delivery.objects.filter(idempotency_key__in=[k for k in keys if k not in existing]))


def outbox_on_publish(*, page, revision):
    """Deliveries for a revision that is really live now (not one only scheduled)."""
    page = page.specific
    if not isinstance(page, ContentPage) or not (page.live and page.live_revision_id == revision.pk):
        return []
    item = revision.as_object()
    # The snapshot was taken before this publication: its times are the previous one's.
    item.first_published_at, item.last_published_at = page.first_published_at, page.last_published_at
    item.live_revision_id = revision.pk  # and its live revision the one before: the payload's version is this one
    here = presence(page.pk)
    live = {pk: where.latest for pk, where in here.items() if where.is_live}
    planned = {destination.pk: (destination, due) for destination, due in delivery_plan(item, page.pk)}
    rows = []
    # Where it already went gets an update, wherever today's routes point.
    for destination_id, previous in live.items():
        due = planned.pop(destination_id, (previous.destination, timezone.now()))[1]
        if previous.revision_id != revision.pk:  # the same revision again is already there
            rows.append((previous.destination, Action.UPDATE, due))
    # Newly routed destinations get a first publish; an older publish not yet started is replaced.
    if planned:
        Delivery.objects.filter(page=page, destination_id__in=list(planned), action__in=[Action.PUBLISH, Action.UPDATE],
                                status__in=NOT_STARTED).exclude(revision=revision).update(
            status=Status.CANCELLED, finished_at=timezone.now(), last_error="Replaced by a newer approved revision.")
    rows += [(destination, Action.PUBLISH, due) for destination, due in planned.values()]
    created = _write_many(page=page, revision=revision, rows=rows, formatter=_Formatter(item),
                          look_first={pk for pk, where in here.items() if where.maybe_keys and not where.is_live})
    logger.info("outbox publish page=%s revision=%s deliveries=%s", page.pk, revision.pk, len(created))
    enqueue_on_commit([delivery.pk for delivery in created if delivery.status == Status.PENDING])
    return created


def outbox_on_unpublish(*, page):
    """Withdraw the item from every destination it reached; cancel what has not started."""
    now = timezone.now()
    cancelled = Delivery.objects.filter(page=page, status__in=NOT_STARTED).exclude(action=Action.WITHDRAW).update(
        status=Status.CANCELLED, finished_at=now, last_error="Cancelled: the item was unpublished.")
    created = []
    # Everywhere something may be on the channel; each withdrawal removes every post there (see _transmit).
    for destination_id, where in presence(page.pk).items():
        if not where.may_be_live:
            continue
        previous = where.latest or where.newest
        new = _write_many(page=page, revision=previous.revision, rows=[(previous.destination, Action.WITHDRAW, now)],
                          payload={"action": Action.WITHDRAW})
        if new:
            created += new
            continue
        # Withdrawn before with this revision, then republished: withdraw again.
        delivery = Delivery.objects.get(revision=previous.revision, destination_id=destination_id,
                                        action=Action.WITHDRAW)
        Delivery.objects.filter(pk=delivery.pk).update(status=Status.PENDING, attempts=0, next_attempt_at=now,
                                                       finished_at=None, last_error="")
        created.append(delivery)
    logger.info("outbox withdraw page=%s withdrawals=%s cancelled=%s", page.pk, len(created), cancelled)
    enqueue_on_commit([delivery.pk for delivery in created])
    return created
