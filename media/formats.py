"""Documents other than clips, leaflets and subtitles: an allow-list of formats, each verified by its structure.

A name says what a file claims to be; only the bytes say what it is. An EXE or an HTML page
renamed .docx, .txt or .mp3 would be stored and later served to the public under a trusted
address, so each extension is accepted only with the structure of its format.
"""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_TYPES = {"odt": b"application/vnd.oasis.opendocument.text",
             "ods": b"application/vnd.oasis.opendocument.spreadsheet",
             "odp": b"application/vnd.oasis.opendocument.presentation"}
# Markup a browser would run if such a "text" file were opened from our address.
HTML_SIGNS = (b"<!doctype", b"<html", b"<script", b"<body", b"<iframe", b"<svg", b"<object", b"<embed", b"<meta",
              b"<img", b"<a ", b"<form", b"<?xml", b"<style", b"javascript:")
MP3_BITRATE_BITS = range(1, 15)  # 0 is "free format", 15 is invalid


def _ooxml(content, extension):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and any(name.startswith(OOXML_PARTS[extension]) for name in names)


def _odf(content, extension):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.read("mimetype").strip() == ODF_TYPES[extension]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return False


def _text(content, extension):
    try:
        text = content.decode("utf-8-sig").encode()
    except UnicodeDecodeError:
        return False
    lowered = text[:8192].lower()
    return b"\x00" not in text and not any(sign in lowered for sign in HTML_SIGNS)


def _mp3_frame(header):
    """An MPEG audio frame header: 11 sync bits, a version, a layer and a bit-rate that exist."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return False
    version, layer = (header[1] >> 3) & 0x3, (header[1] >> 1) & 0x3
    bitrate, rate = header[2] >> 4, (header[2] >> 2) & 0x3
    return version != 1 and layer != 0 and bitrate in MP3_BITRATE_BITS and rate != 3


def _mp3(content, extension):
    if content.startswith(b"ID3") and len(content) >= 10:
        size = 0
        for byte in content[6:10]:
            if byte & 0x80:
                return False
            size = (size << 7) | byte
        content = content[10 + size:]
    return _mp3_frame(content[:4])


CHECKS = {**{ext: _ooxml for ext in OOXML_PARTS}, **{ext: _odf for ext in ODF_TYPES}, "txt": _text, "mp3": _mp3}
NAMES = {"docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "pptx": "PowerPoint (PPTX)", "odt": "OpenDocument (ODT)",
         "ods": "OpenDocument (ODS)", "odp": "OpenDocument (ODP)", "txt": gettext_lazy("plain text (UTF-8)"), "mp3": "MP3"}


def check_format(extension, content):
    """Refuse ``content`` unless it is really a file of ``extension`` in the allow-list."""
    check = CHECKS.get(extension)
    if check is None:
        raise ValidationError(
            _("Files named .%(extension)s are not accepted. Accepted documents: PDF, MP4, WebM, WebVTT, %(others)s.")
            % {"extension": extension or "?", "others": ", ".join(str(NAMES[name]) for name in CHECKS)},
            code="extension")
    if not check(content, extension):
        raise ValidationError(
            _("The file is named .%(extension)s but its content is not a %(format)s file (it may be another kind "
              "of file renamed). Upload the original file.") % {"extension": extension, "format": NAMES[extension]},
            code="mismatch")
