"""Writes of the media app: storing what an upload check found."""

import io
import logging

from django.core.files.images import ImageFile
from django.utils.translation import gettext as _
from wagtail.images.models import Image

from media.models import DocumentMetadata

logger = logging.getLogger(__name__)


def _preview_image(*, document, report):
    title = (_("Poster frame: %(title)s") if report.kind == "video" else _("First page: %(title)s")) % {
        "title": document.title}
    image = Image(title=title[:255], collection=document.collection, uploaded_by_user=document.uploaded_by_user)
    image.file = ImageFile(io.BytesIO(report.preview), name=f"document-{document.pk}-preview.jpg")
    image._set_image_file_metadata()
    image.save()
    return image


def document_metadata_record(*, document, report):
    """Store ``report`` (a ``media.documents.DocumentReport``) for ``document``, with its preview image."""
    if report.kind == "other":
        DocumentMetadata.objects.filter(document=document).delete()
        return None
    preview = _preview_image(document=document, report=report) if report.preview else None
    fields = {"container": "", "duration_seconds": None, "width": None, "height": None, "video_codec": "",
              "audio_codec": "", "probed_with": "", "page_count": None, **report.facts}
    metadata, _created = DocumentMetadata.objects.update_or_create(
        document=document, defaults={"kind": report.kind, "preview": preview, "notes": list(report.notes), **fields})
    logger.info("document metadata document=%s kind=%s preview_image=%s notes=%s", document.pk, report.kind,
                preview.pk if preview else None, ",".join(report.notes) or "-")
    return metadata
