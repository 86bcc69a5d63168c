"""Read-aloud scripts: rich text to the plain paragraphs an announcer reads, with their reading time.

Vietnamese is normalised for speech (channels.loudspeaker.speech.vietnamese: abbreviations from the
glossary, numbers, dates, money, percentages, phone numbers, times in words); every
other language is kept as its translators wrote it, only cut into paragraphs.

    script = read_aloud(title=page.title, html=page.body_html, language="vi", cap_seconds=900)
    script.paragraphs, script.seconds, script.warnings
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from channels.loudspeaker.speech.duration import minutes_seconds, reading_seconds, syllable_count
from channels.loudspeaker.speech.glossary import Glossary, current_glossary
from channels.loudspeaker.speech.html import html_paragraphs
from channels.loudspeaker.speech.vietnamese import normalise, normalise_tracked

__all__ = ["ReadAloud", "read_aloud", "ReadThrough", "read_through", "Change", "Passage", "normalise_vi", "is_vietnamese", "warning_code", "warning_message",
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


@dataclass(frozen=True)
class Change:
    """One change the normaliser made, as the read-through view shows it."""

    key: str  # "31/4#2": the written text and its occurrence in the script, the key of an override
    start: int  # range in the written paragraph
    end: int
    source: str
    spoken: str  # what is said: the override if there is one
    rule: str
    overridden: bool = False
    suggested: str = ""  # what the rule says, kept when an editor overrode it


@dataclass(frozen=True)
class Passage:
    written: str
    spoken: str
    changes: tuple[Change, ...] = ()
    pieces: tuple = ()  # the spoken text as (text, index in changes or None), for highlighting


@dataclass(frozen=True)
class ReadThrough:
    title: Passage
    paragraphs: tuple[Passage, ...]
    script: ReadAloud  # with the overrides applied: what the exports are made from


def _measured_rate(language):
    """The synthesiser's measured rate for ``language`` (None without a voice): the exports measure it."""
    # Exports are built on speech, not the reverse.
    from channels.loudspeaker.exports.mp3 import calibrated_syllables_per_minute

    return calibrated_syllables_per_minute(language)


def _passages(texts, language, overrides):
    """Each text with its spoken form and changes; overrides {key: spoken} replace single occurrences."""
    if not is_vietnamese(language):
        return [Passage(text, text) for text in texts]
    glossary = current_glossary()
    seen, passages = {}, []
    for text in texts:
        tracked = normalise_tracked(text, glossary)
        changes, chosen = [], {}
        for index, span in enumerate(tracked.spans()):
            seen[span.source] = seen.get(span.source, 0) + 1
            key = f"{span.source}#{seen[span.source]}"
            said = unicodedata.normalize("NFC", " ".join(str(overrides.get(key, "")).split()))
            if said:
                chosen[index] = said
            changes.append(Change(key, span.start, span.end, span.source, said or span.spoken, span.rule,
                                  overridden=bool(said), suggested=span.spoken))
        passages.append(Passage(tracked.source, tracked.spoken(chosen), tuple(changes),
                                tuple(tracked.pieces(chosen))))
    return passages


def read_through(*, title: str, html: str, language: str, overrides: dict | None = None,
                 target_seconds: int | None = None, cap_seconds: int | None = None) -> ReadThrough:
    """The script as the read-through view shows it: every passage written and spoken, with its changes."""
    if not language:
        raise ValueError("read_through needs the script's language (a BCP 47 tag such as 'vi')")
    title = " ".join(unicodedata.normalize("NFC", title or "").split())
    texts = [title, *html_paragraphs(html)]
    passages = _passages(texts, language, overrides or {})
    spoken_title = passages[0].spoken
    paragraphs = tuple(passage.spoken for passage in passages[1:] if passage.spoken)
    syllables = syllable_count(spoken_title) + sum(syllable_count(paragraph) for paragraph in paragraphs)
    seconds = reading_seconds(syllables, rate=_measured_rate(language))
    warnings = []
    if target_seconds and seconds > target_seconds:
        warnings.append(f"over_target: Reading takes about {minutes_seconds(seconds)}, "
                        f"longer than the target of {minutes_seconds(target_seconds)}.")
    if cap_seconds and seconds > cap_seconds:
        warnings.append(f"over_cap: Reading takes about {minutes_seconds(seconds)}, "
                        f"longer than the station's session cap of {minutes_seconds(cap_seconds)}.")
    script = ReadAloud(title=spoken_title, paragraphs=paragraphs, language=language, syllables=syllables,
                       seconds=seconds, warnings=tuple(warnings))
    return ReadThrough(passages[0], tuple(passage for passage in passages[1:] if passage.written), script)


def read_aloud(*, title: str, html: str, language: str, target_seconds: int | None = None,
               cap_seconds: int | None = None, overrides: dict | None = None) -> ReadAloud:
    """The script of one item in one language: spoken title and paragraphs, syllables, time, warnings.

    ``overrides`` ({"31/4#1": "ba mươi tháng tư"}) are an editor's corrections of single
    occurrences, made in the read-through view and stored with the page's revision.
    """
    if not language:
        raise ValueError("read_aloud needs the script's language (a BCP 47 tag such as 'vi')")
    return read_through(title=title, html=html, language=language, overrides=overrides,
                        target_seconds=target_seconds, cap_seconds=cap_seconds).script


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
