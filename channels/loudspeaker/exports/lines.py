"""Where a line may end: ICU's line breaker, with its dictionaries for scripts written without spaces.

Khmer (like Thai, Lao and Myanmar) puts no space between words, so a printer that breaks
only at spaces either overflows or cuts wherever the line is full, often inside a letter
cluster: the next line then starts with a dependent vowel or a subscript consonant. ICU's
line BreakIterator knows the words from its dictionaries and never offers a break inside a
grapheme cluster. When a single word is wider than the line, it is cut between grapheme
clusters (Unicode extended grapheme clusters, \\X), never inside one.

ICU comes from the ``pyicu-wheels`` distribution: the same ``icu`` module and BreakIterator
as PyICU, built as manylinux wheels that carry ICU itself, so ``pip install`` works on a
machine with only Python (PyICU itself is a source package needing libicu-dev and a compiler).
"""

import threading

import icu
import regex

_GRAPHEME = regex.compile(r"\X")


_local = threading.local()  # a BreakIterator holds its text: one per thread and locale


def _breaker(locale):
    breakers = _local.__dict__.setdefault("breakers", {})
    if locale not in breakers:
        breakers[locale] = icu.BreakIterator.createLineInstance(icu.Locale(locale))
    return breakers[locale]


def break_pieces(text, locale="vi"):
    """``text`` cut at every place a line may end; the pieces keep their spaces, so "".join() gives it back."""
    if not text:
        return []
    breaker = _breaker(locale)
    breaker.setText(text)
    # ICU counts in UTF-16 code units; Python in code points: convert through the UTF-16 offsets.
    bounds = [0, *breaker]
    if all(ord(char) < 0x10000 for char in text):
        return [text[start:end] for start, end in zip(bounds, bounds[1:]) if end > start]
    units = icu.UnicodeString(text)
    return [str(units[start:end]) for start, end in zip(bounds, bounds[1:]) if end > start]


def wrap(text, width, measure, locale="vi"):
    """Lines of ``text`` no wider than ``width`` by ``measure(str) -> float``, broken where ICU allows."""
    lines, line = [], ""
    for piece in break_pieces(text, locale):
        if measure((line + piece).rstrip()) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
            line = ""
        if measure(piece.rstrip()) <= width:
            line = piece
            continue
        for cluster in _GRAPHEME.findall(piece):  # one word wider than the line: cut between clusters
            if line and measure((line + cluster).rstrip()) > width:
                lines.append(line.rstrip())
                line = ""
            line += cluster
    if line.strip():
        lines.append(line.rstrip())
    return lines
