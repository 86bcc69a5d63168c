"""Working one delivery: claim it, call its channel, record what happened.

Safe to run twice and from several workers: the claim is a conditional UPDATE,
so only one attempt holds a delivery at a time, and the lease lets the
dispatcher take back a delivery whose worker died mid-call. A delivery whose
earlier attempt may have created the post (timeout, lost worker) asks the
channel first (reconcile) and only sends if nothing is there.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone

from channels.base import Sent
from channels.content import bind_renditions
from channels.exceptions import NeedsReauthError, PermanentError, RetryableError, UnconfirmedError
from channels.registry import get_registry
from publishing.models import Delivery, Destination
from publishing.services.notifications import notify_delivery_failed, notify_needs_reauth

logger = logging.getLogger(__name__)

Action, Status = Delivery.Action, Delivery.Status
CLAIMABLE = [Status.SCHEDULED, Status.PENDING, Status.RETRYING, Status.UNCONFIRMED]
WAIT_FOR_EARLIER_SECONDS = 15


def lease_seconds():
    return int(getattr(settings, "PUBLISHING_LEASE_SECONDS", 120))


def _later(seconds):
    return timezone.now() + datetime.timedelta(seconds=seconds)


def _rate_limited(destination, now):
    limit = destination.rate_limit_per_minute
    if not limit:
        return None
    window = now - datetime.timedelta(minutes=1)
    recent = list(Delivery.objects.filter(destination=destination, started_at__gte=window)
                  .order_by("started_at").values_list("started_at", flat=True)[:limit])
    if len(recent) < limit:
        return None
    return recent[0] + datetime.timedelta(minutes=1)  # when the oldest leaves the window


def _claim(delivery_id, now):
    return Delivery.objects.filter(
        Q(destination__hold_until__isnull=True) | Q(destination__hold_until__lte=now),
        pk=delivery_id, status__in=CLAIMABLE, next_attempt_at__lte=now,
        destination__enabled=True, destination__health=Destination.Health.OK,
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, started_at=now,
             lease_until=now + datetime.timedelta(seconds=lease_seconds()))


def _update(delivery, **values):
    Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(**values)
    for key, value in values.items():
        setattr(delivery, key, value)
    return delivery.status


def _external_id(delivery):
    """The post's id on the channel, from the history of this item at this destination."""
    previous = (Delivery.objects.filter(page_id=delivery.page_id, destination_id=delivery.destination_id,
                                        action__in=[Action.PUBLISH, Action.UPDATE], status=Status.SENT)
                .exclude(external_id="").order_by("-finished_at", "-pk").first())
    return previous.external_id if previous else None


def _left_behind(delivery, transmitter):
    """A post that an earlier delivery wrote before it failed or was cancelled, if the channel has one."""
    keys = (Delivery.objects.filter(page_id=delivery.page_id, destination_id=delivery.destination_id,
                                    pk__lt=delivery.pk, action__in=[Action.PUBLISH, Action.UPDATE],
                                    status__in=[Status.FAILED, Status.CANCELLED], attempts__gt=0)
            .order_by("-pk").values_list("idempotency_key", flat=True)[:5])
    for earlier in keys:
        found = transmitter.written(key=earlier)
        if found is not None:
            return found
    return None


def _earlier_in_flight(delivery):
    return Delivery.objects.filter(
        page_id=delivery.page_id, destination_id=delivery.destination_id, pk__lt=delivery.pk,
        action__in=[Action.PUBLISH, Action.UPDATE], status__in=[Status.SENDING, Status.UNCONFIRMED, Status.PENDING,
                                                                Status.RETRYING, Status.SCHEDULED],
    ).exists()


def _earlier_due(delivery, now):
    return Delivery.objects.filter(
        Q(due_at__lt=delivery.due_at) | Q(due_at=delivery.due_at, pk__lt=delivery.pk),
        destination_id=delivery.destination_id, status__in=CLAIMABLE, next_attempt_at__lte=now,
    ).exists()


class Rests:
    """What one worker learnt while working a claimed batch: destinations to leave alone.

    A token that expires, a portal that goes down or a page nearing its rate limit
    stops the rest of the batch's deliveries to that destination, and no other,
    without another call to it.
    """

    def __init__(self):
        self.resting = {}  # destination id -> (until or None for "until a person acts", reason)

    def rest(self, destination_id, until, reason):
        self.resting[destination_id] = (until, reason)

    def resting_reason(self, destination_id):
        """(put back until, reason) while the destination rests, else None."""
        until, reason = self.resting.get(destination_id, (None, None))
        if reason is None:
            return None
        now = timezone.now()
        if until is not None and until <= now:
            del self.resting[destination_id]
            return None
        return (until or now, reason)


