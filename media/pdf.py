"""Leaflet PDFs: a real, complete PDF without active content; its page count and a picture of page one.

Leaflets are downloaded by the public from the portal and the fanpages, so a PDF
that runs JavaScript, launches a program or carries an attached file would be
handed to every one of them under the agency's name. The check walks every object
pypdf can read (names are compared after PDF's ``#xx`` escapes are decoded, so
``/J#61vaScript`` is caught too), including objects packed in object streams and
dictionaries nested inside other objects.

The first page is drawn with PDFium (pypdfium2), which has no JavaScript engine.
"""

import io
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

logger = logging.getLogger(__name__)

THUMBNAIL_MAX = (1200, 1700)
MAX_NESTING = 32
NOTE_NO_THUMBNAIL = "thumbnail_failed"


@dataclass
class PdfInfo:
    page_count: int
    version: str
    thumbnail: bytes | None = None  # JPEG of the first page
    notes: list[str] = field(default_factory=list)


def _active_content(value, found, depth=0):
    """Add to ``found`` what kind of active content ``value`` (and direct objects inside it) holds."""
    if depth > MAX_NESTING or isinstance(value, IndirectObject):
        return  # indirect objects are visited on their own
    if isinstance(value, DictionaryObject):
        keys = set(value.keys())
        action = value.get("/S")
        if keys & {"/JS", "/JavaScript", "/XFA"} or action == "/JavaScript":
            found.add("javascript")
        if action == "/Launch":
            found.add("launch")
        if action in ("/SubmitForm", "/ImportData"):
            found.add("submit_form")
        uri = value.get("/URI")
        if isinstance(uri, (str, bytes)) and _script_uri(uri):
            found.add("javascript")
        if (keys & {"/EmbeddedFiles", "/EF"} or value.get("/Type") == "/EmbeddedFile"
                or value.get("/Subtype") in ("/FileAttachment", "/RichMedia")):
            found.add("embedded_file")
        for item in value.values():
            _active_content(item, found, depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            _active_content(item, found, depth + 1)


def _script_uri(uri):
    text = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri)
    # Readers drop control characters and spaces before the scheme, as browsers do.
    scheme = "".join(ch for ch in text[:64] if ch > " ").lower()
    return scheme.startswith(("javascript:", "vbscript:", "data:", "file:"))


def _all_objects(reader):
    numbers = {number for by_number in reader.xref.values() for number in by_number}
    numbers |= set(reader.xref_objStm)
    for number in sorted(numbers):
        try:
            yield reader.get_object(number)
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
            logger.debug("pdf object %s unreadable: %s", number, exc)


def _describe(found):
    labels = {"javascript": _("JavaScript (a program that runs when the file is opened)"),
              "launch": _("an action that starts a program on the reader's computer"),
              "embedded_file": _("an attached file"),
              "submit_form": _("a form that sends what readers type to an outside address")}
    return "; ".join(str(labels[kind]) for kind in ("javascript", "launch", "submit_form", "embedded_file")
                     if kind in found)


def _thumbnail(content):
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        page = document[0]
        width, height = page.get_size()
        scale = min(THUMBNAIL_MAX[0] / width, THUMBNAIL_MAX[1] / height, 4.0)
        picture = page.render(scale=scale).to_pil().convert("RGB")
        out = io.BytesIO()
        picture.save(out, format="JPEG", quality=85, optimize=True)
        page.close()
        return out.getvalue()
    finally:
        document.close()


def check_pdf(content: bytes, *, thumbnail=True) -> PdfInfo:
    """Refuse what is not a safe, complete PDF (ValidationError saying why); else its facts."""
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"%PDF-"):
        raise ValidationError(_("The chosen file is not a PDF: a leaflet must be a printable PDF file."),
                              code="not_pdf")
    if b"%%EOF" not in content[-2048:]:
        raise ValidationError(_("The PDF is incomplete (its end is missing); it was probably cut off during the "
                                "copy. Export or download it again."), code="truncated_pdf")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(_("The PDF is protected by a password. Upload a copy without a password."),
                                  code="encrypted_pdf")
        page_count = len(reader.pages)
        found = set()
        _active_content(reader.trailer, found)
        for value in _all_objects(reader):
            _active_content(value, found)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files; all mean "unreadable"
        logger.info("pdf refused: unreadable (%s: %s)", type(exc).__name__, exc)
        raise ValidationError(_("The PDF is damaged and cannot be read. Export it again from the original."),
                              code="damaged_pdf") from exc
    if found:
        raise ValidationError(
            _("The PDF contains %(what)s. Leaflets are given to the public, so such PDFs are refused: export it "
              "again as a plain PDF (for example with 'Print to PDF').") % {"what": _describe(found)},
            code="active_pdf")
    if page_count < 1:
        raise ValidationError(_("The PDF has no pages."), code="empty_pdf")
    info = PdfInfo(page_count=page_count, version=head[5:8].decode("ascii", "replace"))
    if thumbnail:
        try:
            info.thumbnail = _thumbnail(content)
        except Exception as exc:  # PDFium errors are not worth refusing a PDF pypdf could read
            logger.warning("pdf first-page thumbnail failed: %s: %s", type(exc).__name__, exc)
            info.notes.append(NOTE_NO_THUMBNAIL)
    return info
