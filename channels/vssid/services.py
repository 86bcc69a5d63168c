"""Writes to the feed: an entry published or replaced, withdrawn, or acknowledged by the ingest.

Each write names the delivery's idempotency key. Writing with the key that
wrote last changes nothing, so a delivery worked twice neither moves the
entry's ``modified_at`` (the feed's ETag and Last-Modified) nor shows anything twice.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from channels.vssid.models import FeedEntry

logger = logging.getLogger(__name__)


def entry_write(*, unit, payload, key):
    """Put the payload's entry in ``unit``'s feed (new, replaced, or back after a withdrawal)."""
    item = payload["entry"]
    published = parse_datetime(item.get("date_published", "")) or timezone.now()
    with transaction.atomic():
        entry = FeedEntry.objects.select_for_update().filter(unit=unit, uri=item["id"]).first()
        if entry is not None and entry.last_key == key:
            return entry  # this delivery already wrote it
        now = timezone.now()
        if entry is None:
            entry = FeedEntry(unit=unit, uri=item["id"])
        entry.language, entry.item, entry.published_at = payload["language"], item, published
        entry.modified_at, entry.withdrawn_at, entry.last_key = now, None, key
        entry.save()
    logger.info("vssid entry written entry=%s unit=%s language=%s", entry.pk, unit.code, entry.language)
    return entry


def entry_withdraw(*, entry, key):
    """Drop the entry from its feed, keeping a tombstone."""
    with transaction.atomic():
        entry = FeedEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.withdrawn_at is not None:
            return entry
        entry.withdrawn_at = entry.modified_at = timezone.now()
        entry.last_key = key
        entry.save(update_fields=["withdrawn_at", "modified_at", "last_key"])
    logger.info("vssid entry withdrawn entry=%s unit=%s", entry.pk, entry.unit_id)
    return entry


def entry_pushed(*, entry, key):
    """The ingest acknowledged the write made with ``key``."""
    FeedEntry.objects.filter(pk=entry.pk).update(pushed_key=key)
    entry.pushed_key = key
