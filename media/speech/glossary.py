"""The read-aloud glossary (media.models.Abbreviation), loaded once per change.

Each process keeps the compiled glossary and asks the database one cheap question
per use (how many entries, when the last one changed); it reloads only when the
answer differs. So an edit in the admin takes effect at the next script rendered,
in the web process and in every Celery worker alike, without a shared cache.
"""

import threading
from dataclasses import dataclass

import regex
from django.db.models import Count, Max

_lock = threading.Lock()
_loaded = {"stamp": None, "glossary": None}


@dataclass(frozen=True)
class Glossary:
    spoken: dict  # text as written -> spoken form
    pattern: "regex.Pattern | None"

    @classmethod
    def build(cls, entries):
        spoken = {text: said for text, said in entries if text and said}
        if not spoken:
            return cls(spoken, None)
        # Longest first, so "BHXH VN" is tried before "BHXH"; whole words only: no letter or
        # digit may touch the start, and no letter the end ("QH15" is "QH" then "15").
        alternatives = "|".join(regex.escape(text) for text in sorted(spoken, key=lambda t: (-len(t), t)))
        return cls(spoken, regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{M}}])"))

    def expand(self, text):
        if self.pattern is None:
            return text

        def spoken_form(match):
            said = self.spoken[match.group(0)]
            # Keep a space between the spoken form and a digit or letter that touched the abbreviation.
            after = text[match.end():match.end() + 1]
            return said + (" " if after and after.isalnum() else "")

        return self.pattern.sub(spoken_form, text)


def current_glossary():
    """The glossary as it is in the database now."""
    from media.models import Abbreviation

    stamp = tuple(Abbreviation.objects.aggregate(count=Count("id"), changed=Max("updated_at")).values())
    with _lock:
        if _loaded["stamp"] != stamp or _loaded["glossary"] is None:
            entries = list(Abbreviation.objects.values_list("text", "spoken"))
            _loaded["glossary"] = Glossary.build(entries)
            _loaded["stamp"] = stamp
        return _loaded["glossary"]
