"""What an uploaded image must pass before it is stored, and what is changed on the way in.

Checked from the bytes, never from the file name: the format (JPEG, PNG, WebP,
GIF, AVIF), the size in bytes, the size in pixels *before* anything is decoded
(a 50,000 x 50,000 PNG can be a few kilobytes and still needs 7 GB to open),
and a complete decode (a truncated upload is refused now, not when a channel
asks for it). SVG is refused: it is a document that can carry scripts.

On the way in the camera's orientation is applied to the pixels and location
data are removed (see ``media.exif``), and the file name gets the extension of
what the file really is.
"""

import io
import os
import re
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from media import exif as exif_tools
from media.validation import describe_kind, sniff

# Pillow's format name -> the extension a stored file gets.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "AVIF": "avif"}
ACCEPTED_TEXT = "JPEG, PNG, WebP, GIF, AVIF"
SVG_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+svg|<svg)", re.I | re.S)
SCRIPT_IN_SVG = re.compile(rb"<script|javascript:|\son[a-z]+\s*=|<foreignobject|<iframe|<embed|<object", re.I)


@dataclass
class CheckedImage:
    content: bytes
    name: str
    format: str  # Pillow's name: JPEG, PNG...
    width: int
    height: int
    changes: tuple[str, ...]  # what was done on the way in, for the log: "rotated", "location removed"


IMAGE_KINDS = {"jpeg", "png", "gif", "webp", "avif", "heic"}


def _megapixels(pixels):
    value = round(pixels / 1_000_000, 1)
    return number_format(value, decimal_pos=0 if value == int(value) else 1, force_grouping=True)


def _megabytes(size):
    value = size / 1048576
    return number_format(value, decimal_pos=0 if value >= 10 else 1, force_grouping=True)


def _refuse(message, code):
    raise ValidationError(message, code=code)


def check_upload_size(size, *, max_bytes, label):
    """Refuse an empty file or one over ``max_bytes``; shared by images, clips and documents."""
    if not size:
        _refuse(_("The file is empty (0 bytes). Choose the file again; the copy may have failed."), "empty")
    if max_bytes and size > max_bytes:
        _refuse(_("The %(label)s file is %(size)s MB; the limit is %(limit)s MB. Reduce it before uploading.")
                % {"label": label, "size": _megabytes(size), "limit": _megabytes(max_bytes)},
                "too_large")


def _refuse_svg(head):
    if SCRIPT_IN_SVG.search(head):
        _refuse(_("This SVG file contains a script, which could run in the browser of anyone who opens it. "
                  "SVG images are not accepted: export the image as PNG or JPEG."), "svg_script")
    _refuse(_("SVG images are not accepted because they can carry scripts: export the image as PNG or JPEG."),
            "svg")


def _open(content, *, max_pixels):
    """Open (headers only) and check the pixel count before any pixel is decoded."""
    with warnings.catch_warnings():
        # Between Pillow's limit and twice it Pillow only warns; the explicit check below decides.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(content), formats=list(ACCEPTED_FORMATS))
        except Image.DecompressionBombError as exc:
            # Pillow stops at the header and names the pixel count only in its message.
            counted = re.search(r"\((\d+) pixels\)", str(exc))
            _refuse(_("The image has %(pixels)s megapixels; the limit is %(limit)s megapixels. An image this large "
                      "could exhaust the server's memory: reduce it, for example to 4000 × 3000 pixels.")
                    % {"pixels": _megapixels(int(counted.group(1))) if counted else "?",
                       "limit": _megapixels(max_pixels)}, "too_many_pixels")
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            sniffed = sniff(content[:64])
            kind = describe_kind(sniffed)
            if sniffed in IMAGE_KINDS:
                _refuse(_("This file looks like %(kind)s but it is damaged or incomplete, so it cannot be read. "
                          "Export or download it again.") % {"kind": kind}, "damaged_image")
            if kind:
                _refuse(_("This file is %(kind)s, not an image. Images must be %(formats)s.")
                        % {"kind": kind, "formats": ACCEPTED_TEXT}, "not_image")
            _refuse(_("This file is not an image in a format we accept (%(formats)s), or it is damaged.")
                    % {"formats": ACCEPTED_TEXT}, "not_image")
    width, height = image.size
    frames = getattr(image, "n_frames", 1) or 1
    if width * height * frames > max_pixels:
        _refuse(_("The image is %(width)s × %(height)s pixels (%(pixels)s megapixels); the limit is %(limit)s "
                  "megapixels. Reduce its size before uploading.")
                % {"width": number_format(width, force_grouping=True),
                   "height": number_format(height, force_grouping=True),
                   "pixels": _megapixels(width * height * frames), "limit": _megapixels(max_pixels)},
                "too_many_pixels")
    return image


