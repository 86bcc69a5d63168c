"""Text rewritten rule by rule that remembers, for every changed piece, where it came from and which rule made it.

The normaliser is a chain of regular-expression rules over one paragraph. The read-through
view (Đọc thử) must show, for each change, the written range, what is said instead and the
rule that said it, and an editor may correct one occurrence. So instead of a plain string the
chain rewrites a list of segments: unchanged ones map character for character back to the
written text; a changed one is atomic and carries its source range and rule names. A later
rule that touches a changed piece swallows it whole (the piece keeps its source range and both
rule names), so a span never points into the middle of another rule's output.
"""

import bisect
import unicodedata
from dataclasses import dataclass

import regex


@dataclass(frozen=True)
class Span:
    """One change: ``source[start:end]`` of the written paragraph is said as ``spoken``, by ``rule``."""

    start: int
    end: int
    source: str
    spoken: str
    rule: str  # "date", "document+glossary", ...


@dataclass
class _Segment:
    text: str
    start: int  # source range
    end: int
    rule: str | None  # None: copied unchanged from the source


_PUNCT_AFTER = frozenset(",.;:!?…)]”")
_WHITESPACE = regex.compile(r"\s+")
_SPACE_BEFORE_PUNCT = regex.compile(r" ([,.;:!?…)\]”])")


class Tracked:
    def __init__(self, source):
        self.source = source
        self._segments = [_Segment(source, 0, len(source), None)] if source else []
        self._text = None

    @property
    def text(self):
        if self._text is None:
            self._text = "".join(segment.text for segment in self._segments)
        return self._text

    def sub(self, pattern, replacement, rule, *, cleanup=False):
        """Apply ``pattern.sub(replacement)`` and record what changed as made by ``rule``.

        ``cleanup`` rules (spacing, signs) add no name of their own to a change they only tidy.
        """
        text = self.text
        edits = []
        for match in pattern.finditer(text):
            said = replacement(match) if callable(replacement) else match.expand(replacement)
            if said != match.group(0):
                edits.append((match.start(), match.end(), said))
        if edits:
            self._apply(edits, rule, cleanup)

    def _apply(self, edits, rule, cleanup):
        text, segments = self.text, self._segments
        offsets, position = [], 0
        for segment in segments:
            offsets.append(position)
            position += len(segment.text)

        def touched(lo, hi):
            """Indexes of the segments [lo, hi) touches (an insertion: the one it falls strictly inside)."""
            first = max(0, bisect.bisect_right(offsets, lo) - 1)
            for index in range(first, len(segments)):
                seg_lo, seg_hi = offsets[index], offsets[index] + len(segments[index].text)
                if seg_lo >= max(hi, lo + 1):
                    break
                if (seg_lo < hi and seg_hi > lo) or (hi == lo and seg_lo < lo < seg_hi):
                    yield index

        merged = []  # [lo, hi, [(start, end, said), ...]]: a changed segment touched is taken whole
        for start, end, said in edits:
            lo, hi = start, end
            for index in touched(start, end):
                if segments[index].rule is not None:
                    lo, hi = min(lo, offsets[index]), max(hi, offsets[index] + len(segments[index].text))
            if merged and lo < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
                merged[-1][2].append((start, end, said))
            else:
                merged.append([lo, hi, [(start, end, said)]])

        out, cursor = [], 0
        for lo, hi, pieces in merged:
            out.extend(self._slice(offsets, cursor, lo))
            said, at = [], lo
            for start, end, words in pieces:
                said += [text[at:start], words]
                at = end
            said.append(text[at:hi])
            source_start = source_end = None
            rules = []
            for index in touched(lo, hi):
                segment, offset = segments[index], offsets[index]
                if segment.rule is None:
                    s = segment.start + max(lo, offset) - offset
                    e = segment.start + min(hi, offset + len(segment.text)) - offset
                else:
                    s, e = segment.start, segment.end
                    rules.extend(name for name in segment.rule.split("+") if name not in rules)
                source_start = s if source_start is None else min(source_start, s)
                source_end = e if source_end is None else max(source_end, e)
            if source_start is None:  # an insertion between two segments
                source_start = source_end = self._source_at(offsets, lo)
            if (not cleanup or not rules) and rule not in rules:
                rules.append(rule)
            out.append(_Segment("".join(said), source_start, source_end, "+".join(rules)))
            cursor = hi
        out.extend(self._slice(offsets, cursor, len(text)))
        self._segments = [segment for segment in out if segment.text or segment.rule]
        self._text = None

    def _slice(self, offsets, lo, hi):
        """The segments covering text[lo:hi]; an unchanged one is cut, a changed one never is."""
        pieces = []
        if hi <= lo:
            return pieces
        first = max(0, bisect.bisect_right(offsets, lo) - 1)
        for index in range(first, len(self._segments)):
            segment, offset = self._segments[index], offsets[index]
            if offset >= hi:
                break
            seg_hi = offset + len(segment.text)
            if seg_hi <= lo:
                continue
            if segment.rule is not None or (offset >= lo and seg_hi <= hi):
                pieces.append(segment)
                continue
            cut_lo, cut_hi = max(lo, offset) - offset, min(hi, seg_hi) - offset
            pieces.append(_Segment(segment.text[cut_lo:cut_hi], segment.start + cut_lo, segment.start + cut_hi, None))
        return pieces

    def _source_at(self, offsets, position):
        index = max(0, bisect.bisect_right(offsets, position) - 1)
        if index >= len(self._segments):
            return len(self.source)
        segment = self._segments[index]
        if segment.rule is None:
            return min(segment.end, segment.start + position - offsets[index])
        return segment.end

    def squash(self):
        """One space between words, none before closing punctuation or at either end; NFC in every piece."""
        out, blank = [], True  # blank: what is emitted so far is empty or ends with a space
        for segment in self._segments:
            text = _SPACE_BEFORE_PUNCT.sub(r"\1", _WHITESPACE.sub(" ", segment.text))
            if blank:
                text = text.lstrip(" ")
            if text[:1] in _PUNCT_AFTER:
                for piece in reversed(out):
                    if piece.text:
                        piece.text = piece.text.rstrip(" ")
                        break
            segment.text = unicodedata.normalize("NFC", text)
            if segment.text:
                blank = segment.text.endswith(" ")
            out.append(segment)
        for piece in reversed(out):
            if piece.text:
                piece.text = piece.text.rstrip(" ")
                break
        self._segments = [segment for segment in out if segment.text or segment.rule]
        self._text = None

    def spans(self):
        """The changes, in order; a change that only tidied spacing is not one."""
        found = []
        for segment in self._segments:
            if segment.rule is None:
                continue
            source = self.source[segment.start:segment.end]
            if " ".join(source.split()) == segment.text.strip():
                continue
            found.append(Span(segment.start, segment.end, source, segment.text.strip(), segment.rule))
        return found

    def pieces(self, overrides=None):
        """The spoken text as (text, index of the change in spans() or None) pieces, overrides applied."""
        pieces, number = [], 0
        for segment in self._segments:
            text, index = segment.text, None
            if segment.rule is not None and " ".join(self.source[segment.start:segment.end].split()) != text.strip():
                index = number
                if overrides and number in overrides:
                    text = (" " if text.startswith(" ") else "") + overrides[number] + (" " if text.endswith(" ") else "")
                number += 1
            pieces.append((text, index))
        return pieces

    def spoken(self, overrides=None):
        """The spoken text; ``overrides`` maps a span's index in spans() to what to say instead."""
        if not overrides:
            return self.text
        return _WHITESPACE.sub(" ", "".join(text for text, _index in self.pieces(overrides))).strip()
