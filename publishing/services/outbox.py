"""From Wagtail's publish and unpublish to rows in the outbox.

Called from the page_published / page_unpublished receivers, inside the
transaction that publishes (settings make admin requests atomic, and the
scheduled-publishing task wraps each publish in one). The payload is formatted
here, once, from the exact revision that went live, and stored on the row: a
retry resends exactly what was approved. Tasks are queued on commit; if that
fails (broker down), the dispatcher finds the rows anyway.
"""

import hashlib
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from channels.registry import get_registry
from cms.models import ContentPage
from publishing.models import Delivery
from publishing.services.routing import delivery_plan

logger = logging.getLogger(__name__)

Action, Status = Delivery.Action, Delivery.Status
NOT_STARTED = [Status.SCHEDULED, Status.PENDING, Status.RETRYING]


def idempotency_key(revision_id, destination_id, action):
    return hashlib.sha256(f"vss:{revision_id}:{destination_id}:{action}".encode()).hexdigest()[:40]


def live_destinations(page_id):
    """{destination_id: latest delivery} where the item is (or is about to be) on the channel.

    Read from delivery history, not today's routes: a route added later never
    receives an update or a withdrawal for a post it never had.
    """
    result = {}
    history = (Delivery.objects.filter(page_id=page_id)
               .filter(Q(status=Status.SENT) | Q(status__in=[Status.SENDING, Status.UNCONFIRMED]))
               .order_by("created_at", "pk"))
    for delivery in history:
        if delivery.action == Action.WITHDRAW:
            if delivery.status == Status.SENT:
                result.pop(delivery.destination_id, None)
        else:
            result[delivery.destination_id] = delivery
    return result


def _format(destination, item, action):
    channel = get_registry().get(destination.channel)
    return channel.format(item, action=action, config=destination.config)


def _write(*, page, revision, destination, action, due, item=None, payload=None):
    """Create the delivery once per (revision, destination, action); a second publish finds it."""
    now = timezone.now()
    error = ""
    if payload is None:
        try:
            payload = _format(destination, item, action)
        except Exception as exc:  # a formatter bug must not undo the approval: the row says what broke
            logger.exception("formatting failed page=%s revision=%s destination=%s", page.pk, revision.pk, destination.pk)
            payload, error = {}, f"Could not format the item for this channel: {type(exc).__name__}: {exc}"
    delivery, created = Delivery.objects.get_or_create(
        revision=revision, destination=destination, action=action,
        defaults={
            "page": page, "item_title": page.title[:255], "payload": payload,
            "idempotency_key": idempotency_key(revision.pk, destination.pk, action),
            "status": Status.FAILED if error else (Status.SCHEDULED if due > now else Status.PENDING),
            "last_error": error, "due_at": due, "next_attempt_at": due,
        },
    )
    return delivery if created else None


def outbox_on_publish(*, page, revision):
    """Deliveries for a revision that is really live now (not one only scheduled)."""
    page = page.specific
    if not isinstance(page, ContentPage) or not (page.live and page.live_revision_id == revision.pk):
        return []
    item = revision.as_object()
    live = live_destinations(page.pk)
    created = []
    planned = {destination.pk: (destination, due) for destination, due in delivery_plan(item, page.pk)}
    # Where it already went gets an update, wherever today's routes point.
    for destination_id, previous in live.items():
        due = planned.pop(destination_id, (previous.destination, timezone.now()))[1]
        if previous.revision_id == revision.pk:
            continue  # the same revision published again: it is already there
        delivery = _write(page=page, revision=revision, destination=previous.destination,
                          action=Action.UPDATE, due=due, item=item)
        created.append(delivery)
    # Newly routed destinations get a first publish; an older publish not yet started is replaced.
    for destination, due in planned.values():
        Delivery.objects.filter(page=page, destination=destination, action__in=[Action.PUBLISH, Action.UPDATE],
                                status__in=NOT_STARTED).exclude(revision=revision).update(
            status=Status.CANCELLED, finished_at=timezone.now(), last_error="Replaced by a newer approved revision.")
        created.append(_write(page=page, revision=revision, destination=destination,
                              action=Action.PUBLISH, due=due, item=item))
    created = [delivery for delivery in created if delivery is not None]
    logger.info("outbox publish page=%s revision=%s deliveries=%s", page.pk, revision.pk, len(created))
    enqueue_on_commit([delivery.pk for delivery in created if delivery.status == Status.PENDING])
    return created


def outbox_on_unpublish(*, page):
    """Withdraw the item from every destination it reached; cancel what has not started."""
    now = timezone.now()
    cancelled = Delivery.objects.filter(page=page, status__in=NOT_STARTED).exclude(action=Action.WITHDRAW).update(
        status=Status.CANCELLED, finished_at=now, last_error="Cancelled: the item was unpublished.")
    created = []
    for destination_id, previous in live_destinations(page.pk).items():
        delivery = _write(page=page, revision=previous.revision, destination=previous.destination,
                          action=Action.WITHDRAW, due=now, payload={"action": Action.WITHDRAW})
        if delivery is None:  # withdrawn before with this revision, then republished: withdraw again
            delivery = Delivery.objects.get(revision=previous.revision, destination_id=destination_id,
                                            action=Action.WITHDRAW)
            Delivery.objects.filter(pk=delivery.pk).update(status=Status.PENDING, attempts=0, next_attempt_at=now,
                                                           finished_at=None, last_error="")
        created.append(delivery)
    logger.info("outbox withdraw page=%s withdrawals=%s cancelled=%s", page.pk, len(created), cancelled)
    enqueue_on_commit([delivery.pk for delivery in created])
    return created


def enqueue_on_commit(ids):
    if ids:
        transaction.on_commit(lambda: enqueue(ids))


def enqueue(ids):
    """Hand deliveries to Celery. A broker that is down loses nothing: the dispatcher retries."""
    from publishing.tasks import deliver

    sent = []
    for delivery_id in ids:
        try:
            deliver.apply_async((delivery_id,), retry=False)
        except Exception as exc:  # kombu raises various connection errors; the row is the truth
            logger.warning("enqueue failed delivery=%s: %s; the dispatcher will pick it up", delivery_id,
                           type(exc).__name__)
            break
        sent.append(delivery_id)
    if sent:
        Delivery.objects.filter(pk__in=sent).update(enqueued_at=timezone.now())
    return len(sent)
