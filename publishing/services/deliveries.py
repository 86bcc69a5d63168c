"""Working one delivery: claim it, call its channel, record what happened.

Safe to run twice and from several workers (docs/exactly-once.md):
- a claim is one conditional UPDATE of the delivery row alone, whose own WHERE
  carries the status and due time, so the database lets one claim win;
- each claim writes a fencing token and a lease derived from the channel's
  timeout; before every call to the channel the worker makes sure its lease
  outlasts the call (renewing it with an UPDATE that names the token), and
  every outcome is written only where the token still matches;
- the dispatcher takes back a row only when its lease has run out, and the next
  attempt asks the channel first (reconcile) instead of sending again;
- at most one delivery per destination is "sending" (a partial unique index),
  started in the order they were due, so an edit never overtakes its publish.
No transaction is open while a channel is called.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from channels.base import Sent
from channels.content import bind_renditions
from channels.exceptions import NeedsReauthError, PermanentError, RetryableError, UnconfirmedError
from channels.registry import get_registry
from publishing.models import Delivery, Destination
from publishing.queueing import enqueue_on_commit
from publishing.selectors.live import presence_at
from publishing.services.notifications import notify_delivery_failed, notify_needs_reauth

logger = logging.getLogger(__name__)

Action, Status = Delivery.Action, Delivery.Status
CLAIMABLE = [Status.SCHEDULED, Status.PENDING, Status.RETRYING, Status.UNCONFIRMED]
WAIT_FOR_EARLIER_SECONDS = 15


def margin_seconds():
    return float(getattr(settings, "PUBLISHING_LEASE_MARGIN_SECONDS", 30))


def lease_seconds(call_seconds):
    """A lease long enough for one call plus the time until the next renewal check, plus the margin."""
    return 2 * call_seconds + margin_seconds()


def _later(seconds):
    return timezone.now() + datetime.timedelta(seconds=seconds)


class ClaimLost(Exception):
    """The row is no longer this worker's (its lease ran out and it was taken back): send nothing more."""


def _call_seconds(destination_channel, config, cache=None):
    key = (destination_channel, repr(sorted((config or {}).items())))
    if cache is not None and key in cache:
        return cache[key]
    seconds = get_registry().get(destination_channel).transmitter(config=config or {}).call_seconds()
    if cache is not None:
        cache[key] = seconds
    return seconds


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


def _claim_rows(ids, now, token, lease):
    """The claim: one UPDATE of the delivery table alone, its WHERE re-checked by the database.

    PostgreSQL re-evaluates this WHERE on the newest row version under READ COMMITTED,
    so of two workers claiming one row, the second updates nothing. A destination
    with an ordered delivery already sending refuses the row (the partial unique index).
    """
    claimable = Delivery.objects.filter(status__in=CLAIMABLE, next_attempt_at__lte=now)
    values = dict(status=Status.SENDING, claim_token=token, attempts=F("attempts") + 1, started_at=now,
                  lease_until=now + datetime.timedelta(seconds=lease))
    try:
        with transaction.atomic():
            return claimable.filter(pk__in=ids).update(**values)
    except IntegrityError:
        if len(ids) == 1:
            return 0  # another delivery to this destination is in flight: this one waits its turn
    claimed = 0
    for pk in ids:  # one of the batch's destinations became busy meanwhile: claim the others one by one
        try:
            with transaction.atomic():
                claimed += claimable.filter(pk=pk).update(**values)
        except IntegrityError:
            pass
    return claimed


def _claim(delivery_id, now, *, lease=None):
    """Claim one delivery; its fencing token, or None if it was not ours to take."""
    if lease is None:
        row = Delivery.objects.filter(pk=delivery_id).values("destination__channel", "destination__config").first()
        if row is None:
            return None
        lease = lease_seconds(_call_seconds(row["destination__channel"], row["destination__config"]))
    token = uuid.uuid4()
    return token if _claim_rows([delivery_id], now, token, lease) else None


