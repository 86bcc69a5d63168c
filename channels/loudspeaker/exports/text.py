"""The plain-text export: what a loudspeaker box with its own text-to-speech reads, or an operator prints."""

from django.utils import translation
from django.utils.translation import gettext


def duration_line(script):
    """ "Thời lượng đọc ước tính: khoảng 2 phút 05 giây (560 âm tiết)" in the exports' language (Vietnamese)."""
    from channels.loudspeaker.speech import spoken_duration

    with translation.override("vi"):
        return gettext("Estimated reading time: about %(duration)s (%(syllables)s syllables)") % {
            "duration": spoken_duration(script.seconds), "syllables": script.syllables,
        }


def text_bytes(script):
    """UTF-8, LF line ends, no byte-order mark; title, paragraphs and the duration line a blank line apart."""
    blocks = [block for block in (script.title, *script.paragraphs, duration_line(script)) if block]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
