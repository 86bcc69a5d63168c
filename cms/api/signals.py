"""Keeps the API's read model in step with what is live.

Wagtail's page_published and page_unpublished signals are the bridge, as they
are for the outbox; deleting a page deletes its row (the foreign key cascades)
and the page's post_delete bumps the ETag.
"""

from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move


def on_page_published(sender, instance, revision, **kwargs):
    from cms.api.indexing import published_item_save

    # A revision approved for a later go-live is "published" in the signal's sense but
    # not live yet: the row is written when publish_scheduled makes it live.
    if instance.live and instance.live_revision_id == revision.pk:
        published_item_save(page=instance)


def on_page_unpublished(sender, instance, **kwargs):
    from cms.api.indexing import published_item_delete
    from cms.models import ContentPage

    if isinstance(instance, ContentPage):
        published_item_delete(page_id=instance.pk)


def on_page_moved(sender, instance, **kwargs):
    """A moved item has a new URL; a live one's document is rewritten."""
    from cms.api.indexing import published_item_save
    from cms.models import PublishedItem

    if PublishedItem.objects.filter(page_id=instance.pk).exists():
        published_item_save(page=instance)


def on_page_deleted(sender, instance, **kwargs):
    from cms.api.indexing import published_index_touch

    published_index_touch()


def on_taxonomy_saved(sender, instance, created, raw=False, **kwargs):
    """A renamed policy area, audience group, campaign or unit: rewrite the items that show it."""
    from cms.api.indexing import published_item_save
    from cms.models import OrgUnit, PublishedItem

    if created or raw:
        return
    field = {"PolicyArea": "policy_areas", "AudienceGroup": "audience_groups",
             "Campaign": "campaign", "OrgUnit": "org_unit"}[sender.__name__]
    items = PublishedItem.objects.filter(**{field: instance})
    if sender is OrgUnit:
        items = PublishedItem.objects.filter(org_unit=instance) | PublishedItem.objects.filter(province=instance)
    for item in items.select_related("page"):
        published_item_save(page=item.page)


def forget_urls(setting, **kwargs):
    """Tests and reconfiguration: rendition URLs are memoised per file name."""
    if setting in {"STORAGES", "MEDIA_URL", "WAGTAILADMIN_BASE_URL", "WAGTAILIMAGES_RENDITION_STORAGE"}:
        from cms.api.selectors import _rendition_url

        _rendition_url.cache_clear()


def forget_languages(sender, **kwargs):
    from cms.api.params import _CACHE

    _CACHE.clear()


def connect():
    from wagtail.models import Locale, Page

    from cms.models import AudienceGroup, Campaign, Language, OrgUnit, PolicyArea

    for model in (Locale, Language):
        post_save.connect(forget_languages, sender=model, dispatch_uid=f"cms_api_{model.__name__}_saved")
        post_delete.connect(forget_languages, sender=model, dispatch_uid=f"cms_api_{model.__name__}_deleted")

    setting_changed.connect(forget_urls, dispatch_uid="cms_api_forget_urls")
    page_published.connect(on_page_published, dispatch_uid="cms_api_publish")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="cms_api_unpublish")
    post_page_move.connect(on_page_moved, dispatch_uid="cms_api_page_moved")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="cms_api_page_deleted")
    for model in (PolicyArea, AudienceGroup, Campaign, OrgUnit):
        post_save.connect(on_taxonomy_saved, sender=model, dispatch_uid=f"cms_api_{model.__name__}_saved")
