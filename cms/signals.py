"""Receivers that keep stored text NFC and wire Wagtail's page events to services.

Connected explicitly from CmsConfig.ready(), not by import side effect.
"""

from django.db.models import CharField, TextField
from django.db.models.signals import pre_save
from wagtail.fields import StreamField
from wagtail.signals import copy_for_translation_done, init_new_page, page_published

from cms.text import nfc, nfc_deep

NFC_APPS = {"cms", "wagtailcore", "wagtailimages", "wagtaildocs", "auth"}


def normalise_text_fields(sender, instance, raw=False, **kwargs):
    """Store every string NFC, whatever the keyboard or the paste produced.

    Vietnamese typed on some systems arrives decomposed (NFD); two spellings of one
    word would then never compare or search equal.
    """
    if raw or sender._meta.app_label not in NFC_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, StreamField):
            value = getattr(instance, field.attname)
            if value is not None and hasattr(value, "get_prep_value"):
                setattr(instance, field.attname, nfc_deep(value.get_prep_value()))
        elif isinstance(field, (CharField, TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, nfc(value))
        elif field.get_internal_type() == "JSONField":
            # Revisions keep drafts as JSON: normalise those too.
            value = getattr(instance, field.attname)
            if value is not None:
                setattr(instance, field.attname, nfc_deep(value))


def set_new_page_defaults(sender, page, parent, **kwargs):
    from cms.services.content import content_page_defaults_apply

    content_page_defaults_apply(page=page, parent=parent)


def record_translation(sender, source_obj, target_obj, **kwargs):
    from cms.services.variants import variant_copied

    variant_copied(source=source_obj, target=target_obj)


def queue_renditions(sender, instance, revision, **kwargs):
    """Approved (published now or scheduled): make the channels' renditions ahead of time."""
    from cms.models import ContentPage
    from cms.services.media import content_renditions_queue

    if isinstance(instance, ContentPage):
        content_renditions_queue(page=instance)


def connect():
    pre_save.connect(normalise_text_fields, dispatch_uid="cms_nfc")
    init_new_page.connect(set_new_page_defaults, dispatch_uid="cms_new_page_defaults")
    copy_for_translation_done.connect(record_translation, dispatch_uid="cms_variant_copied")
    page_published.connect(queue_renditions, dispatch_uid="cms_queue_renditions")
