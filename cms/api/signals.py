"""Keeps the API's read model in step with what is live.

Wagtail's page_published and page_unpublished signals are the bridge, as they
are for the outbox; deleting a page deletes its row (the foreign key cascades)
and the page's post_delete bumps the ETag.
"""

from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.signals import page_published, page_unpublished, post_page_move


def on_page_published(sender, instance, revision, **kwargs):
    from cms.api.indexing import published_item_save
    from cms.models import ContentPage

    if not isinstance(instance, ContentPage):
        _rewrite_below(instance)  # a section published with a new slug: its items' URLs changed
        return
    # A revision approved for a later go-live is "published" in the signal's sense but
    # not live yet: the row is written when publish_scheduled makes it live.
    if instance.live and instance.live_revision_id == revision.pk:
        published_item_save(page=instance)


def _rewrite_below(page):
    """Rewrite the live items at or below ``page`` (their URLs follow the tree)."""
    from cms.api.indexing import published_item_save
    from cms.models import PublishedItem

    for item in PublishedItem.objects.filter(page__path__startswith=page.path).select_related("page"):
        published_item_save(page=item.page)


def on_page_unpublished(sender, instance, **kwargs):
    from cms.api.indexing import published_item_delete
    from cms.models import ContentPage

    if isinstance(instance, ContentPage):
        published_item_delete(page_id=instance.pk)


def on_page_moved(sender, instance, **kwargs):
    """A moved item, or a moved section with its items, has new URLs: live documents are rewritten."""
    from wagtail.models import Page

    _rewrite_below(Page.objects.get(pk=instance.pk))  # the path after the move


def on_page_deleted(sender, instance, **kwargs):
    from cms.api.indexing import published_index_touch

    published_index_touch()


# What the item documents show of each: a save that changes none of it rewrites nothing
# (the loaders save every row again on each run).
SHOWN_FIELDS = {"PolicyArea": ("code", "name"), "AudienceGroup": ("code", "name"),
                "Campaign": ("slug", "name", "hashtags"), "OrgUnit": ("code", "name", "kind", "parent_id")}


def _shown(sender, instance):
    return tuple(getattr(instance, name, None) for name in SHOWN_FIELDS[sender.__name__])


def on_taxonomy_saving(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        before = sender.objects.filter(pk=instance.pk).first()
        instance._api_shown_before = _shown(sender, before) if before is not None else None


def on_taxonomy_saved(sender, instance, created, raw=False, **kwargs):
    """A renamed policy area, audience group, campaign or unit: rewrite the items that show it."""
    from cms.api.indexing import published_item_save
    from cms.models import OrgUnit, PublishedItem

    if created or raw or getattr(instance, "_api_shown_before", None) == _shown(sender, instance):
        return
    field = {"PolicyArea": "policy_areas", "AudienceGroup": "audience_groups",
             "Campaign": "campaign", "OrgUnit": "org_unit"}[sender.__name__]
    items = PublishedItem.objects.filter(**{field: instance})
    if sender is OrgUnit:
        items = PublishedItem.objects.filter(org_unit=instance) | PublishedItem.objects.filter(province=instance)
    for item in items.select_related("page"):
        published_item_save(page=item.page)


def _shown_by(sender, instance):
    """The live items whose documents show ``instance`` (a taxonomy entry, a unit or a picture)."""
    from cms.models import PublishedItem

    if sender.__name__ == "OrgUnit":
        return PublishedItem.objects.filter(org_unit=instance) | PublishedItem.objects.filter(province=instance)
    field = {"PolicyArea": "policy_areas", "AudienceGroup": "audience_groups", "Campaign": "campaign"}.get(
        sender.__name__, "image")
    return PublishedItem.objects.filter(**{field: instance})


def on_shown_deleting(sender, instance, **kwargs):
    instance._api_shown_by = list(_shown_by(sender, instance).values_list("page_id", flat=True))


def on_shown_deleted(sender, instance, **kwargs):
    """After the cascade, the items that showed a deleted entry or picture no longer do: rewrite them."""
    from wagtail.models import Page

    from cms.api.indexing import published_index_touch, published_item_save

    page_ids = getattr(instance, "_api_shown_by", [])
    for page in Page.objects.filter(pk__in=page_ids):
        published_item_save(page=page)
    if page_ids:
        published_index_touch()


def forget_urls(setting, **kwargs):
    """Tests and reconfiguration: rendition URLs are memoised per file name."""
    if setting in {"STORAGES", "MEDIA_URL", "WAGTAILADMIN_BASE_URL", "WAGTAILIMAGES_RENDITION_STORAGE"}:
        from cms.api.selectors import _rendition_url

        _rendition_url.cache_clear()


def forget_languages(sender, **kwargs):
    from cms.api.params import _CACHE

    _CACHE.clear()


def connect():
    from wagtail.images import get_image_model
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
        pre_save.connect(on_taxonomy_saving, sender=model, dispatch_uid=f"cms_api_{model.__name__}_saving")
        post_save.connect(on_taxonomy_saved, sender=model, dispatch_uid=f"cms_api_{model.__name__}_saved")
    for model in (PolicyArea, AudienceGroup, Campaign, OrgUnit, get_image_model()):
        pre_delete.connect(on_shown_deleting, sender=model, dispatch_uid=f"cms_api_{model.__name__}_deleting")
        post_delete.connect(on_shown_deleted, sender=model, dispatch_uid=f"cms_api_{model.__name__}_deleted")
