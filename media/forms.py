"""Wagtail's image and document upload forms with this project's checks in them.

Installed through Wagtail's own settings (WAGTAILIMAGES_IMAGE_FORM_BASE and
WAGTAILDOCS_DOCUMENT_FORM_BASE), so every upload path of the admin (the upload
page, the multiple upload, the chooser's upload tab, replacing a file) runs them,
while the models stay Wagtail's stock Image and Document. A refused upload never
reaches storage: Django keeps it in memory or a temporary file until the form is valid.
"""

import io
import logging

import willow
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.fields import FileField
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.images.models import Image

from media.documents import check_document
from media.images import check_image

logger = logging.getLogger(__name__)

EMPTY_FILE = _("The file is empty (0 bytes). Choose the file again; the copy may have failed.")
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif",
              "AVIF": "image/avif"}


class SafeImageField(WagtailImageField):
    """Wagtail's image field, deciding from the bytes (see ``media.images``) instead of the file name."""

    def to_python(self, data):
        if data is not None and getattr(data, "size", None) == 0:
            raise ValidationError(EMPTY_FILE, code="empty")
        uploaded = FileField.to_python(self, data)
        if uploaded is None:
            return None
        uploaded.seek(0)
        checked = check_image(uploaded.read(), name=uploaded.name,
                              max_bytes=getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None),
                              max_pixels=settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
        if checked.changes:
            logger.info("image upload name=%s format=%s changed: %s", checked.name, checked.format,
                        ", ".join(checked.changes))
        cleaned = SimpleUploadedFile(checked.name, checked.content, content_type=MIME_TYPES[checked.format])
        cleaned.image = willow.Image.open(io.BytesIO(checked.content))  # as Wagtail's field leaves it
        return cleaned


class SafeImageForm(BaseImageForm):
    file = SafeImageField(label=capfirst(Image._meta.get_field("file").verbose_name))


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form; the upload is checked and described by ``media.documents``.

    The description travels on the unsaved instance and is stored by
    ``media.signals`` when the document is saved (the multiple-upload view saves
    the instance itself, after ``form.save(commit=False)``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["empty"] = EMPTY_FILE
            metadata = getattr(self.instance, "media_metadata", None) if self.instance.pk else None
            if metadata is not None:
                self.fields["file"].help_text = metadata.summary()

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and "file" in self.changed_data:
            report = self.instance._media_report = check_document(uploaded)
            if report.cleaned is not None:  # subtitles with their cue markup cleaned: stored instead
                uploaded = SimpleUploadedFile(uploaded.name, report.cleaned, content_type="text/vtt")
        return uploaded
