"""Receivers of the media app, connected from MediaConfig.ready()."""

from django.core.signals import setting_changed
from django.db.models.signals import post_save


def record_document_report(sender, instance, raw=False, **kwargs):
    """Store what the upload form's check found, once the document has an id."""
    report = instance.__dict__.pop("_media_report", None)
    if report is not None and not raw:
        from media.services import document_metadata_record

        document_metadata_record(document=instance, report=report)


def follow_settings(*, setting, value, **kwargs):
    """Tests override STORAGES and the pixel limit; keep the derived state in step."""
    from media.storage import reset_storages

    reset_storages(setting=setting)
    if setting == "WAGTAILIMAGES_MAX_IMAGE_PIXELS":
        from media.apps import apply_pixel_limit

        apply_pixel_limit()


def connect():
    from wagtail.documents.models import Document

    post_save.connect(record_document_report, sender=Document, dispatch_uid="media_document_report")
    setting_changed.connect(follow_settings, dispatch_uid="media_follow_settings")