def _update(delivery, **values):
    """Record an outcome, only where this worker's claim still holds the row."""
    updated = Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING, claim_token=delivery.claim_token
                                      ).update(**values)
    if not updated:
        logger.warning("outcome not recorded delivery=%s: the row was taken back from this worker", delivery.pk)
        return None
    for key, value in values.items():
        setattr(delivery, key, value)
    return delivery.status


def _earlier_due(delivery, now):
    """Another delivery to this destination goes first: one is sending, or an earlier one is due."""
    return Delivery.objects.filter(
        Q(status=Status.SENDING, ordered=True)
        | (Q(due_at__lt=delivery.due_at) | Q(due_at=delivery.due_at, pk__lt=delivery.pk))
        & Q(status__in=CLAIMABLE, next_attempt_at__lte=now),
        destination_id=delivery.destination_id,
    ).exclude(pk=delivery.pk).exists()


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


def hold(delivery, call_seconds):
    """Before a call to the channel: make sure this worker still owns ``delivery`` for the whole call.

    The lease this worker last wrote (by a conditional UPDATE naming its token) is
    known; while it outlasts the call plus the margin, nobody else may touch the row
    (every other writer needs the lease run out or the token), so no round trip is
    needed. Otherwise the lease is renewed, again only where the token matches and the
    lease has not run out; if that updates nothing the row was taken back: ClaimLost.
    """
    now = timezone.now()
    needed = datetime.timedelta(seconds=call_seconds + margin_seconds())
    if delivery.lease_until is not None and delivery.lease_until - now >= needed:
        return
    until = now + datetime.timedelta(seconds=lease_seconds(call_seconds))
    renewed = Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING, claim_token=delivery.claim_token,
                                      lease_until__gt=now).update(lease_until=until)
    if not renewed:
        raise ClaimLost(delivery.pk)
    delivery.lease_until = until


def renew(deliveries, call_seconds):
    """Renew the leases of the rest of a claimed batch at once, when they would not outlast a call."""
    now = timezone.now()
    needed = datetime.timedelta(seconds=call_seconds + margin_seconds())
    short = [d for d in deliveries if d.lease_until is None or d.lease_until - now < needed]
    if not short:
        return
    until = now + datetime.timedelta(seconds=lease_seconds(call_seconds))
    renewed = Delivery.objects.filter(pk__in=[d.pk for d in short], status=Status.SENDING,
                                      claim_token__in={d.claim_token for d in short}, lease_until__gt=now
                                      ).update(lease_until=until)
    if renewed == len(short):
        for delivery in short:
            delivery.lease_until = until
    # Otherwise some were taken back: each is confirmed on its own (hold) before it is sent.


class _Guarded:
    """The transmitter, with the delivery's ownership confirmed before each call to the channel."""

    def __init__(self, transmitter, delivery):
        self.transmitter, self.delivery = transmitter, delivery
        self.seconds = transmitter.call_seconds()

    def __getattr__(self, name):
        attribute = getattr(self.transmitter, name)
        if name not in ("publish", "update", "withdraw", "reconcile", "written"):
            return attribute

        def call(*args, **kwargs):
            hold(self.delivery, self.seconds)
            return attribute(*args, **kwargs)

        return call


def _left_behind(transmitter, keys):
    """Posts that earlier attempts (failed, cancelled, superseded) wrote, found by their keys."""
    found = []
    for key in keys:
        sent = transmitter.written(key=key)
        if sent is not None and sent.external_id and sent.external_id not in [s.external_id for s in found]:
            found.append(sent)
    return found


