"""Probing clips: the pure-Python MP4 and WebM readers, and ffprobe when it is installed."""

import io
import struct

import pytest

from media.clips import probe
from media.mp4 import read_mp4
from media.video_info import UnreadableVideo
from media.webm import read_webm
from tests.conftest import mp4_bytes
from tests.media import files


@pytest.mark.parametrize("moov_first", [True, False], ids=["index-first", "index-last"])
def test_mp4_reader_finds_length_size_and_codecs(moov_first):
    info = read_mp4(io.BytesIO(files.mp4(seconds=61.25, width=1080, height=1920, moov_first=moov_first)))
    assert (info.container, info.duration, info.width, info.height) == ("mp4", 61.25, 1080, 1920)
    assert (info.video_codec, info.audio_codec, info.probed_with) == ("h264", "aac", "python")


def test_mp4_reader_follows_64_bit_box_sizes():
    data = files.mp4(moov_first=False)
    mdat = struct.pack(">I", 8 + 4096) + b"mdat"
    large = struct.pack(">I", 1) + b"mdat" + struct.pack(">Q", 16 + 4096)
    assert read_mp4(io.BytesIO(data.replace(mdat, large, 1))).duration == 12.5


@pytest.mark.parametrize("fourcc, codec", [(b"hvc1", "hevc"), (b"av01", "av1"), (b"vp09", "vp9")])
def test_mp4_reader_names_other_codecs(fourcc, codec):
    info = read_mp4(io.BytesIO(files.mp4(video=fourcc, audio=None)))
    assert (info.video_codec, info.audio_codec) == (codec, "")


@pytest.mark.parametrize("data", [files.mp4()[:200], mp4_bytes(), b"\x00\x00\x00\x08free"],
                         ids=["cut-off", "no-index", "no-ftyp"])
def test_mp4_reader_refuses_incomplete_files(data):
    with pytest.raises(UnreadableVideo):
        read_mp4(io.BytesIO(data))


def test_webm_reader_finds_length_size_and_codecs():
    info = read_webm(io.BytesIO(files.webm(seconds=42.5, width=1280, height=720, video="V_AV1", audio="A_VORBIS")))
    assert (info.container, info.duration, info.width, info.height) == ("webm", 42.5, 1280, 720)
    assert (info.video_codec, info.audio_codec) == ("av1", "vorbis")


def test_webm_reader_reads_a_segment_of_unknown_size():
    data = files.webm()
    segment = data.index(b"\x18\x53\x80\x67")
    unknown = data[:segment + 4] + b"\x01\xff\xff\xff\xff\xff\xff\xff" + data[segment + 12:]
    assert read_webm(io.BytesIO(unknown)).video_codec == "vp9"


@pytest.mark.parametrize("data", [files.webm(doctype=b"matroska"), files.webm()[:60], b"\x1a\x45\xdf\xa3"],
                         ids=["matroska", "cut-off", "header-only"])
def test_webm_reader_refuses_what_is_not_a_complete_webm(data):
    with pytest.raises(UnreadableVideo):
        read_webm(io.BytesIO(data))


def test_ffprobe_is_used_when_installed(fake_tools, tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(files.mp4())
    info = probe(path, container="mp4")
    assert (info.probed_with, info.duration, info.width, info.video_codec) == ("ffprobe", 93.44, 1920, "h264")


def test_ffprobe_failure_means_unreadable(fake_tools, tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"not a video at all")
    with pytest.raises(UnreadableVideo, match="Invalid data"):
        probe(path, container="mp4")
