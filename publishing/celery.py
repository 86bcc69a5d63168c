"""The Celery app: `celery -A publishing worker` and `celery -A publishing beat`."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

app = Celery("publishing")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Every installed app's tasks.py (the channels' too), once Django is set up.
app.autodiscover_tasks()


@signals.worker_ready.connect
def _worker_ready(**kwargs):
    """Say hello at start, so the health check does not wait for the first scheduled heartbeat."""
    from django.utils import timezone

    from publishing.models import Heartbeat

    Heartbeat.objects.update_or_create(name="worker", defaults={"seen_at": timezone.now()})
