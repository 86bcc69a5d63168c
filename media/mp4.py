"""A reader of the metadata in MP4 (ISO base media) files, for machines without ffprobe.

It walks the box tree: ``moov/mvhd`` for the length, each ``trak``'s ``tkhd`` for
the picture size, ``mdia/hdlr`` for the kind of track and ``stsd`` for the codec's
four-character code. Media data is skipped with seeks, never read, so a 500 MB
clip costs a few reads. Based on ISO/IEC 14496-12.
"""

import struct

from media.video_info import UnreadableVideo, VideoInfo

MAX_MOOV_BYTES = 64 * 1024 * 1024  # sample tables of a two-hour film fit well within this
CODECS = {
    "avc1": "h264", "avc3": "h264", "hvc1": "hevc", "hev1": "hevc", "av01": "av1", "vp09": "vp9", "vp08": "vp8",
    "mp4v": "mpeg4", "mp4a": "aac", "Opus": "opus", "ac-3": "ac3", "ec-3": "eac3", "fLaC": "flac", ".mp3": "mp3",
    "apcn": "prores", "apch": "prores", "encv": "encrypted", "enca": "encrypted",
}


def _boxes(data, start=0, end=None):
    """(type, payload start, payload end) of each box in data[start:end]."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise UnreadableVideo("truncated box header")
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise UnreadableVideo(f"box {kind!r} runs past its parent")
        yield kind.decode("latin-1"), pos + header, pos + size
        pos += size


def _child(data, start, end, kind):
    for child, child_start, child_end in _boxes(data, start, end):
        if child == kind:
            return child_start, child_end
    return None


def _top_level(handle):
    """Find ``ftyp``'s major brand and read the ``moov`` box, seeking over everything else."""
    handle.seek(0, 2)
    file_size = handle.tell()
    pos, brand, moov = 0, None, None
    while pos + 8 <= file_size:
        handle.seek(pos)
        header = handle.read(16)
        if len(header) < 8:
            break
        size, kind = struct.unpack_from(">I4s", header)
        header_size = 8
        if size == 1:
            if len(header) < 16:
                raise UnreadableVideo("truncated box header")
            size = struct.unpack_from(">Q", header, 8)[0]
            header_size = 16
        elif size == 0:
            size = file_size - pos
        if size < header_size:
            raise UnreadableVideo("invalid box size")
        if kind == b"ftyp":
            brand = header[8:12].decode("latin-1")
        elif kind == b"moov":
            if size > MAX_MOOV_BYTES:
                raise UnreadableVideo("moov box too large")
            if pos + size > file_size:
                raise UnreadableVideo("the file is truncated (its index is cut off)")
            handle.seek(pos + header_size)
            moov = handle.read(size - header_size)
        pos += size
    if brand is None:
        raise UnreadableVideo("no ftyp box: not an MP4 file")
    if moov is None:
        raise UnreadableVideo("no moov box: the clip has no index (incomplete or still being written)")
    return brand, moov


def _full_box_times(data, start):
    """(timescale, duration) of an mvhd or mdhd box, version 0 or 1."""
    version = data[start]
    if version == 1:
        timescale, duration = struct.unpack_from(">IQ", data, start + 4 + 16)
    else:
        timescale, duration = struct.unpack_from(">II", data, start + 4 + 8)
    return timescale, duration


def _track(data, start, end):
    """(handler, fourcc, width, height, seconds) of one trak box."""
    width = height = None
    tkhd = _child(data, start, end, "tkhd")
    if tkhd:
        version = data[tkhd[0]]
        offset = tkhd[0] + 4 + (32 if version == 1 else 20) + 8 + 8 + 36
        if offset + 8 <= tkhd[1]:
            width, height = (value >> 16 for value in struct.unpack_from(">II", data, offset))
    mdia = _child(data, start, end, "mdia")
    if not mdia:
        return None
    handler, fourcc, seconds = "", "", None
    hdlr = _child(data, *mdia, "hdlr")
    if hdlr:
        handler = data[hdlr[0] + 8:hdlr[0] + 12].decode("latin-1")
    mdhd = _child(data, *mdia, "mdhd")
    if mdhd:
        timescale, duration = _full_box_times(data, mdhd[0])
        seconds = duration / timescale if timescale else None
    minf = _child(data, *mdia, "minf")
    stbl = minf and _child(data, *minf, "stbl")
    stsd = stbl and _child(data, *stbl, "stsd")
    if stsd and stsd[0] + 16 <= stsd[1]:
        fourcc = data[stsd[0] + 12:stsd[0] + 16].decode("latin-1")
    return handler, fourcc, width, height, seconds


def read_mp4(handle) -> VideoInfo:
    """Probe an open, seekable binary file holding an MP4."""
    try:
        brand, moov = _top_level(handle)
        info = VideoInfo(container="mp4")
        mvhd = _child(moov, 0, len(moov), "mvhd")
        if mvhd:
            timescale, duration = _full_box_times(moov, mvhd[0])
            if timescale and duration and duration != 0xFFFFFFFF:
                info.duration = duration / timescale
        track_seconds = []
        for kind, start, end in _boxes(moov):
            if kind != "trak":
                continue
            track = _track(moov, start, end)
            if not track:
                continue
            handler, fourcc, width, height, seconds = track
            if seconds:
                track_seconds.append(seconds)
            if handler == "vide" and not info.video_codec:
                info.video_codec = CODECS.get(fourcc, fourcc.strip() or "unknown")
                info.width, info.height = width or None, height or None
            elif handler == "soun" and not info.audio_codec:
                info.audio_codec = CODECS.get(fourcc, fourcc.strip() or "unknown")
        if info.duration is None and track_seconds:
            info.duration = max(track_seconds)
    except (struct.error, IndexError) as exc:
        raise UnreadableVideo("damaged MP4 metadata") from exc
    return info
