"""Location data out of uploaded photos, and the camera's orientation applied to the pixels.

A phone photo carries the GPS position where it was taken: for a photo taken at
someone's home that is personal data, and it would travel with every copy the
channels hand out. Photos also often store "rotate 90°" as an EXIF tag instead
of rotating the pixels, which some channels ignore.

Most photos need no rotation, and re-encoding a JPEG loses quality, so for them
the EXIF segment is rewritten in place and the compressed picture is left as it was.
"""

import struct

from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825
XMP_SIGNATURE = b"http://ns.adobe.com/xap/1.0/\x00"
EXIF_SIGNATURE = b"Exif\x00\x00"
MAX_SEGMENT = 0xFFFF - 2


def orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(ORIENTATION, 1) or 1)
    except (TypeError, ValueError):
        return 1


def xmp_of(image: Image.Image) -> bytes:
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    return xmp.encode("utf-8", "replace") if isinstance(xmp, str) else bytes(xmp)


def has_location(image: Image.Image) -> bool:
    """Whether EXIF or XMP metadata say where the picture was taken."""
    try:
        if image.getexif().get_ifd(GPS_IFD):
            return True
    except (OSError, SyntaxError, ValueError, struct.error):
        return True  # unreadable EXIF is treated as suspect: it gets removed
    return b"GPS" in xmp_of(image)


def clean_exif(image: Image.Image, *, reset_orientation: bool) -> Image.Exif:
    """The image's EXIF without location; orientation 1 when the pixels were rotated."""
    exif = image.getexif()
    exif.pop(GPS_IFD, None)
    if reset_orientation:
        exif.pop(ORIENTATION, None)
    return exif


def jpeg_replace_metadata(data: bytes, *, exif: bytes | None) -> bytes:
    """``data`` (a JPEG) with its EXIF segment replaced by ``exif`` and location-bearing XMP removed.

    Segments are copied byte for byte up to the start of the picture data, which
    is not touched. ``exif`` is the APP1 payload as Pillow's ``Exif.tobytes()``
    gives it (starting ``Exif\\0\\0``); None drops EXIF.
    """
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    if exif is not None and len(exif) > MAX_SEGMENT:
        exif = None  # too big for one segment (huge maker notes): drop it rather than write a broken file
    out = [data[:2]]
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            out.append(data[pos:pos + 2])
            pos += 2
            continue
        if marker == 0xDA:  # start of scan: the rest is picture data
            break
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        segment = data[pos:pos + 2 + length]
        payload = segment[4:]
        is_exif = marker == 0xE1 and payload.startswith(EXIF_SIGNATURE)
        is_located_xmp = marker == 0xE1 and payload.startswith(XMP_SIGNATURE) and b"GPS" in payload
        if is_exif and exif is not None:
            out.append(b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif)  # in the old one's place
            exif = None
        elif not (is_exif or is_located_xmp):
            out.append(segment)
        pos += 2 + length
    out.append(data[pos:])
    return b"".join(out)
