"""A reader of the metadata in WebM (Matroska/EBML) files, for machines without ffprobe.

Reads the EBML header's DocType, the Segment's Info (TimestampScale, Duration)
and Tracks (TrackType, CodecID, PixelWidth/PixelHeight), skipping clusters of
media data with seeks. Element ids are from the Matroska specification (RFC 9559).
"""

import struct

from media.video_info import UnreadableVideo, VideoInfo

EBML, DOCTYPE = 0x1A45DFA3, 0x4282
SEGMENT, CLUSTER = 0x18538067, 0x1F43B675
INFO, TIMESTAMP_SCALE, DURATION = 0x1549A966, 0x2AD7B1, 0x4489
TRACKS, TRACK_ENTRY, TRACK_TYPE, CODEC_ID = 0x1654AE6B, 0xAE, 0x83, 0x86
VIDEO, PIXEL_WIDTH, PIXEL_HEIGHT = 0xE0, 0xB0, 0xBA
MASTER_LIMIT = 16 * 1024 * 1024  # Info and Tracks are small; anything bigger is not a real header
CODECS = {
    "V_VP8": "vp8", "V_VP9": "vp9", "V_AV1": "av1", "V_MPEG4/ISO/AVC": "h264", "V_MPEGH/ISO/HEVC": "hevc",
    "A_OPUS": "opus", "A_VORBIS": "vorbis", "A_AAC": "aac", "A_FLAC": "flac", "A_MPEG/L3": "mp3",
}


def _vint(data, pos, *, keep_marker):
    """An EBML variable-length integer at data[pos:]: (value, length, all value bits set)."""
    if pos >= len(data):
        raise UnreadableVideo("truncated EBML element")
    first = data[pos]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or pos + length > len(data):
        raise UnreadableVideo("invalid EBML length")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[pos + 1:pos + length]:
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, length, unknown


def _elements(data, start=0, end=None):
    """(id, payload start, payload end) of each element in an in-memory master element."""
    end = len(data) if end is None else end
    pos = start
    while pos < end:
        element, id_length, _ = _vint(data, pos, keep_marker=True)
        size, size_length, unknown = _vint(data, pos + id_length, keep_marker=False)
        payload = pos + id_length + size_length
        payload_end = end if unknown else payload + size
        if payload_end > end:
            raise UnreadableVideo("EBML element runs past its parent")
        yield element, payload, payload_end
        pos = payload_end


def _uint(data, start, end):
    return int.from_bytes(data[start:end], "big") if end > start else 0


def _float(data, start, end):
    if end - start == 4:
        return struct.unpack(">f", data[start:end])[0]
    if end - start == 8:
        return struct.unpack(">d", data[start:end])[0]
    return None


def _header(handle, pos):
    """Read the id and size of the element at ``pos`` in the file."""
    handle.seek(pos)
    head = handle.read(12)
    element, id_length, _ = _vint(head, 0, keep_marker=True)
    size, size_length, unknown = _vint(head, id_length, keep_marker=False)
    return element, pos + id_length + size_length, None if unknown else size


def _read_info(data):
    """(timestamp scale in nanoseconds, duration in scaled units or None) from the Info element."""
    scale, duration = 1_000_000, None
    for element, start, end in _elements(data):
        if element == TIMESTAMP_SCALE:
            scale = _uint(data, start, end) or 1_000_000
        elif element == DURATION:
            duration = _float(data, start, end)
    return scale, duration


def _read_tracks(data, info):
    for element, start, end in _elements(data):
        if element != TRACK_ENTRY:
            continue
        kind, codec, width, height = 0, "", None, None
        for child, child_start, child_end in _elements(data, start, end):
            if child == TRACK_TYPE:
                kind = _uint(data, child_start, child_end)
            elif child == CODEC_ID:
                codec = data[child_start:child_end].rstrip(b"\x00").decode("ascii", "replace")
            elif child == VIDEO:
                for grandchild, g_start, g_end in _elements(data, child_start, child_end):
                    if grandchild == PIXEL_WIDTH:
                        width = _uint(data, g_start, g_end)
                    elif grandchild == PIXEL_HEIGHT:
                        height = _uint(data, g_start, g_end)
        if kind == 1 and not info.video_codec:
            info.video_codec = CODECS.get(codec, codec or "unknown")
            info.width, info.height = width, height
        elif kind == 2 and not info.audio_codec:
            info.audio_codec = CODECS.get(codec, codec or "unknown")


def check_webm_header(handle) -> int:
    """Refuse a file whose EBML header does not say WebM; returns where the Segment starts.

    Matroska (.mkv) shares WebM's container but allows codecs channels cannot play,
    and ffprobe names both "matroska,webm", so this check runs on either probe path.
    """
    try:
        element, start, size = _header(handle, 0)
        if element != EBML or size is None or size > 4096:
            raise UnreadableVideo("no EBML header")
        handle.seek(start)
        header = handle.read(size)
        doctype = ""
        for child, child_start, child_end in _elements(header):
            if child == DOCTYPE:
                doctype = header[child_start:child_end].rstrip(b"\x00").decode("ascii", "replace")
    except (struct.error, IndexError) as exc:
        raise UnreadableVideo("damaged WebM header") from exc
    if doctype != "webm":
        raise UnreadableVideo(f"DocType {doctype!r} is not WebM")
    return start + size


def read_webm(handle) -> VideoInfo:
    """Probe an open, seekable binary file holding a WebM clip."""
    handle.seek(0, 2)
    file_size = handle.tell()
    segment_at = check_webm_header(handle)
    try:
        element, segment_start, segment_size = _header(handle, segment_at)
        if element != SEGMENT:
            raise UnreadableVideo("no Segment after the EBML header")
        segment_end = file_size if segment_size is None else min(file_size, segment_start + segment_size)
        info, seen = VideoInfo(container="webm"), set()
        pos = segment_start
        while pos < segment_end and seen != {INFO, TRACKS}:
            element, payload, size = _header(handle, pos)
            if element in (INFO, TRACKS):
                if size is None or size > MASTER_LIMIT or payload + size > file_size:
                    raise UnreadableVideo("truncated or oversized header element")
                handle.seek(payload)
                data = handle.read(size)
                if element == INFO:
                    scale, duration = _read_info(data)
                    if duration:
                        info.duration = duration * scale / 1e9
                else:
                    _read_tracks(data, info)
                seen.add(element)
            elif size is None:
                break  # a live-streamed cluster of unknown size: nothing after it can be found by seeking
            pos = payload + size
        if TRACKS not in seen:
            raise UnreadableVideo("no Tracks element")
    except (struct.error, IndexError) as exc:
        raise UnreadableVideo("damaged WebM metadata") from exc
    return info