def _rest_destination(destination, seconds, reason, rests):
    until = _later(seconds)
    Destination.objects.filter(pk=destination.pk).filter(Q(hold_until__isnull=True) | Q(hold_until__lt=until)
                                                         ).update(hold_until=until)
    destination.hold_until = until
    rests.rest(destination.pk, until, reason)
    logger.info("destination resting destination=%s seconds=%.0f", destination.pk, seconds)


def _transmit(delivery, transmitter):
    key = delivery.idempotency_key
    if delivery.reconcile_first:
        found = transmitter.reconcile(key=key)
        if found is not None:
            logger.info("reconciled delivery=%s external_id=%s", delivery.pk, found.external_id)
            return found
    if delivery.action == Action.PUBLISH:
        return transmitter.publish(bind_renditions(delivery.payload), key=key)
    external_id = _external_id(delivery)
    if external_id is None:
        if _earlier_in_flight(delivery):
            return None  # wait for the first post to exist
        if delivery.action == Action.WITHDRAW:
            left = _left_behind(delivery, transmitter)
            if left is None:
                return Sent("", "")  # it never reached the channel: nothing to remove
            transmitter.withdraw(external_id=left.external_id, key=key)
            return left
        return transmitter.publish(bind_renditions(delivery.payload), key=key)  # the first post failed: this one creates it
    if delivery.action == Action.UPDATE:
        return transmitter.update(bind_renditions(delivery.payload), external_id=external_id, key=key)
    transmitter.withdraw(external_id=external_id, key=key)
    return Sent(external_id, "")


def delivery_attempt(delivery_id, *, registry=None):
    """One attempt at one delivery. Returns its new status, or None if it was not ours to work."""
    now = timezone.now()
    delivery = Delivery.objects.select_related("destination").filter(pk=delivery_id).first()
    if delivery is None or delivery.status not in CLAIMABLE:
        return None
    if _earlier_due(delivery, now):
        return None  # posts reach a destination in their order: drain_due takes the earlier one first
    free_at = _rate_limited(delivery.destination, now)
    if free_at is not None:
        Delivery.objects.filter(pk=delivery.pk, status__in=CLAIMABLE).update(next_attempt_at=free_at,
                                                                             enqueued_at=None)
        return delivery.status
    if not _claim(delivery_id, now):
        return None
    delivery.status, delivery.attempts, delivery.started_at = Status.SENDING, delivery.attempts + 1, now
    return work_claimed(delivery, registry=registry)


def claim_batch(limit):
    """Claim up to ``limit`` due deliveries at once (destinations without a rate limit).

    On PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, so workers
    draining together take different rows instead of queueing on the same ones.
    """
    now = timezone.now()
    # On PostgreSQL the destinations are looked up first and passed as ids rather than joined:
    # after a burst of inserts its statistics are stale and the join was planned as a nested
    # loop that took 100+ ms per batch in the fan-out benchmark. SQLite plans the subquery
    # well, where sending thousands of ids (a commune's loudspeakers each) cost more.
    destinations = Destination.objects.usable(now).filter(rate_limit_per_minute=0).values("pk")
    if connection.vendor == "postgresql":
        usable = list(destinations.values_list("pk", flat=True))
        if not usable:
            return []
        if len(usable) <= 5000:
            destinations = usable
    # In the order they were due, so a destination that was down gets its posts in order.
    due = Delivery.objects.filter(status__in=CLAIMABLE, next_attempt_at__lte=now,
                                  destination_id__in=destinations).order_by("due_at", "pk")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, status__in=CLAIMABLE).update(
            status=Status.SENDING, attempts=F("attempts") + 1, started_at=now,
            lease_until=now + datetime.timedelta(seconds=lease_seconds()))
    return list(Delivery.objects.select_related("destination").filter(pk__in=ids, status=Status.SENDING,
                                                                     started_at=now).order_by("due_at", "pk"))


def _put_back(delivery, *, at, reason):
    """Not the delivery's fault: it waits, attempt not counted, until the destination can take it."""
    return _update(delivery, status=Status.PENDING, attempts=F("attempts") - 1, next_attempt_at=at,
                   last_error=reason, lease_until=None, enqueued_at=None)


