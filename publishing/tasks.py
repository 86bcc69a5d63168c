"""Celery entry points. Each takes ids, reloads, re-checks state and calls a service."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from publishing.models import Heartbeat
from publishing.services.deliveries import delivery_attempt
from publishing.services.dispatcher import dispatch_due, drain_due
from publishing.services.notifications import notify_went_live

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver(delivery_id):
    delivery_attempt(delivery_id)
    drain_due(budget_seconds=settings.PUBLISHING_DRAIN_SECONDS)


@shared_task(ignore_result=True)
def dispatch_due_deliveries():
    dispatch_due()


@shared_task(acks_late=True, ignore_result=True)
def publish_scheduled_pages():
    """Publish approved revisions whose go-live time has come.

    Wagtail's own `publish_scheduled` command does the same without a transaction;
    here each publish and the deliveries it creates commit together. Wagtail only
    ever schedules the revision an approver approved, so running twice is harmless.
    """
    due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).order_by("approved_go_live_at")
    for revision_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            revision = Revision.objects.select_for_update().filter(pk=revision_id,
                                                                   approved_go_live_at__isnull=False).first()
            if revision is not None and revision.approved_go_live_at < timezone.now():
                revision.publish(log_action="wagtail.publish.scheduled")
                logger.info("scheduled publish revision=%s", revision_id)
                transaction.on_commit(lambda rid=revision_id: notify_went_live(rid))


@shared_task(ignore_result=True, expires=30)
def heartbeat():
    """Run by a worker every few seconds: the health check reads when it last ran."""
    Heartbeat.objects.update_or_create(name="worker", defaults={"seen_at": timezone.now()})
