"""Driving the outbox from a test: a dispatcher pass, and the passing of time."""

import datetime

from django.utils import timezone

from publishing.models import Delivery, Destination
from publishing.services.dispatcher import dispatch_due

Status = Delivery.Status


def work(times=1):
    """Run the dispatcher inline, as a worker would; ``times`` passes."""
    for _ in range(times):
        dispatch_due(inline=True)


def let_time_pass():
    """Every waiting delivery and every resting destination is due."""
    Delivery.objects.filter(status__in=[Status.RETRYING, Status.UNCONFIRMED, Status.PENDING]).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    Destination.objects.update(hold_until=None)
