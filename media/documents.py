"""What an uploaded document must pass: its bytes must be what its name says, and safe.

Clips (MP4, WebM), leaflet PDFs and subtitle files (WebVTT) are checked in depth
and described (length and codecs, page count, a preview picture); other
documents (Word files, text, audio) get the size and the "is it what it claims"
checks only. The result is a ``DocumentReport``, which the upload form attaches
to the document so that ``media.services`` can store it once the document is saved.
"""

import contextlib
import os
import tempfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from media import clips, pdf
from media.formats import check_format
from media.images import check_upload_size
from media.subtitles import clean_cue_markup, validate_webvtt
from media.validation import describe_kind, sniff

VIDEO_EXTENSIONS = {"mp4": "mp4", "m4v": "mp4", "webm": "webm"}
CHECKED_KINDS = {"mp4", "mov", "webm", "pdf"}


@dataclass
class DocumentReport:
    kind: str  # "video", "pdf", "subtitles" or "other"
    facts: dict = field(default_factory=dict)  # what media.models.DocumentMetadata stores
    preview: bytes | None = None  # JPEG: the poster frame or the first page
    notes: list[str] = field(default_factory=list)
    cleaned: bytes | None = None  # what to store instead of the upload (subtitles without stray markup)


def _extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _mismatch(extension, kind):
    what = describe_kind(kind)
    if what:
        return ValidationError(
            _("The file is named .%(extension)s but it is %(kind)s. Upload the original file, with its real "
              "extension, in the right place.") % {"extension": extension, "kind": what}, code="mismatch")
    return ValidationError(_("The file is named .%(extension)s but its content is not a .%(extension)s file.")
                           % {"extension": extension}, code="mismatch")


@contextlib.contextmanager
def local_path(uploaded):
    """A path on disk for ffprobe/ffmpeg and the container readers: the upload's own temporary file, or a copy."""
    if hasattr(uploaded, "temporary_file_path"):
        yield uploaded.temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(prefix="vss-upload-") as copy:
        uploaded.seek(0)
        for chunk in uploaded.chunks():
            copy.write(chunk)
        copy.flush()
        yield copy.name
    uploaded.seek(0)


def _read_all(uploaded):
    uploaded.seek(0)
    content = uploaded.read()
    uploaded.seek(0)
    return content


def _check_video(uploaded, container):
    check_upload_size(uploaded.size, max_bytes=settings.VSS_MAX_VIDEO_BYTES, label=_("video"))
    with local_path(uploaded) as path:
        info = clips.check_video(path, container=container)
        poster = clips.poster_frame(path, duration=info.duration)
    notes = [] if poster else [clips.NOTE_POSTER_FAILED if clips.ffmpeg_available() else clips.NOTE_NO_FFMPEG]
    facts = {"container": info.container, "duration_seconds": info.duration, "width": info.width,
             "height": info.height, "video_codec": info.video_codec, "audio_codec": info.audio_codec,
             "probed_with": info.probed_with}
    return DocumentReport(kind="video", facts=facts, preview=poster, notes=notes)


def _check_pdf(uploaded):
    check_upload_size(uploaded.size, max_bytes=settings.VSS_MAX_PDF_BYTES, label=_("PDF"))
    info = pdf.check_pdf(_read_all(uploaded))
    return DocumentReport(kind="pdf", facts={"page_count": info.page_count, "container": f"pdf {info.version}"},
                          preview=info.thumbnail, notes=info.notes)


def _check_subtitles(uploaded):
    check_upload_size(uploaded.size, max_bytes=settings.VSS_MAX_DOCUMENT_BYTES, label=_("subtitle"))
    try:
        text = _read_all(uploaded).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Subtitles must be saved as UTF-8 text (WebVTT)."), code="not_utf8") from exc
    validate_webvtt(text)
    cleaned = clean_cue_markup(text)
    return DocumentReport(kind="subtitles", facts={"container": "webvtt"},
                          cleaned=cleaned.encode("utf-8") if cleaned != text else None)


def check_document(uploaded) -> DocumentReport:
    """Check an uploaded document (a Django UploadedFile); ValidationError saying why, or its report."""
    check_upload_size(uploaded.size, max_bytes=None, label="")
    extension = _extension(uploaded.name)
    uploaded.seek(0)
    kind = sniff(uploaded.read(64))
    uploaded.seek(0)
    if extension in VIDEO_EXTENSIONS:
        if kind != VIDEO_EXTENSIONS[extension]:
            raise _mismatch(extension, kind)
        return _check_video(uploaded, kind)
    if extension == "pdf":
        if kind != "pdf":
            raise _mismatch(extension, kind)
        return _check_pdf(uploaded)
    if extension == "vtt":
        if kind is not None:
            raise _mismatch(extension, kind)
        return _check_subtitles(uploaded)
    if kind in CHECKED_KINDS:
        raise _mismatch(extension or "?", kind)
    check_upload_size(uploaded.size, max_bytes=settings.VSS_MAX_DOCUMENT_BYTES, label=_("document"))
    check_format(extension, _read_all(uploaded))
    return DocumentReport(kind="other")
