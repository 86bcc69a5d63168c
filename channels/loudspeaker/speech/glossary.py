"""The read-aloud vocabulary: the glossary (media.models.Abbreviation) over the shipped data files.

Vocabulary is data, not code. The shipped defaults are in channels/loudspeaker/speech/data/ (units,
document types and issuers, counting nouns); the admin glossary adds to and overrides
them: an entry's ``kind`` says whether it is an abbreviation (read wherever it is written),
a unit (read after a number), a document type or an issuer (read inside a document number).
So a province adds its own without a release.

Each process keeps the compiled glossary and asks the database one cheap question
per use (how many entries, when the last one changed); it reloads only when the
answer differs. So an edit in the admin takes effect at the next script rendered,
in the web process and in every Celery worker alike, without a shared cache.
"""

import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex
from django.db.models import Count, Max

DATA_DIR = Path(__file__).resolve().parent / "data"
ABBREVIATION, UNIT, DOCUMENT_TYPE, ISSUER = "abbreviation", "unit", "document_type", "issuer"

_lock = threading.Lock()
_loaded = {"stamp": None, "glossary": None}


def _rows(name):
    with open(DATA_DIR / name, encoding="utf-8") as lines:
        for line in lines:
            line = unicodedata.normalize("NFC", line.rstrip("\n"))
            if line.strip() and not line.startswith("#"):
                yield line.split("\t")


@lru_cache(maxsize=1)
def shipped():
    """The defaults in channels/loudspeaker/speech/data/: {kind: {written: spoken}} and the counting nouns."""
    vocabulary = {UNIT: {}, DOCUMENT_TYPE: {}, ISSUER: {}}
    for written, spoken in _rows("units.tsv"):
        vocabulary[UNIT][written] = spoken
    for kind, code, spoken in _rows("documents.tsv"):
        vocabulary[{"type": DOCUMENT_TYPE, "issuer": ISSUER}[kind]][code] = spoken
    counters = tuple(row[0] for row in _rows("counters.txt"))
    return vocabulary, counters


def _alternation(texts):
    # Longest first, so "BHXH VN" is tried before "BHXH" and "km2" before "km".
    return "|".join(regex.escape(text) for text in sorted(texts, key=lambda t: (-len(t), t)))


@dataclass(frozen=True)
class Glossary:
    spoken: dict  # abbreviation as written -> spoken form
    pattern: "regex.Pattern | None"
    units: dict = field(default_factory=dict)
    unit_pattern: "regex.Pattern | None" = None
    document_types: dict = field(default_factory=dict)
    issuers: dict = field(default_factory=dict)
    counters: tuple = ()

    @classmethod
    def build(cls, entries):
        """``entries``: (text, spoken) or (text, spoken, kind) rows, over the shipped defaults."""
        defaults, counters = shipped()
        kinds = {ABBREVIATION: {}, **{kind: dict(values) for kind, values in defaults.items()}}
        for entry in entries:
            text, said, kind = (*entry, ABBREVIATION)[:3]
            if text and said:
                kinds.get(kind or ABBREVIATION, kinds[ABBREVIATION])[text] = said
        spoken = kinds[ABBREVIATION]
        pattern = None
        if spoken:
            # Whole words only: no letter or digit may touch the start, and no letter the end
            # ("QH15" is "QH" then "15").
            pattern = regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:{_alternation(spoken)})(?![\p{{L}}\p{{M}}])")
        units = kinds[UNIT]
        unit_pattern = regex.compile(
            rf"(?<=\d)(?P<space>\s?)(?P<unit>{_alternation(units)})(?![\p{{L}}\p{{M}}\p{{N}}]|\.\p{{L}})"
        ) if units else None
        return cls(spoken, pattern, units, unit_pattern, kinds[DOCUMENT_TYPE], kinds[ISSUER], counters)

    def expand(self, text):
        if self.pattern is None:
            return text
        return self.pattern.sub(self.spoken_form, text)

    def spoken_form(self, match):
        said = self.spoken[match.group(0)]
        # Keep a space between the spoken form and a digit or letter that touched the abbreviation.
        after = match.string[match.end():match.end() + 1]
        return said + (" " if after and after.isalnum() else "")


def current_glossary():
    """The glossary as it is in the database now."""
    from media.models import Abbreviation

    stamp = tuple(Abbreviation.objects.aggregate(count=Count("id"), changed=Max("updated_at")).values())
    with _lock:
        if _loaded["stamp"] != stamp or _loaded["glossary"] is None:
            entries = list(Abbreviation.objects.values_list("text", "spoken", "kind"))
            _loaded["glossary"] = Glossary.build(entries)
            _loaded["stamp"] = stamp
        return _loaded["glossary"]
