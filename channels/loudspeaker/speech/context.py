"""The context model for numbers that are not plain quantities: documents, quarters, ratios, codes, counts.

"3/2025", "1/7", "1/1000" and "31/4" have the same shape; what they are depends on the
word before, the shape around them and whether they could be a date at all:

- a **document number** has a document's code after it ("3/2025/NĐ-CP", "28-NQ/TW",
  "595/QĐ-BHXH", "3371/BHXH-TT") or a document's name before it ("Nghị định số 3/2025");
  it is read "số ba năm hai nghìn không trăm hai mươi lăm của Chính phủ", the code's type
  said only if the text has not said it, its issuer after "của", its departments not at all;
- a **quarter** is "quý" before a numeral and a year ("quý III/2025" -> "quý ba năm ...");
- a **ratio** follows "tỷ lệ" ("tỷ lệ 1/1000" -> "tỷ lệ một phần một nghìn");
- a **date** must exist: "31/4" and "30/2" are not dates (vietnamese._valid_date), they are
  read "ba mươi mốt trên bốn", as an address or a ratio is;
- an **identifier** (a 10-digit social insurance number, a 12-digit citizen ID, a health
  insurance card code "DN4010123456789") is read digit by digit in groups, never as billions;
- a **count** with a leading zero ("01 bản sao") is a count when a counting noun follows
  (channels/loudspeaker/speech/data/counters.txt); elsewhere the zero belongs to a name ("Đề án 06").

Vocabulary (document types, issuers, counting nouns) comes from the glossary, so a
province adds its own in the admin.
"""

from functools import lru_cache

import regex

from channels.loudspeaker.speech import numbers

_NUM_BEFORE = r"(?<!\p{N})(?<!\p{N}[.,/])"
_NUM_AFTER = r"(?![\p{N}]|[.,/][\p{N}])"

# --- document numbers -----------------------------------------------------------------
DOCUMENT_WORDS = ("nghị định", "thông tư liên tịch", "thông tư", "nghị quyết", "quyết định", "công văn", "chỉ thị",
                  "luật", "bộ luật", "pháp lệnh", "kế hoạch", "thông báo", "hướng dẫn", "văn bản", "kết luận",
                  "tờ trình", "quy chế", "báo cáo", "quy định")
_DOCUMENT_WORD_BEFORE = regex.compile(rf"(?i:{'|'.join(DOCUMENT_WORDS)})\s*$")
_NUMBER_WORD_BEFORE = regex.compile(r"(?i:số)\s*$")
DOCUMENT = regex.compile(
    rf"{_NUM_BEFORE}(?P<number>\d+)(?:/(?P<year>(?:19|20)\d\d))?"
    r"(?:[/-](?P<code>\p{Lu}[\p{L}\p{M}\p{N}]*(?:[-/&][\p{L}\p{M}\p{N}]+)*))?"
    r"(?![\p{N}\p{L}]|[/.-]\p{N})"
)
# The text names the issuer itself ("28-NQ/TW ngày 23/5/2018 của Ban Chấp hành Trung ương"): not said twice.
_ISSUER_AFTER = regex.compile(r"\s*,?\s*(?:ngày\s+[\d/.-]+\s*,?\s*)?(?:của|do)(?![\p{L}\p{M}])")
_LEGISLATURE = regex.compile(r"(?P<body>QH|UBTVQH)(?P<term>\d{1,2})")
_LETTER_NAMES = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "Ê": "ê", "F": "ép",
    "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o",
    "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "Ư": "ư", "V": "vê",
    "W": "vê kép", "X": "ích", "Y": "i dài", "Z": "dét",
}


def spelt(letters):
    """ "DN" -> "dê en nờ": capitals by their Vietnamese names, as a code is read out."""
    return " ".join(_LETTER_NAMES.get(char.upper(), char) for char in letters)


def _issuer(code, glossary, *, loose=True):
    if code in glossary.issuers:
        return glossary.issuers[code]
    legislature = _LEGISLATURE.fullmatch(code)
    if legislature:
        body = glossary.issuers.get(legislature["body"], "Quốc hội")
        return f"{body} khóa {numbers.integer_words(int(legislature['term']))}"
    return glossary.spoken.get(code) if loose else None


