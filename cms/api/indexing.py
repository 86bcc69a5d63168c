"""Writes to the API's read model (cms.models.PublishedItem): one row per live item.

Called from Wagtail's publish and unpublish signals (cms.api.signals), inside the
transaction that publishes, so the API never shows an item that did not go live,
and by ``manage.py api_index`` to rebuild everything.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cms.api.documents import TYPE_NAMES, item_document, search_text
from cms.models import ContentPage, PublishedIndexState, PublishedItem

logger = logging.getLogger(__name__)


def published_index_touch():
    """A new ETag and Last-Modified for every public read: something public changed."""
    # Last-Modified has whole seconds: each change takes a later second than any client can
    # have seen, or a read and a publish within one second would leave If-Modified-Since current.
    now = timezone.now().replace(microsecond=0) + datetime.timedelta(seconds=1)
    previous = PublishedIndexState.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    if previous is not None and previous >= now:
        now = previous + datetime.timedelta(seconds=1)
    if not PublishedIndexState.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        PublishedIndexState.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})


def published_item_row(page, document=None):
    """The (unsaved) row and its taxonomy ids for a live ``page``."""
    document = document or item_document(page)
    unit = page.org_unit
    row = PublishedItem(
        page_id=page.pk,
        content_type=TYPE_NAMES[type(page)],
        locale_id=page.locale_id,
        translation_key=page.translation_key,
        title=page.title,
        org_unit_id=page.org_unit_id,
        province_id=unit.province.pk if unit is not None and unit.province else None,
        campaign_id=page.campaign_id,
        image_id=(document["image"] or {}).get("id"),
        first_published_at=page.first_published_at or timezone.now(),
        last_published_at=page.last_published_at or page.first_published_at or timezone.now(),
        search_text=search_text(document),
        document=document,
    )
    areas = [area.pk for area in page.policy_areas.all()]
    groups = [group.pk for group in page.audience_groups.all()]
    return row, areas, groups


def published_item_save(*, page):
    """Write the public document of ``page`` if it is live; remove it otherwise."""
    page = page.specific
    if not isinstance(page, ContentPage):
        return None
    if not page.live:
        return published_item_delete(page_id=page.pk)
    row, areas, groups = published_item_row(page)
    with transaction.atomic():
        row.save()
        row.policy_areas.set(areas)
        row.audience_groups.set(groups)
        published_index_touch()
    logger.info("api item written page=%s type=%s locale=%s", page.pk, row.content_type, page.locale_id)
    return row


def published_item_delete(*, page_id):
    """The item is no longer public (withdrawn, expired, deleted)."""
    with transaction.atomic():
        deleted, _ = PublishedItem.objects.filter(page_id=page_id).delete()
        published_index_touch()
    if deleted:
        logger.info("api item removed page=%s", page_id)
    return None


def published_index_rebuild(*, batch_size=500):
    """Rebuild every row from the live pages; returns how many items are public."""
    from cms.models import CONTENT_TYPES

    count = 0
    with transaction.atomic():
        PublishedItem.objects.all().delete()
        for model in CONTENT_TYPES:
            pages = (model.objects.live().select_related("locale__language", "org_unit__parent", "campaign")
                     .prefetch_related("policy_areas", "audience_groups"))
            for page in pages.iterator(chunk_size=batch_size):
                row, areas, groups = published_item_row(page)
                row.save(force_insert=True)
                row.policy_areas.set(areas)
                row.audience_groups.set(groups)
                count += 1
        published_index_touch()
    logger.info("api index rebuilt items=%s", count)
    return count
