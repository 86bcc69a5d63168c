"""Text rules for Vietnamese and the ethnic-minority alphabets.

Everything is stored in NFC. Lengths and cuts count grapheme clusters: Jơ Rai and
Ê Đê write letters such as "ơ̆" (o with horn + combining breve) that have no
precomposed form, so a code-point count would split a letter in two. The
``regex`` module's ``\\X`` implements Unicode extended grapheme clusters, which
the standard library does not.
"""

import unicodedata

import regex

_GRAPHEME = regex.compile(r"\X")
_SPACE = regex.compile(r"\s")


def nfc(value):
    """Return ``value`` in NFC if it is a string; anything else unchanged."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def nfc_deep(value):
    """NFC every string inside nested lists and dicts (StreamField data, JSON)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    if isinstance(value, tuple):
        return tuple(nfc_deep(item) for item in value)
    if isinstance(value, dict):
        return {nfc_deep(key): nfc_deep(item) for key, item in value.items()}
    return value


def graphemes(text):
    return _GRAPHEME.findall(nfc(text or ""))


def grapheme_len(text):
    text = nfc(text or "")
    if text.isascii():  # one code point per cluster, except CR LF, which we keep as two
        return len(text) - text.count("\r\n")
    return len(_GRAPHEME.findall(text))


def truncate(text, limit, *, ellipsis="…", at_word=True):
    """Cut ``text`` to at most ``limit`` grapheme clusters, ellipsis included.

    With ``at_word`` the cut falls on the last space before the limit when there is
    one in the second half of the text, so no word is broken.
    """
    text = nfc(text or "")
    if len(text) <= limit:  # never more clusters than code points
        return text
    clusters = _GRAPHEME.findall(text)
    if len(clusters) <= limit:
        return text
    room = max(limit - len(graphemes(ellipsis)), 0)
    cut = clusters[:room]
    if at_word:
        for index in range(len(cut) - 1, room // 2 - 1, -1):
            if _SPACE.fullmatch(cut[index]):
                cut = cut[:index]
                break
    return "".join(cut).rstrip() + ellipsis


def fold(text):
    """Case- and diacritic-insensitive key: "Bảo hiểm Y tế" -> "bao hiem y te"."""
    decomposed = unicodedata.normalize("NFD", nfc(text or "").casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")