def _decode_all(image):
    """Decode every frame: a truncated or corrupt file fails here, before it is stored."""
    try:
        if image.format == "JPEG" and exif_tools.orientation(image) == 1:
            # Scaled decoding still reads the whole stream, at an eighth of the memory.
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        for frame in range(getattr(image, "n_frames", 1) or 1):
            image.seek(frame)
            image.load()
        image.seek(0)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        _refuse(_("The image file is damaged or incomplete (it may have been cut off during the copy). "
                  "Open it on your computer, save it again and upload the new copy."), "damaged")


def _reencode(image, *, fmt, exif_bytes):
    """Save ``image`` again in its own format: lossless for PNG and GIF, near-lossless for the others."""
    out = io.BytesIO()
    options = {"exif": exif_bytes} if exif_bytes and fmt in ("JPEG", "PNG", "WEBP", "AVIF") else {}
    icc = image.info.get("icc_profile")
    if icc and fmt in ("JPEG", "PNG", "WEBP", "AVIF"):
        options["icc_profile"] = icc
    if fmt == "JPEG":
        options.update(quality=95, subsampling="keep" if image.format == "JPEG" else 0)
    elif fmt in ("WEBP", "AVIF"):
        options.update(quality=95)
    elif fmt == "GIF" and getattr(image, "n_frames", 1) > 1:
        options.update(save_all=True)
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _normalise(content, image):
    """Apply the orientation and strip location; returns (bytes, changes)."""
    fmt = image.format
    turn = exif_tools.orientation(image) not in (1, 0)
    located = exif_tools.has_location(image)
    if not turn and not located:
        return content, ()
    changes = (("rotated",) if turn else ()) + (("location removed",) if located else ())
    exif_bytes = exif_tools.clean_exif(image, reset_orientation=turn).tobytes()
    if fmt == "JPEG" and not turn:
        return exif_tools.jpeg_replace_metadata(content, exif=exif_bytes), changes
    if turn:
        fresh = Image.open(io.BytesIO(content))  # at full size: the check above may have decoded it scaled
        rotated = ImageOps.exif_transpose(fresh)
        rotated.format = fmt
        rotated.info["icc_profile"] = fresh.info.get("icc_profile")
        return _reencode(rotated, fmt=fmt, exif_bytes=exif_bytes), changes
    # Location in a non-JPEG: write the pixels again without it.
    image.info.pop("xmp", None)
    return _reencode(image, fmt=fmt, exif_bytes=exif_bytes), changes


def check_image(content: bytes, *, name: str, max_bytes: int, max_pixels: int) -> CheckedImage:
    """Check an uploaded image's bytes; refuse with a ValidationError that says why, or return what to store."""
    check_upload_size(len(content), max_bytes=max_bytes, label=_("image"))
    head = content[:4096]
    if SVG_START.match(head) or b"<svg" in head.lower():
        _refuse_svg(content[:1_000_000])
    image = _open(content, max_pixels=max_pixels)
    fmt = image.format
    _decode_all(image)
    image = Image.open(io.BytesIO(content), formats=[fmt])  # fresh: decoding may have applied a draft size
    stored, changes = _normalise(content, image)
    width, height = Image.open(io.BytesIO(stored)).size
    base = os.path.splitext(os.path.basename(name or "image"))[0] or "image"
    return CheckedImage(content=stored, name=f"{base}.{ACCEPTED_FORMATS[fmt]}", format=fmt,
                        width=width, height=height, changes=changes)
