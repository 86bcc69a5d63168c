"""The dispatcher: a pass over the outbox, run by beat every few seconds (or by cron
through `manage.py dispatch_due`). Nothing depends on the enqueue at publish time
having worked: every due row is found here again."""

import datetime
import logging
import time
from dataclasses import dataclass
from itertools import accumulate

from django.db.models import Q
from django.utils import timezone

from publishing.models import Delivery
from publishing.queueing import enqueue
from publishing.services.deliveries import (Rests, SentOutcomes, _call_seconds, claim_batch, delivery_attempt, renew,
                                           work_claimed)

logger = logging.getLogger(__name__)
Status = Delivery.Status
REENQUEUE_AFTER = datetime.timedelta(seconds=15)


@dataclass
class DispatchSummary:
    recovered: int = 0
    queued: int = 0

    def __str__(self):
        return f"{self.queued} queued, {self.recovered} recovered from lost workers"


def dispatch_due(*, now=None, limit=2000, inline=False):
    """Recover deliveries whose worker died, then queue (or, ``inline``, work) what is due."""
    now = now or timezone.now()
    summary = DispatchSummary()
    # Only rows whose own lease has run out: a single-table conditional UPDATE, re-checked per row,
    # so a worker that renewed its lease a moment ago keeps the row. Clearing the token fences it off.
    summary.recovered = Delivery.objects.stuck(now).update(
        status=Status.UNCONFIRMED, reconcile_first=True, next_attempt_at=now, lease_until=None, enqueued_at=None,
        claim_token=None,
        last_error="The worker stopped while sending; the channel is checked before anything is sent again.")
    if summary.recovered:
        logger.warning("recovered %s deliveries from lost workers", summary.recovered)
        # A worker that died may have taken queued messages with it: queue everything due again
        # (a delivery that is queued twice is still worked once).
        Delivery.objects.due(now).update(enqueued_at=None)
    Delivery.objects.filter(status=Status.SCHEDULED, next_attempt_at__lte=now).update(status=Status.PENDING)
    due = (Delivery.objects.due(now)
           .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REENQUEUE_AFTER))
           .order_by("due_at", "pk").values_list("pk", flat=True)[:limit])
    ids = list(due)
    if inline:
        for delivery_id in ids:
            delivery_attempt(delivery_id)
        summary.queued = len(ids)
    else:
        summary.queued = enqueue(ids)
    return summary


def drain_due(*, budget_seconds, batch=25):
    """Work due deliveries in this process until none is due or the budget is spent.

    A worker that has just finished one delivery takes the next ones itself rather
    than waiting for the broker to hand it one message per poll: fan-out to a
    thousand destinations then runs at the speed of the channels, not of the queue.
    Claims are atomic, so several workers draining at once never send one twice.
    """
    # No transaction around a batch: each claim, renewal and outcome commits on its own, and no
    # row lock is held while a channel is called. The "sent" outcomes of a batch are still
    # written in one statement (SentOutcomes), which is what kept the fan-out fast.
    deadline = time.monotonic() + budget_seconds
    worked = 0
    rests = Rests()
    calls = {}  # (channel, config) -> call seconds, for the whole drain: a fan-out repeats a few configs
    while time.monotonic() < deadline:
        claimed = claim_batch(batch)
        if not claimed:
            break
        seconds = [_call_seconds(d.destination.channel, d.destination.config, calls) for d in claimed]
        # From each row on, the longest call among the rows still waiting (computed once, not per row).
        longest = list(accumulate(reversed(seconds), max))[::-1]
        outcomes = SentOutcomes()
        try:
            for index, delivery in enumerate(claimed):
                # The rest of the batch waits while this one is sent: keep their leases alive.
                renew(claimed[index:], longest[index])
                work_claimed(delivery, rests=rests, outcomes=outcomes)
                worked += 1
        finally:
            outcomes.write()
    return worked
