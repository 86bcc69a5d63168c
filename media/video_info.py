"""What probing a clip tells: container, length, picture size and codecs."""

from dataclasses import asdict, dataclass, field


class UnreadableVideo(ValueError):
    """The container could not be read: damaged, truncated, or not the format it claims."""


@dataclass
class VideoInfo:
    container: str  # "mp4" or "webm"
    duration: float | None = None  # seconds; None when the container does not say
    width: int | None = None
    height: int | None = None
    video_codec: str = ""  # "h264", "hevc", "vp9", "av1"...; "" when there is no picture track
    audio_codec: str = ""
    probed_with: str = "python"  # "ffprobe" or "python" (this project's container readers)
    notes: list[str] = field(default_factory=list)

    def as_dict(self):
        return asdict(self)