def _transmit(delivery, transmitter):
    key = delivery.idempotency_key
    if delivery.reconcile_first and delivery.action != Action.WITHDRAW:
        found = transmitter.reconcile(key=key)
        if found is not None:
            logger.info("reconciled delivery=%s external_id=%s", delivery.pk, found.external_id)
            return found
    if delivery.action == Action.PUBLISH and not delivery.reconcile_first:
        return transmitter.publish(bind_renditions(delivery.payload), key=key)  # nothing was there before
    here = presence_at(delivery.page_id, delivery.destination_id, exclude=delivery.pk)
    if delivery.action == Action.WITHDRAW:
        # Everything that may be live: the posts sent, and those earlier attempts left behind.
        ids = list(here.external_ids)
        ids += [sent.external_id for sent in _left_behind(transmitter, here.maybe_keys) if sent.external_id not in ids]
        for external_id in ids:
            transmitter.withdraw(external_id=external_id, key=key)
        if len(ids) > 1:
            logger.info("withdrew delivery=%s posts=%s", delivery.pk, ",".join(ids))
        return Sent(ids[0] if ids else "", "")  # none: it never reached the channel, nothing to remove
    if delivery.action == Action.UPDATE and here.earlier_open(delivery.pk):
        return None  # wait for the first post to exist
    targets = list(here.external_ids) or [sent.external_id for sent in _left_behind(transmitter, here.maybe_keys)]
    if not targets:
        return transmitter.publish(bind_renditions(delivery.payload), key=key)  # the first post failed: this creates it
    sent = None
    for external_id in targets:  # every copy there shows the approved revision
        result = transmitter.update(bind_renditions(delivery.payload), external_id=external_id, key=key)
        sent = sent or result
    return sent


def delivery_attempt(delivery_id, *, registry=None):
    """One attempt at one delivery. Returns its new status, or None if it was not ours to work."""
    now = timezone.now()
    delivery = Delivery.objects.select_related("destination").filter(pk=delivery_id).first()
    if delivery is None or delivery.status not in CLAIMABLE or delivery.next_attempt_at > now:
        return None
    if not Destination.objects.usable(now).filter(pk=delivery.destination_id).exists():
        return None  # checked apart from the claim, which touches the delivery row alone
    if delivery.ordered and _earlier_due(delivery, now):
        return None  # posts reach a destination one at a time, in their order: the earlier one goes first
    free_at = _rate_limited(delivery.destination, now)
    if free_at is not None:
        Delivery.objects.filter(pk=delivery.pk, status__in=CLAIMABLE).update(next_attempt_at=free_at,
                                                                             enqueued_at=None)
        return delivery.status
    lease = lease_seconds(_call_seconds(delivery.destination.channel, delivery.destination.config))
    token = _claim(delivery_id, now, lease=lease)
    if token is None:
        return None
    delivery.status, delivery.attempts, delivery.started_at = Status.SENDING, delivery.attempts + 1, now
    delivery.claim_token, delivery.lease_until = token, now + datetime.timedelta(seconds=lease)
    return work_claimed(delivery, registry=registry)


def claim_batch(limit):
    """Claim up to ``limit`` due deliveries at once (destinations without a rate limit), one per destination.

    The candidates are read first (on PostgreSQL with FOR UPDATE SKIP LOCKED, in a
    short transaction, so workers draining together take different rows); the claim
    itself is the conditional UPDATE of _claim_rows. Destinations are checked here,
    apart from that UPDATE.
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
    busy = Delivery.objects.filter(status=Status.SENDING, ordered=True).values("destination_id")
    # In the order they were due, so a destination gets its posts in order.
    due = (Delivery.objects.filter(status__in=CLAIMABLE, next_attempt_at__lte=now, destination_id__in=destinations)
           .exclude(destination_id__in=busy).order_by("due_at", "pk"))
    columns = ("pk", "destination_id", "ordered", "destination__channel", "destination__config")
    token = uuid.uuid4()
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        rows = list(due.values_list(*columns)[:limit * 2])
        ids, seen, cache, call = [], set(), {}, 0.0
        for pk, destination_id, ordered, channel, config in rows:
            if ordered and destination_id in seen:
                continue  # the destination's next post waits for this one
            seen.add(destination_id)
            ids.append(pk)
            call = max(call, _call_seconds(channel, config, cache))
            if len(ids) == limit:
                break
        if not ids or not _claim_rows(ids, now, token, lease_seconds(call)):
            return []
    return list(Delivery.objects.select_related("destination").filter(claim_token=token, status=Status.SENDING)
                .order_by("due_at", "pk"))


def _put_back(delivery, *, at, reason):
    """Not the delivery's fault: it waits, attempt not counted, until the destination can take it."""
    return _update(delivery, status=Status.PENDING, attempts=F("attempts") - 1, next_attempt_at=at,
                   last_error=reason, lease_until=None, enqueued_at=None, claim_token=None)


