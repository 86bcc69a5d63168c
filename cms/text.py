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


def _latin_variants():
    """Every precomposed Latin letter that is an ASCII letter plus marks: {"a": "àáảãạăằ…", ...}."""
    variants = {}
    for code in range(0x00C0, 0x1F00):
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        if len(decomposed) > 1 and base.isascii() and base.isalpha() and all(
                unicodedata.combining(mark) for mark in decomposed[1:]):
            variants.setdefault(base, []).append(char)
    variants.setdefault("d", []).append("đ")
    variants.setdefault("D", []).append("Đ")
    return {base: "".join(chars) for base, chars in sorted(variants.items())}


LATIN_VARIANTS = _latin_variants()
_DIACRITIC_TABLE = str.maketrans({char: base for base, chars in LATIN_VARIANTS.items() for char in chars})


def ascii_fold(text):
    """Vietnamese (and other Latin) letters to their base letters, case kept: "Đắk Lắk" -> "Dak Lak".

    Unlike Django's slugify, which drops "đ" (it has no decomposition), "đ" becomes "d".
    Marks left combining after NFC (Jơ Rai's breve) are dropped.
    """
    folded = nfc(text or "").translate(_DIACRITIC_TABLE)
    return "".join(ch for ch in unicodedata.normalize("NFD", folded) if not unicodedata.combining(ch))


def vi_slugify(text, *, max_length=None):
    """ASCII slug of a Vietnamese title: "Hộ gia đình để" -> "ho-gia-dinh-de"."""
    from django.utils.text import slugify

    slug = slugify(ascii_fold(text))
    if max_length:
        slug = slug[:max_length].rstrip("-")
    return slug
