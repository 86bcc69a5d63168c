"""The Celery app: `celery -A publishing worker` and `celery -A publishing beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

app = Celery("publishing")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["publishing"])