class SentOutcomes:
    """"Sent" outcomes of a drained batch, written together in one statement after its sends.

    One UPDATE (and one commit) per batch instead of one per delivery: on SQLite the
    status update was half the cost of a delivery to 3,000 communes. No transaction is
    held while transmitting. Safe for exactly-once: if the process dies before
    ``write``, the rows are still "sending", their lease runs out and the next
    attempt reconciles with the channel before sending.
    """

    def __init__(self):
        self.pending = {}  # delivery id -> (external id, external url)

    def add(self, delivery, sent):
        self.pending[delivery.pk] = (sent.external_id, sent.url[:500])
        delivery.status, delivery.external_id, delivery.external_url = Status.SENT, sent.external_id, sent.url[:500]

    def write(self):
        if not self.pending:
            return
        ids = list(self.pending)
        Delivery.objects.filter(pk__in=ids, status=Status.SENDING).update(
            status=Status.SENT, finished_at=timezone.now(), lease_until=None, last_error="", reconcile_first=False,
            external_id=Case(*[When(pk=pk, then=Value(self.pending[pk][0])) for pk in ids], output_field=CharField()),
            external_url=Case(*[When(pk=pk, then=Value(self.pending[pk][1])) for pk in ids], output_field=CharField()))
        self.pending.clear()


def work_claimed(delivery, *, registry=None, rests=None, outcomes=None):
    """Transmit a delivery this process has claimed and record the outcome.

    ``rests`` is shared by the deliveries of one drain, so what one learns about its
    destination (resting, paused) spares the others a call. With ``outcomes`` (a
    SentOutcomes), a "sent" outcome is written with the rest of the batch.
    """
    if outcomes is not None and delivery.action != Action.PUBLISH:
        outcomes.write()  # an update or withdrawal reads whether its publish was sent
    now = timezone.now()
    destination = delivery.destination
    rests = rests if rests is not None else Rests()
    resting = rests.resting_reason(destination.pk)
    if resting is not None:
        return _put_back(delivery, at=resting[0], reason=resting[1])
    registry = registry or get_registry()
    transmitter = registry.get(destination.channel).transmitter(config=destination.config, secret=destination.secret)
    try:
        sent = _transmit(delivery, transmitter)
    except UnconfirmedError as exc:
        status = _retry_or_fail(delivery, destination.get_retry_policy(), exc, status=Status.UNCONFIRMED,
                                reconcile=True)
        _rest_after_failure(delivery, destination, exc, rests)
        return status
    except RetryableError as exc:
        status = _retry_or_fail(delivery, destination.get_retry_policy(), exc, retry_after=exc.retry_after)
        if exc.whole_destination:
            _rest_after_failure(delivery, destination, exc, rests)
        return status
    except PermanentError as exc:
        return _fail(delivery, exc.user_message)
    except NeedsReauthError as exc:
        destination_needs_reauth(destination, reason=exc.user_message)
        rests.rest(destination.pk, None, f"Paused: {exc.user_message}")
        return _put_back(delivery, at=now, reason=f"Paused: {exc.user_message}")
    except Exception as exc:  # a bug in a transmitter must not lose the delivery
        logger.exception("unexpected error delivery=%s destination=%s", delivery.pk, destination.pk)
        return _retry_or_fail(delivery, destination.get_retry_policy(), exc)
    finally:
        if transmitter.slow_down:
            _rest_destination(destination, transmitter.slow_down,
                              "Waiting: the channel asked us to slow down.", rests)
    if sent is None:
        return _update(delivery, status=Status.PENDING, next_attempt_at=_later(WAIT_FOR_EARLIER_SECONDS),
                       attempts=F("attempts") - 1, lease_until=None, enqueued_at=None,
                       last_error="Waiting for the first post to this destination to finish.")
    if outcomes is not None:
        outcomes.add(delivery, sent)
        status = Status.SENT
    else:
        status = _update(delivery, status=Status.SENT, external_id=sent.external_id, external_url=sent.url[:500],
                         finished_at=timezone.now(), lease_until=None, last_error="", reconcile_first=False)
    logger.info("sent delivery=%s action=%s destination=%s external_id=%s", delivery.pk, delivery.action,
                destination.pk, sent.external_id)
    return status


