"""Receivers of the media app, connected from MediaConfig.ready() (which imports this once the models are loaded)."""

from django.core.signals import setting_changed
from django.db.models.signals import post_save
from wagtail.documents.models import Document

from media.pixels import apply_pixel_limit
from media.services import document_metadata_record
from media.storage import reset_storages


def record_document_report(sender, instance, raw=False, **kwargs):
    """Store what the upload form's check found, once the document has an id."""
    report = instance.__dict__.pop("_media_report", None)
    if report is not None and not raw:
        document_metadata_record(document=instance, report=report)


def follow_settings(*, setting, value, **kwargs):
    """Tests override STORAGES and the pixel limit; keep the derived state in step."""
    reset_storages(setting=setting)
    if setting == "WAGTAILIMAGES_MAX_IMAGE_PIXELS":
        apply_pixel_limit()


def connect():
    post_save.connect(record_document_report, sender=Document, dispatch_uid="media_document_report")
    setting_changed.connect(follow_settings, dispatch_uid="media_follow_settings")