def document(glossary):
    """The rule for document numbers, reading types and issuers from ``glossary``."""

    def read(match):
        before = match.string[max(0, match.start() - 40):match.start()]
        named = _DOCUMENT_WORD_BEFORE.search(before) is not None
        numbered = _NUMBER_WORD_BEFORE.search(before) is not None
        kind = issuer = None
        if match["code"]:
            parts = regex.split(r"[-/&]", match["code"])
            if parts[0] in glossary.document_types:
                kind = glossary.document_types[parts[0]]
                issuer = _issuer(parts[1], glossary) if len(parts) > 1 else None  # unknown: not said
            else:
                # Without a type first, only a known issuer makes it a document ("đợt 2-BHYT" is not one).
                issuer = _issuer(parts[0], glossary, loose=False)
                if issuer is None:
                    return match.group(0)  # "7-Eleven", "2-Tháng": not a document's code
        elif not (match["year"] and (named or numbered)):
            return match.group(0)  # "tháng 3/2025" is a month; "số 3/2025" and "Nghị định 3/2025" are not
        said = [] if numbered else (["số"] if named or kind is None else [kind, "số"])
        said.append(numbers.integer_words(int(match["number"])))
        if match["year"]:
            said += ["năm", numbers.integer_words(int(match["year"]))]
        if issuer and not _ISSUER_AFTER.match(match.string, match.end()):
            said += ["của", issuer]
        return " ".join(said)

    return read


# --- quarters and ratios --------------------------------------------------------------------
QUARTER = regex.compile(
    r"(?P<word>[Qq]uý)\s+(?P<quarter>IV|I{1,3}|[1-4])(?:\s*/\s*|\s+năm\s+)(?P<year>(?:19|20)\d\d)(?!\p{N})"
)


def quarter(match):
    value = numbers.roman_value(match["quarter"]) or int(match["quarter"])
    return f"{match['word']} {numbers.integer_words(value)} năm {numbers.integer_words(int(match['year']))}"


RATIO = regex.compile(
    rf"(?P<word>(?i:tỷ lệ|tỉ lệ|tỷ lệ bản đồ))\s+{_NUM_BEFORE}(?P<part>\d+)\s*[/:]\s*"
    rf"(?P<whole>\d{{1,3}}(?:\.\d{{3}})+|\d+){_NUM_AFTER}(?!\s?%)"
)


def ratio(match):
    whole = int(match["whole"].replace(".", ""))
    if whole == 0:
        return match.group(0)
    return f"{match['word']} {numbers.integer_words(int(match['part']))} phần {numbers.integer_words(whole)}"


# --- identifiers ----------------------------------------------------------------------------
# A health insurance card code: two letters, then the digits ("DN4010123456789").
CARD = regex.compile(r"(?<![\p{L}\p{N}])(?P<letters>\p{Lu}{2,3})(?P<digits>\d{8,13})(?![\p{L}\p{N}])")
_ID_WORDS = (r"mã số|mã|số sổ|sổ|số thẻ|thẻ|số tài khoản|tài khoản|số định danh(?: cá nhân)?|định danh|"
             r"căn cước công dân|căn cước|chứng minh nhân dân|hộ chiếu")
# A code called one ("mã số bảo hiểm xã hội 7912345678", "số thẻ: 0123 456"), or any digit string
# of nine digits or more that no money word follows: nobody writes an amount without its dots.
IDENTIFIER = regex.compile(
    rf"(?:(?<=(?i:{_ID_WORDS})(?:\s+\p{{Ll}}[\p{{L}}\p{{M}}]*){{0,4}}\s*(?:là\s*)?:?\s*){_NUM_BEFORE}(?P<called>\d{{6,}})"
    rf"|{_NUM_BEFORE}(?P<long>\d{{9,}})(?!\s?(?:đồng|triệu|tỷ|nghìn|ngàn|USD|VNĐ|đ\b)))(?![\p{{N}}]|[.,]\p{{N}})"
)
_GROUPS = {10: (4, 3, 3), 12: (3, 3, 3, 3), 13: (1, 2, 10), 15: (2, 1, 2, 10)}


def digit_groups(digits):
    """Digit by digit in groups a listener can follow: "7912345678" -> "bảy chín một hai, ba bốn năm, ..."."""
    sizes = _GROUPS.get(len(digits)) or tuple([3] * (len(digits) // 3)) + ((len(digits) % 3,) if len(digits) % 3 else ())
    out, start = [], 0
    for size in sizes:
        group = digits[start:start + size]
        start += size
        if len(group) > 4:
            out.extend(digit_groups(group).split(", "))
        elif group:
            out.append(numbers.digit_words(group))
    return ", ".join(out)


def identifier(match):
    return digit_groups(match["called"] or match["long"])


def card(match):
    return f"{spelt(match['letters'])}, {digit_groups(match['digits'])}"


# --- counts with a leading zero -------------------------------------------------------------
@lru_cache(maxsize=8)
def _count_pattern(counters):
    return regex.compile(
        rf"{_NUM_BEFORE}(?P<digits>0\d{{1,2}}){_NUM_AFTER}(?=\s+(?:{'|'.join(map(regex.escape, counters))})"
        r"(?![\p{L}\p{M}]))"
    )


def count(glossary):
    return _count_pattern(glossary.counters), lambda match: numbers.integer_words(int(match["digits"]))
