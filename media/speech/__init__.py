"""Read-aloud scripts: rich text to the plain paragraphs an announcer reads, with their reading time.

Vietnamese is normalised for speech (media.speech.vietnamese: abbreviations from the
glossary, numbers, dates, money, percentages, phone numbers, times in words); every
other language is kept as its translators wrote it, only cut into paragraphs.

    script = read_aloud(title=page.title, html=page.body_html, language="vi", cap_seconds=900)
    script.paragraphs, script.seconds, script.warnings
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from media.speech.duration import minutes_seconds, reading_seconds, syllable_count
from media.speech.glossary import Glossary, current_glossary
from media.speech.html import html_paragraphs
from media.speech.vietnamese import normalise

__all__ = ["ReadAloud", "read_aloud", "normalise_vi", "is_vietnamese", "warning_code", "warning_message",
           "WARNING_MESSAGES"]

# What the UI shows for each warning code, in the reader's language.
WARNING_MESSAGES = {
    "over_target": _("Reading takes about %(duration)s, longer than the target of %(limit)s."),
    "over_cap": _("Reading takes about %(duration)s, longer than the station's session cap of %(limit)s."),
}

_DURATION = re.compile(r"(\d+) min (\d\d) s")


@dataclass(frozen=True)
class ReadAloud:
    title: str  # spoken form
    paragraphs: tuple[str, ...]  # spoken forms, plain text, NFC
    language: str  # BCP 47 tag as stored in cms Language ("vi", "km-Khmr", "cjm-Cham", "hmn-Latn")
    syllables: int
    seconds: float  # estimated reading time at VSS_SPEECH_SYLLABLES_PER_MINUTE
    # "code: English text", code one of WARNING_MESSAGES (see warning_code / warning_message)
    warnings: tuple[str, ...] = ()


def is_vietnamese(language):
    return (language or "").split("-")[0].lower() == "vi"


def normalise_vi(text: str, *, glossary: Glossary | None = None) -> str:
    """``text`` in the words a Vietnamese announcer says; the glossary is read from the database if not given."""
    return normalise(text, glossary if glossary is not None else current_glossary())


def read_aloud(*, title: str, html: str, language: str, target_seconds: int | None = None,
               cap_seconds: int | None = None) -> ReadAloud:
    """The script of one item in one language: spoken title and paragraphs, syllables, time, warnings."""
    if not language:
        raise ValueError("read_aloud needs the script's language (a BCP 47 tag such as 'vi')")
    title = " ".join(unicodedata.normalize("NFC", title or "").split())
    paragraphs = html_paragraphs(html)
    if is_vietnamese(language):
        glossary = current_glossary()
        title = normalise(title, glossary)
        paragraphs = [normalise(paragraph, glossary) for paragraph in paragraphs]
    paragraphs = tuple(paragraph for paragraph in paragraphs if paragraph)
    syllables = syllable_count(title) + sum(syllable_count(paragraph) for paragraph in paragraphs)
    seconds = reading_seconds(syllables)
    warnings = []
    if target_seconds and seconds > target_seconds:
        warnings.append(f"over_target: Reading takes about {minutes_seconds(seconds)}, "
                        f"longer than the target of {minutes_seconds(target_seconds)}.")
    if cap_seconds and seconds > cap_seconds:
        warnings.append(f"over_cap: Reading takes about {minutes_seconds(seconds)}, "
                        f"longer than the station's session cap of {minutes_seconds(cap_seconds)}.")
    return ReadAloud(title=title, paragraphs=paragraphs, language=language, syllables=syllables,
                     seconds=seconds, warnings=tuple(warnings))


def warning_code(warning):
    """ "over_target" from "over_target: Reading takes ..."."""
    return warning.split(":", 1)[0]


def warning_message(warning):
    """The warning in the active language (Vietnamese on the admin and radio pages).

    Works on a warning stored as text: its two durations are read back from the English
    text read_aloud wrote ("about 4 min 10 s, longer than ... 3 min 00 s").
    """
    code = warning_code(warning)
    durations = _DURATION.findall(warning)
    if code not in WARNING_MESSAGES or len(durations) != 2:
        return warning.split(":", 1)[-1].strip()
    seconds = [int(minutes) * 60 + int(rest) for minutes, rest in durations]
    return str(WARNING_MESSAGES[code]) % {
        "duration": spoken_duration(seconds[0]), "limit": spoken_duration(seconds[1]),
    }


def spoken_duration(seconds):
    """ "3 phút 05 giây" in Vietnamese, "3 min 05 s" in English: for pages and exports."""
    from django.utils.translation import gettext

    minutes, rest = divmod(round(seconds), 60)
    return gettext("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": rest}
