"""The images an item shows, handed to the media pipeline when the item is approved."""

from django.db.models import ForeignKey
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage

from media.models import DocumentMetadata
from media.renditions import queue_channel_renditions


def content_image_ids(*, page):
    """Ids of every image ``page`` shows: image fields, images in its StreamFields, and the
    preview pictures of its documents (a clip's poster frame, a leaflet's first page)."""
    image_ids, document_ids = set(), set()
    for field in page._meta.concrete_fields:
        if isinstance(field, ForeignKey):
            value = getattr(page, field.attname)
            if value and issubclass(field.related_model, AbstractImage):
                image_ids.add(value)
            elif value and issubclass(field.related_model, AbstractDocument):
                document_ids.add(value)
        elif isinstance(field, StreamField):
            for model, object_id, *_ in field.extract_references(field.value_from_object(page)):
                if issubclass(model, AbstractImage):
                    image_ids.add(int(object_id))
    if document_ids:
        image_ids |= set(DocumentMetadata.objects.filter(document_id__in=document_ids, preview__isnull=False)
                         .values_list("preview_id", flat=True))
    return sorted(image_ids)


def content_renditions_queue(*, page):
    """Have every channel rendition of ``page``'s images made in the background, after this commit.

    Called when an approved revision is published or scheduled, so renditions are
    ready before the item goes out (a scheduled item's well before its go-live time).
    """
    queue_channel_renditions(content_image_ids(page=page))