def _by_id(values):
    """``CASE id WHEN … THEN … END``: a value per row of one UPDATE, {delivery id: text}.

    Written as SQL because Case(When(pk=…)) resolves one ORM lookup per row: about
    10 ms of a worker's CPU per batch of 25, a fifth of the fan-out's worker time.
    """
    quote = connection.ops.quote_name
    column = f"{quote(Delivery._meta.db_table)}.{quote(Delivery._meta.pk.column)}"
    params = [value for pair in values.items() for value in pair]
    return RawSQL(f"CASE {column}" + " WHEN %s THEN %s" * len(values) + " END", params, output_field=CharField())


class SentOutcomes:
    """"Sent" outcomes of a drained batch, written together in one statement after its sends.

    One UPDATE (and one commit) per batch instead of one per delivery: on SQLite the
    status update was half the cost of a delivery to 3,000 communes. No transaction is
    held while transmitting. Safe for exactly-once: if the process dies before
    ``write``, the rows are still "sending", their lease runs out and the next
    attempt reconciles with the channel before sending. Written only where the
    batch's claim still holds the row.
    """

    def __init__(self):
        self.pending = {}  # delivery id -> (external id, external url)
        self.tokens = set()

    def add(self, delivery, sent):
        self.pending[delivery.pk] = (sent.external_id, sent.url[:500])
        self.tokens.add(delivery.claim_token)
        delivery.status, delivery.external_id, delivery.external_url = Status.SENT, sent.external_id, sent.url[:500]

    def write(self):
        if not self.pending:
            return
        ids = list(self.pending)
        written = Delivery.objects.filter(pk__in=ids, status=Status.SENDING, claim_token__in=self.tokens).update(
            status=Status.SENT, finished_at=timezone.now(), lease_until=None, last_error="", reconcile_first=False,
            claim_token=None, external_id=_by_id({pk: sent[0] for pk, sent in self.pending.items()}),
            external_url=_by_id({pk: sent[1] for pk, sent in self.pending.items()}))
        if written < len(ids):
            logger.warning("%s sent outcomes not recorded: taken back from this worker; reconcile confirms them",
                           len(ids) - written)
        self.pending.clear()
        self.tokens.clear()


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
    guarded = _Guarded(transmitter, delivery)
    try:
        sent = _transmit(delivery, guarded)
    except ClaimLost:
        logger.warning("claim lost delivery=%s: taken back by the dispatcher; this worker sends nothing more",
                       delivery.pk)
        return None
    except UnconfirmedError as exc:
        status = _retry_or_fail(delivery, destination.get_retry_policy(), exc, status=Status.UNCONFIRMED,
                                reconcile=True)
        _rest_after_failure(delivery, destination, exc, rests)
        return status
    except RetryableError as exc:
        # A refused create may have been stored all the same (a 500 after the write): look first next time.
        status = _retry_or_fail(delivery, destination.get_retry_policy(), exc, retry_after=exc.retry_after,
                                reconcile=delivery.action == Action.PUBLISH, counted=exc.counts_as_attempt)
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
                       attempts=F("attempts") - 1, lease_until=None, enqueued_at=None, claim_token=None,
                       last_error="Waiting for the first post to this destination to finish.")
    if outcomes is not None:
        outcomes.add(delivery, sent)
        status = Status.SENT
    else:
        status = _update(delivery, status=Status.SENT, external_id=sent.external_id, external_url=sent.url[:500],
                         finished_at=timezone.now(), lease_until=None, last_error="", reconcile_first=False,
                         claim_token=None)
    logger.info("sent delivery=%s action=%s destination=%s external_id=%s", delivery.pk, delivery.action,
                destination.pk, sent.external_id)
    return status


