"""Queueing publishing tasks: the one place the services hand work to Celery.

Tasks import the services and the services never import the tasks: a task is
sent here by its *name*. When the task module is loaded (always in a worker;
PublishingConfig.ready() loads it in the web process too) ``signature(name)``
resolves to the task itself, so its options and eager mode in tests still
apply; otherwise Celery sends it by name.
"""

import logging

from django.db import transaction
from django.utils import timezone

from publishing.celery import app
from publishing.models import Delivery

logger = logging.getLogger(__name__)

DELIVER = "publishing.tasks.deliver"
PUBLISH_SCHEDULED = "publishing.tasks.publish_scheduled_pages"


def enqueue_on_commit(ids):
    if ids:
        transaction.on_commit(lambda: enqueue(ids))


WAKE_TASKS = 16
# How long queueing may keep an approval waiting when the broker is down or hangs; then the
# dispatcher's next pass (every few seconds) finds the rows instead.
BROKER_SECONDS = 1.0


def _broker():
    """A connection to the broker that gives up fast: no retries, short connect and socket timeouts."""
    options = {**(app.conf.broker_transport_options or {}), "socket_connect_timeout": BROKER_SECONDS,
               "socket_timeout": BROKER_SECONDS, "max_retries": 0}
    return app.connection_for_write(connect_timeout=BROKER_SECONDS, transport_options=options)


def enqueue(ids):
    """Hand deliveries to Celery. A broker that is down loses nothing: the dispatcher retries.

    Each task works its own delivery and then drains whatever else is due, so a
    fan-out to a thousand destinations needs only enough tasks to wake every
    worker process; deliveries to rate-limited destinations get a task each.
    Every row is marked as queued so the dispatcher leaves it alone for a while.
    """
    ids = list(ids)
    limited = set(Delivery.objects.filter(pk__in=ids, destination__rate_limit_per_minute__gt=0)
                  .values_list("pk", flat=True))
    wake = [pk for pk in ids if pk not in limited][:WAKE_TASKS] + [pk for pk in ids if pk in limited]
    try:
        with _broker() as connection:
            connection.ensure_connection(max_retries=0)  # one try: the dispatcher is the retry
            for delivery_id in wake:
                app.signature(DELIVER).apply_async((delivery_id,), retry=False, connection=connection)
    except Exception as exc:  # kombu raises various connection errors; the row is the truth
        logger.warning("enqueue failed deliveries=%s: %s; the dispatcher will pick them up", len(ids),
                       type(exc).__name__)
        return 0
    Delivery.objects.filter(pk__in=ids).update(enqueued_at=timezone.now())
    return len(ids)


def schedule_go_live(revision):
    """An approved revision that goes live later: wake a worker at that moment.

    Beat's publish_scheduled pass every few seconds stays as the safety net; this
    makes go-live punctual. Publishing twice is harmless: Wagtail clears the
    schedule when it publishes.
    """
    revision.refresh_from_db(fields=["approved_go_live_at"])
    go_live_at = revision.approved_go_live_at
    if go_live_at is None:
        return

    def send():
        try:
            with _broker() as connection:
                connection.ensure_connection(max_retries=0)
                app.signature(PUBLISH_SCHEDULED).apply_async(eta=go_live_at, retry=False, connection=connection)
        except Exception as exc:  # broker down: beat's pass publishes it
            logger.warning("could not queue go-live revision=%s: %s", revision.pk, type(exc).__name__)

    transaction.on_commit(send)
