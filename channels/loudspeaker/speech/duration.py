"""How long a script takes to read: syllables at the station's reading rate.

Vietnamese writes one syllable per space-separated word, so after normalisation
(numbers and abbreviations in words) the words are the syllables. So do the
Latin alphabets of the ethnic languages, closely enough for a duration.

Khmer and Cham do not put a space after every syllable (Khmer none inside a
phrase). Each of their written syllables starts with one base letter, a consonant
or an independent vowel. Cham writes final consonants with letters of their own
(U+AA40-U+AA4D), so its syllables are its other base letters. Khmer writes a final
as an ordinary consonant, so a Khmer consonant starts a syllable only when a vowel
sign, a subscript (coeng) or a register sign follows it, or when the syllable
before already has its final; otherwise it closes the syllable before
(ធានារ៉ាប់រង: ធា-នា-រ៉ាប់-រង, four). Tai Viet mostly puts a space between
syllables, but its finals are ordinary consonants and clusters such as "khw"
exist, so letters cannot tell where a syllable ends: a word counts one syllable
per four grapheme clusters (prepended vowel, initial, vowel sign, final), at
least one; so do Thai, Lao and Myanmar words, should a script use them.
"""

import math

import regex
from django.conf import settings

DEFAULT_SYLLABLES_PER_MINUTE = 270

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*")
_KHMER_BASE = regex.compile(r"(?<!\u17D2)[\u1780-\u17B3]")  # not a subscript (coeng + consonant)
_KHMER_OPENS = frozenset(chr(code) for code in (*range(0x17B6, 0x17C6), 0x17C9, 0x17CA, 0x17D2))
_CHAM_BASE = regex.compile(r"[\uAA00-\uAA28]")  # independent vowels and initial consonants
_UNSPACED = regex.compile(r"[\p{Script=Tai_Viet}\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}]")
_GRAPHEME = regex.compile(r"\X")
GRAPHEMES_PER_SYLLABLE = 4


def _khmer_syllables(word):
    count, has_final = 0, True
    for match in _KHMER_BASE.finditer(word):
        following = word[match.end():match.end() + 1]
        if count and not has_final and following not in _KHMER_OPENS and match.group() < "\u17A3":
            has_final = True  # closes the syllable before
        else:
            count += 1
            has_final = False
    return count


def word_syllables(word):
    khmer = _khmer_syllables(word)
    cham = len(_CHAM_BASE.findall(word))
    unspaced = sum(1 for cluster in _GRAPHEME.findall(word) if _UNSPACED.match(cluster))
    return max(1, khmer + cham + math.ceil(unspaced / GRAPHEMES_PER_SYLLABLE))


def syllable_count(text):
    """Syllables in ``text`` (spoken form): one per word, more in a word of an unspaced script."""
    return sum(word_syllables(word) for word in _WORD.findall(text or ""))


def syllables_per_minute():
    rate = getattr(settings, "VSS_SPEECH_SYLLABLES_PER_MINUTE", DEFAULT_SYLLABLES_PER_MINUTE)
    if not rate or rate <= 0:
        raise ValueError("VSS_SPEECH_SYLLABLES_PER_MINUTE must be a positive number")
    return rate


def reading_seconds(syllables, *, rate=None):
    """Seconds to read ``syllables`` at ``rate`` syllables a minute (the synthesiser's measured rate for the
    script's language, channels.loudspeaker.exports.calibration), else at VSS_SPEECH_SYLLABLES_PER_MINUTE."""
    return round(syllables * 60 / (rate or syllables_per_minute()), 1)


def minutes_seconds(seconds):
    """ "3 min 05 s": for the English text of warnings and logs."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"
