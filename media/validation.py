"""Recognise uploaded files by their bytes, never by their names.

An editor can rename anything to ``.mp4`` or ``.pdf``; a channel that receives a
file of the wrong kind fails late and far from the person who can fix it. So the
first bytes decide. (Deep checks such as PDF JavaScript and codec probing belong
to the media pipeline; these are the cheap gatekeepers used at save time.)
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 64


def read_head(file_field_file, size=HEAD_BYTES):
    """First bytes of a stored or uploaded file, leaving its position where it was."""
    handle = file_field_file
    try:
        handle.open("rb")
    except (FileNotFoundError, ValueError):
        raise ValidationError(_("The file could not be read."), code="unreadable")
    try:
        position = handle.tell()
        handle.seek(0)
        head = handle.read(size)
        handle.seek(position)
    except (OSError, ValueError):
        raise ValidationError(_("The file could not be read."), code="unreadable")
    return head


def sniff(head: bytes) -> str | None:
    """Name the container format of ``head``: 'mp4', 'webm', 'pdf', or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return "pdf"
    return None


def check_size(file_field_file, limit, label):
    size = getattr(file_field_file, "size", None)
    if size is not None and size == 0:
        raise ValidationError(_("The %(label)s file is empty.") % {"label": label}, code="empty")
    if size is not None and size > limit:
        raise ValidationError(
            _("The %(label)s file is %(size)d MB; the limit is %(limit)d MB.")
            % {"label": label, "size": size // (1024 * 1024), "limit": limit // (1024 * 1024)},
            code="too_large",
        )


def validate_video(file_field_file, *, max_bytes):
    check_size(file_field_file, max_bytes, _("video"))
    if sniff(read_head(file_field_file)) not in ("mp4", "webm"):
        raise ValidationError(
            _("The chosen file is not a video: only MP4 and WebM clips are accepted."),
            code="not_video",
        )


def validate_pdf(file_field_file, *, max_bytes):
    check_size(file_field_file, max_bytes, _("PDF"))
    if sniff(read_head(file_field_file)) != "pdf":
        raise ValidationError(
            _("The chosen file is not a PDF: a leaflet must be a printable PDF file."),
            code="not_pdf",
        )


def validate_webvtt(text: str):
    """A WebVTT file starts with the WEBVTT signature and holds at least one cue."""
    body = (text or "").lstrip("\ufeff")
    if not body.startswith("WEBVTT") or (len(body) > 6 and body[6] not in " \t\r\n"):
        raise ValidationError(_("Subtitles must be WebVTT: the text must start with 'WEBVTT'."), code="not_vtt")
    if "-->" not in body:
        raise ValidationError(_("The subtitles contain no cue (no 'start --> end' line)."), code="no_cues")
