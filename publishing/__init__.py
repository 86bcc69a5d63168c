"""The outbox: deliveries of approved revisions to channels, worked by Celery."""

from publishing.celery import app as celery_app

__all__ = ["celery_app"]