def _rest_after_failure(delivery, destination, exc, rests):
    """The destination is down or throttled: its other deliveries wait as long as this one."""
    if delivery.status in (Status.RETRYING, Status.UNCONFIRMED) and delivery.next_attempt_at:
        seconds = (delivery.next_attempt_at - timezone.now()).total_seconds()
        if seconds > 0:
            _rest_destination(destination, seconds, f"Waiting: {getattr(exc, 'user_message', exc)}", rests)


def _retry_or_fail(delivery, policy, exc, *, status=Status.RETRYING, reconcile=False, retry_after=None,
                   counted=True):
    """Try again after the policy's backoff (``retry_after`` its floor), or fail after the last attempt.

    ``counted=False``: a wait whose end the channel knew (a spent daily quota). Nothing failed,
    so the attempt is given back and the wait is exactly ``retry_after``, however many days.
    """
    message = getattr(exc, "user_message", "") or f"{type(exc).__name__}: {exc}"
    if not counted:
        delay, extra = retry_after or 0, {"attempts": F("attempts") - 1}
        logger.info("waiting delivery=%s in=%.0fs, attempt not counted: %s", delivery.pk, delay, message)
    else:
        attempts = Delivery.objects.values_list("attempts", flat=True).get(pk=delivery.pk)
        if attempts >= policy.max_attempts:
            return _fail(delivery, f"{message} (after {attempts} attempts)", reconcile=reconcile)
        delay, extra = policy.delay(attempts, retry_after), {}
        logger.warning("retry delivery=%s attempt=%s in=%.0fs: %s", delivery.pk, attempts, delay, message)
    return _update(delivery, status=status, next_attempt_at=_later(delay), last_error=message, claim_token=None,
                   lease_until=None, enqueued_at=None, reconcile_first=reconcile or delivery.reconcile_first, **extra)


def _fail(delivery, message, *, reconcile=False):
    status = _update(delivery, status=Status.FAILED, last_error=message, finished_at=timezone.now(),
                     lease_until=None, claim_token=None, reconcile_first=reconcile or delivery.reconcile_first)
    if status is None:
        return None
    logger.warning("failed delivery=%s destination=%s: %s", delivery.pk, delivery.destination_id, message)
    notify_delivery_failed(Delivery.objects.select_related("destination", "page", "revision").get(pk=delivery.pk))
    return status


# --- changes people make ---------------------------------------------------------
# Who may is decided by publishing/actions/ (RetryDelivery, CancelDelivery); these only make
# the change, and ``user`` is only logged.
def delivery_retry(*, delivery, user=None):
    """Send again now: a failed, cancelled, retrying or unconfirmed delivery."""
    if not delivery.can_retry:
        raise ValueError(f"delivery {delivery.pk} is {delivery.status}; it cannot be retried")
    reconcile = delivery.reconcile_first or delivery.status == Status.UNCONFIRMED or delivery.attempts > 0
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.PENDING, next_attempt_at=timezone.now(), finished_at=None, enqueued_at=None,
        attempts=0, reconcile_first=reconcile, last_error="")
    logger.info("retry requested delivery=%s user=%s", delivery.pk, getattr(user, "pk", None))
    enqueue_on_commit([delivery.pk])


def delivery_cancel(*, delivery, user=None):
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