def _rest_after_failure(delivery, destination, exc, rests):
    """The destination is down or throttled: its other deliveries wait as long as this one."""
    if delivery.status in (Status.RETRYING, Status.UNCONFIRMED) and delivery.next_attempt_at:
        seconds = (delivery.next_attempt_at - timezone.now()).total_seconds()
        if seconds > 0:
            _rest_destination(destination, seconds, f"Waiting: {getattr(exc, 'user_message', exc)}", rests)


def _retry_or_fail(delivery, policy, exc, *, status=Status.RETRYING, reconcile=False, retry_after=None):
    message = getattr(exc, "user_message", "") or f"{type(exc).__name__}: {exc}"
    attempts = Delivery.objects.values_list("attempts", flat=True).get(pk=delivery.pk)
    if attempts >= policy.max_attempts:
        return _fail(delivery, f"{message} (after {attempts} attempts)", reconcile=reconcile)
    delay = policy.delay(attempts, retry_after)
    logger.warning("retry delivery=%s attempt=%s in=%.0fs: %s", delivery.pk, attempts, delay, message)
    return _update(delivery, status=status, next_attempt_at=_later(delay), last_error=message,
                   lease_until=None, enqueued_at=None, reconcile_first=reconcile or delivery.reconcile_first)


def _fail(delivery, message, *, reconcile=False):
    status = _update(delivery, status=Status.FAILED, last_error=message, finished_at=timezone.now(),
                     lease_until=None, reconcile_first=reconcile or delivery.reconcile_first)
    logger.warning("failed delivery=%s destination=%s: %s", delivery.pk, delivery.destination_id, message)
    notify_delivery_failed(Delivery.objects.select_related("destination", "page", "revision").get(pk=delivery.pk))
    return status


# --- changes people make ---------------------------------------------------------
def _check_can_manage(delivery, user):
    if user is None or user.is_superuser:
        return
    page = delivery.page
    if page is None or not page.permissions_for_user(user).can_edit():
        raise PermissionDenied("You cannot manage deliveries of this item")


def delivery_retry(*, delivery, user=None):
    """Send again now: a failed, cancelled, retrying or unconfirmed delivery."""
    from publishing.services.outbox import enqueue_on_commit

    _check_can_manage(delivery, user)
    if not delivery.can_retry:
        raise ValueError(f"delivery {delivery.pk} is {delivery.status}; it cannot be retried")
    reconcile = delivery.reconcile_first or delivery.status == Status.UNCONFIRMED or delivery.attempts > 0
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.PENDING, next_attempt_at=timezone.now(), finished_at=None, enqueued_at=None,
        attempts=0, reconcile_first=reconcile, last_error="")
    logger.info("retry requested delivery=%s user=%s", delivery.pk, getattr(user, "pk", None))
    enqueue_on_commit([delivery.pk])


def delivery_cancel(*, delivery, user=None):
    _check_can_manage(delivery, user)
    updated = Delivery.objects.filter(pk=delivery.pk, status__in=[Status.SCHEDULED, Status.PENDING, Status.RETRYING]
                                      ).update(status=Status.CANCELLED, finished_at=timezone.now(),
                                               last_error="Cancelled by a person.")
    if not updated:
        raise ValueError(f"delivery {delivery.pk} is {delivery.status}; it cannot be cancelled")
    logger.info("cancelled delivery=%s user=%s", delivery.pk, getattr(user, "pk", None))


def destination_needs_reauth(destination, *, reason):
    changed = Destination.objects.filter(pk=destination.pk).exclude(health=Destination.Health.NEEDS_REAUTH).update(
        health=Destination.Health.NEEDS_REAUTH, health_reason=reason, health_changed_at=timezone.now())
    if changed:
        destination.refresh_from_db()
        logger.warning("destination needs re-authorisation destination=%s", destination.pk)
        notify_needs_reauth(destination)


def destination_resume(*, destination, user=None):
    """Credentials fixed: the destination works again and its waiting deliveries go out."""
    Destination.objects.filter(pk=destination.pk).update(health=Destination.Health.OK, health_reason="",
                                                         health_changed_at=timezone.now())
    Delivery.objects.filter(destination=destination, status__in=CLAIMABLE).update(
        next_attempt_at=timezone.now(), enqueued_at=None)
    logger.info("destination resumed destination=%s user=%s", destination.pk, getattr(user, "pk", None))
