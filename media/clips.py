"""Video clips: probing length and codecs, checking what channels can play, taking a poster frame.

ffprobe and ffmpeg are used when installed (they read every container variant
and can decode a frame); without them the project's own readers of MP4 and
WebM metadata (``media.mp4``, ``media.webm``) give the same facts, and the
poster falls back to the image the editor chose for the clip.
"""

import json
import logging
import shutil
import subprocess

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from media.mp4 import read_mp4
from media.video_info import UnreadableVideo, VideoInfo
from media.webm import check_webm_header, read_webm

logger = logging.getLogger(__name__)

# What the portal's player, Facebook and the VssID app all play.
PLAYABLE_VIDEO = {"h264", "hevc", "vp8", "vp9", "av1"}
PLAYABLE_AUDIO = {"", "aac", "opus", "vorbis", "mp3", "ac3", "eac3", "flac"}
FFPROBE_CODECS = {"h265": "hevc", "libdav1d": "av1"}
TOOL_TIMEOUT = 60
NOTE_NO_FFMPEG = "no_ffmpeg_poster"
NOTE_POSTER_FAILED = "poster_failed"


def _ffprobe(path, container):
    completed = subprocess.run(
        [shutil.which("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
        capture_output=True, timeout=TOOL_TIMEOUT, check=False,
    )
    if completed.returncode != 0:
        raise UnreadableVideo(completed.stderr.decode("utf-8", "replace").strip()[:300] or "ffprobe failed")
    try:
        report = json.loads(completed.stdout)
    except ValueError as exc:
        raise UnreadableVideo("ffprobe gave no JSON") from exc
    info = VideoInfo(container=container, probed_with="ffprobe")
    duration = (report.get("format") or {}).get("duration")
    for stream in report.get("streams") or []:
        codec = FFPROBE_CODECS.get(stream.get("codec_name", ""), stream.get("codec_name", "") or "unknown")
        if stream.get("codec_type") == "video" and not info.video_codec:
            if (stream.get("disposition") or {}).get("attached_pic"):
                continue  # cover art stored as a one-frame video stream
            info.video_codec, info.width, info.height = codec, stream.get("width"), stream.get("height")
            duration = duration or stream.get("duration")
        elif stream.get("codec_type") == "audio" and not info.audio_codec:
            info.audio_codec = codec
    try:
        info.duration = float(duration) if duration not in (None, "N/A") else None
    except ValueError:
        info.duration = None
    return info


def probe(path, *, container) -> VideoInfo:
    """Length, picture size and codecs of the clip at ``path`` ('mp4' or 'webm' container)."""
    read = read_mp4 if container == "mp4" else read_webm
    with open(path, "rb") as handle:
        if container == "webm":
            check_webm_header(handle)  # one verdict on Matroska-named-.webm with or without ffprobe
        if not shutil.which("ffprobe"):
            return read(handle)
        info = _ffprobe(path, container)
        if not (info.width and info.height) or info.duration is None:
            # ffprobe takes the picture size from the codec's own headers; when those are
            # missing the container still says what it holds, as the Python reader shows.
            try:
                declared = read(handle)
            except UnreadableVideo:
                return info
            info.width, info.height = (info.width, info.height) if info.width and info.height else (
                declared.width, declared.height)
            info.duration = declared.duration if info.duration is None else info.duration
    return info


def ffmpeg_available():
    return shutil.which("ffmpeg") is not None


def poster_frame(path, *, duration=None) -> bytes | None:
    """A JPEG of a frame about a second in (or a tenth of a short clip), or None without ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        return None
    at = min(1.0, duration / 10) if duration else 0.0
    completed = subprocess.run(
        [ffmpeg, "-v", "error", "-ss", f"{at:.3f}", "-i", str(path), "-frames:v", "1",
         "-vf", "scale='min(1920,iw)':-2", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "3", "pipe:1"],
        capture_output=True, timeout=TOOL_TIMEOUT, check=False,
    )
    if completed.returncode != 0 or not completed.stdout.startswith(b"\xff\xd8"):
        logger.warning("poster frame failed: %s", completed.stderr.decode("utf-8", "replace").strip()[:300])
        return None
    return completed.stdout


def check_video(path, *, container) -> VideoInfo:
    """Probe the uploaded clip at ``path``; refuse what channels could not play, saying why."""
    try:
        info = probe(path, container=container)
    except (UnreadableVideo, OSError, subprocess.TimeoutExpired) as exc:
        logger.info("video refused: unreadable (%s)", exc)
        raise ValidationError(
            _("The video could not be read: it is damaged or incomplete (perhaps cut off during the copy). "
              "Export it again as MP4 (H.264) and upload the new file."), code="unreadable_video") from exc
    if not info.video_codec:
        raise ValidationError(_("The file has sound but no picture. A clip must contain video."), code="no_video")
    if info.video_codec not in PLAYABLE_VIDEO or info.audio_codec not in PLAYABLE_AUDIO:
        raise ValidationError(
            _("The clip is encoded as %(video)s%(audio)s, which the portal, Facebook and VssID cannot all play. "
              "Export it again as MP4 with H.264 video and AAC sound.")
            % {"video": info.video_codec, "audio": f" / {info.audio_codec}" if info.audio_codec else ""},
            code="unplayable_codec")
    if info.duration is not None and info.duration <= 0:
        raise ValidationError(_("The clip is zero seconds long."), code="empty_video")
    return info


def clip_problems(*, document, has_poster, subtitles):
    """What stops a clip page with this video from going out: {field name or "__all__": message}.

    ``subtitles`` maps a language name to its WebVTT text; cues are checked against
    the clip's probed length. Needs the upload's metadata; a document stored
    without it (made by code, not uploaded) is not second-guessed here.
    """
    from media.models import DocumentMetadata
    from media.subtitles import webvtt_problems

    metadata = DocumentMetadata.objects.filter(document=document, kind=DocumentMetadata.Kind.VIDEO).first()
    if metadata is None:
        return {}
    problems = {}
    if metadata.preview_id is None and not has_poster:
        problems["poster_image"] = _("No frame could be taken from this video (ffmpeg is not installed on the "
                                     "server), so channels need a poster image: choose one.")
    messages = [_("Subtitles (%(language)s): %(problem)s") % {"language": language, "problem": problem}
                for language, text in subtitles.items()
                for problem in webvtt_problems(text, duration=metadata.duration_seconds)]
    if messages:
        problems["__all__"] = messages
    return problems


def clip_preview_image(document, *, fallback=None):
    """The image channels show for a clip: its poster frame, else the editor's poster image."""
    from media.models import DocumentMetadata

    metadata = DocumentMetadata.objects.filter(document=document).select_related("preview").first()
    return metadata.preview if metadata and metadata.preview_id else fallback
