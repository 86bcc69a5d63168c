"""Recognise uploaded files by their bytes, never by their names.

An editor can rename anything to ``.mp4`` or ``.pdf``; a channel that receives a
file of the wrong kind fails late and far from the person who can fix it. So the
first bytes decide. (Deep checks such as PDF JavaScript and codec probing belong
to the media pipeline; these are the cheap gatekeepers used at save time.)
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from media import subtitles

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


IMAGE_BRANDS = {b"avif": "avif", b"avis": "avif", b"heic": "heic", b"heix": "heic", b"mif1": "heic", b"msf1": "heic"}


def sniff(head: bytes) -> str | None:
    """Name the format of ``head``: 'mp4', 'mov', 'webm', 'pdf', an image format, 'zip', or None.

    ISO BMFF files all start with an ``ftyp`` box; its major brand tells an MP4 clip
    from a QuickTime movie or an AVIF/HEIC photo, which share the container.
    """
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in IMAGE_BRANDS:
            return IMAGE_BRANDS[brand]
        return "mov" if brand == b"qt  " else "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def describe_kind(kind):
    """A phrase for editors naming what a file really is ("an MP4 video"), or None."""
    return {
        "mp4": _("an MP4 video"), "mov": _("a QuickTime (MOV) video"), "webm": _("a WebM video"),
        "pdf": _("a PDF document"), "jpeg": _("a JPEG image"), "png": _("a PNG image"), "gif": _("a GIF image"),
        "webp": _("a WebP image"), "avif": _("an AVIF image"), "heic": _("a HEIC photo"),
        "zip": _("a ZIP archive or an Office document"),
    }.get(kind)


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
    """The subtitle field's validator (cms migrations name it here); the checks are in ``media.subtitles``."""
    subtitles.validate_webvtt(text)
