"""Celery entry points of the media app. Each takes ids, reloads and calls a service."""

from celery import shared_task

from media.renditions import make_channel_renditions


@shared_task(acks_late=True, ignore_result=True)
def make_renditions(image_ids):
    """Every channel rendition of these images, made ahead of the item going out (safe to run twice)."""
    make_channel_renditions(image_ids)
