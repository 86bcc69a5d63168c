"""Vietnamese text as an announcer reads it: every abbreviation, number, date and sign in words.

Rule-based and offline. The rules run in a fixed order, each turning one kind of
written form into words, so a later rule never sees what an earlier one handled. Each
rule has a name; normalise_tracked returns, besides the spoken text, every change with
its written range and the rule's name (the read-through view shows them):

 1. ``address``: e-mail and web addresses spelt out ("a còng", "chấm");
 2. ``document``, ``quarter``, ``ratio`` (channels.loudspeaker.speech.context): "3/2025/NĐ-CP", "quý III/2025",
    "tỷ lệ 1/1000"; ``multiply``: "3x4" -> "ba nhân bốn";
 3. ``identifier``: card codes ("DN4010123456789"), then ``unit`` after a number (data-driven:
    "12 km", "2 ha", "500 ml"), then ``glossary`` abbreviations, longest first, whole words;
 4. ``phone`` (digit by digit in its groups), ``identifier`` (long codes digit by digit);
 5. ``time`` ("7h30", "07:30", "7h30-11h");
 6. ``range`` (a dash between two dates -> "đến"), ``fraction`` ("giảm 1/3"), "24/7", ``date``
    ("01/7/2025", "1/7", "ngày 15/10", "7/2025", "ngày 5 tháng 7": only dates that exist);
 7. ``range`` ("2-3", "2020-2025" -> "đến"), the decimal point before %/triệu/tỷ;
 8. ``money`` ("đ", "VNĐ", "VND", "₫" -> "đồng"), ``rate`` ("đồng/tháng", "50.000/ngày",
    "%/tháng" -> "mỗi tháng");
 9. ``month`` ("tháng 4" -> "tháng tư"), ``range`` of weekdays ("Thứ 2 - Thứ 6"), ``ordinal``
    ("thứ 1" -> "thứ nhất"), ``roman`` after the words that take them ("Chương II", "khóa XV");
10. ``percent``, ``count`` ("01 bản sao" -> "một bản sao"), ``slash`` (what is left of "a/b":
    "31/4" -> "ba mươi mốt trên bốn") and ``number`` for every remaining number;
11. ``signs`` (&, /, dashes, bullets) and spacing.
"""

import calendar
import unicodedata

import regex

from channels.loudspeaker.speech import context, numbers
from channels.loudspeaker.speech.tracked import Tracked

_WORD_EDGE_BEFORE = r"(?<![\p{L}\p{M}\p{N}])"
_WORD_EDGE_AFTER = r"(?![\p{L}\p{M}\p{N}])"
# A number may not be glued to another number by a dot, comma or slash on either side.
_NUM_BEFORE = r"(?<!\p{N})(?<!\p{N}[.,/])"
_NUM_AFTER = r"(?![\p{N}]|[.,/][\p{N}])"

_SPACES = regex.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# Soft hyphens, joiners and byte-order marks from pasted text: nothing to say, and no word break.
_INVISIBLE = regex.compile(r"[\u00ad\u200c\u200d\u2060\ufeff]")

# --- phone numbers ------------------------------------------------------------------
_PHONE = regex.compile(
    r"(?<![\p{L}\p{N}.,/])"
    r"(?P<number>\+84(?:[ .]?\d{1,4}){3,4}|(?:1800|1900)(?:[ .]?\d{2,4}){1,2}|0\d{1,3}(?:[ .]?\d{2,4}){2,3}"
    r"|\(0\d{2,3}\)\s?\d{3,4}(?:[ .]?\d{2,4}){0,2})"
    r"(?![\p{L}\p{N}]|[.,/]\p{N})"
)


def _phone(match):
    raw = match.group("number").replace("(", "").replace(")", " ")
    digits = regex.sub(r"\D", "", raw)
    if raw.startswith("+84"):
        rest = digits[2:]
        if not 9 <= len(rest) <= 10:
            return match.group("number")
        groups = regex.split(r"[ .]", raw[3:].strip(" ."))
        groups = [group for group in groups if group] if len(groups) > 1 else _chunks(rest, (3, 3, 4))
        return "cộng tám tư, " + ", ".join(numbers.digit_words(group) for group in groups)
    if digits.startswith(("1800", "1900")):
        if not 8 <= len(digits) <= 10:
            return match.group("number")
    elif not 10 <= len(digits) <= 11:
        return match.group("number")
    groups = [group for group in regex.split(r"[ .]+", raw) if group]
    if len(groups) == 1:
        layout = {8: (4, 4), 10: (4, 3, 3), 11: (3, 4, 4)}.get(len(digits), (4, 3, 3))
        if digits.startswith(("1800", "1900")):
            layout = (4, len(digits) - 4)
        groups = _chunks(digits, layout)
    return ", ".join(numbers.digit_words(group) for group in groups)


def _chunks(digits, sizes):
    out, start = [], 0
    for size in sizes:
        if start >= len(digits):
            break
        out.append(digits[start:start + size])
        start += size
    if start < len(digits):
        out[-1] += digits[start:]
    return out


# --- addresses -------------------------------------------------------------------------
# An e-mail or web address is spelt out: "a còng" for @, "chấm" for each dot.
_ADDRESS = regex.compile(
    r"(?<![\p{L}\p{N}@.])(?:https?://)?(?:[\w.+-]+@)?(?:www\.)?[\w-]+(?:\.[\w-]+)*"
    r"\.(?:vn|com|org|net|gov|edu|info|int)(?:/[\w./?=&%-]*)?(?![\p{L}\p{N}])",
    regex.IGNORECASE,
)


def _address(match):
    address = regex.sub(r"^https?://", "", match.group(0)).rstrip("/")
    address = address.replace("@", " a còng ").replace(".", " chấm ").replace("/", " gạch chéo ")
    return " ".join(address.split())


# --- times --------------------------------------------------------------------------
_TIME_ONE = r"(\d{1,2})(?:[hg](\d{2})?|:(\d{2}))(?:'|p)?"
_TIME = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}:]){_TIME_ONE}(?:\s?[-–]\s?{_TIME_ONE})?(?![\p{{L}}\p{{N}}]|:\d)"
)


def _time_words(hour, minute):
    hour = int(hour)
    minute = int(minute) if minute else 0
    if hour > 24 or minute > 59:
        return None
    words = f"{numbers.integer_words(hour)} giờ"
    if minute:
        words += f" {numbers.integer_words(minute)} phút"
    return words


def _time(match):
    hour1, minute1h, minute1c, hour2, minute2h, minute2c = match.groups()
    first = _time_words(hour1, minute1h or minute1c)
    if first is None:
        return match.group(0)
    if hour2 is None:
        return first
    second = _time_words(hour2, minute2h or minute2c)
    if second is None:
        return match.group(0)
    return f"{first} đến {second}"


# --- products ("3x4", a photo's size) -------------------------------------------------
_MULTIPLY = regex.compile(rf"{_NUM_BEFORE}(?P<a>\d+(?:,\d+)?)\s?[x×]\s?(?P<b>\d+(?:,\d+)?){_NUM_AFTER}(?![\p{{L}}])")


# --- dates --------------------------------------------------------------------------
_DAY_PREFIX = r"(?:(?P<prefix>[Nn]gày|[Mm]ùng|[Mm]ồng)\s+)?"
_DATE_FULL = regex.compile(
    rf"{_WORD_EDGE_BEFORE}{_DAY_PREFIX}{_NUM_BEFORE}(?P<day>\d{{1,2}})(?P<sep>[/.-])(?P<month>\d{{1,2}})(?P=sep)"
    rf"(?P<year>\d{{4}}){_NUM_AFTER}"
)
_DATE_DAY_MONTH = regex.compile(
    rf"{_WORD_EDGE_BEFORE}{_DAY_PREFIX}{_NUM_BEFORE}(?P<day>\d{{1,2}})(?P<sep>/)(?P<month>\d{{1,2}}){_NUM_AFTER}"
)
# A dash between two dates is "đến" ("1/7 - 31/12", "01/7/2025-30/6/2026").
_DATE_SHAPE = r"\d{1,2}/\d{1,2}(?:/\d{4})?"
_DATE_RANGE = regex.compile(rf"(?<=(?<![\p{{N}}/]){_DATE_SHAPE})\s*[-–—]\s*(?={_DATE_SHAPE}(?![\p{{N}}]|/\d))")
_MONTH_YEAR = regex.compile(
    rf"{_WORD_EDGE_BEFORE}(?:(?P<prefix>[Tt]háng)\s+)?{_NUM_BEFORE}(?P<month>\d{{1,2}})/(?P<year>\d{{4}}){_NUM_AFTER}"
)
# After "ngày" a dot or a hyphen also separates day and month ("ngày 1.7", "Ngày 2-9"),
# unless a month follows.
_CALLED_DAY_MONTH = regex.compile(
    rf"(?P<prefix>[Nn]gày)\s+{_NUM_BEFORE}(?P<day>\d{{1,2}})(?P<sep>[.-])(?P<month>\d{{1,2}})(?![\p{{N}}]|[.,/-]\p{{N}})"
    r"(?!\s+tháng)"  # "ngày 2-3 tháng 10" is a range of days
)
# "ngày 5 tháng 7": the day before a spelled-out month.
_DAY_BEFORE_MONTH = regex.compile(r"(?P<prefix>[Nn]gày)\s+(?P<day>\d{1,2})(?=\s+tháng\s)")
# "1/3" is a share, not the 1st of March, after a word of quantity ("giảm 1/3") or before
# what it is a share of ("khoảng 1/3 số hộ"); "khoảng 1/7" alone stays a date.
_FRACTION = regex.compile(
    r"(?:(?P<word>(?i:giảm|tăng|bằng|gần|hơn|chiếm|hưởng|hỗ trợ|tối đa|tối thiểu|trên|dưới))\s+)?"
    rf"{_WORD_EDGE_BEFORE}{_NUM_BEFORE}(?P<part>\d{{1,3}})/(?P<whole>\d{{1,3}}){_NUM_AFTER}"
    r"(?P<of>(?=\s+(?:số|tổng|mức|lương|chi phí|diện tích|thời gian|dân số|quỹ|kinh phí)(?![\p{L}\p{M}])))?"
)
# "24/7" means round the clock, not the 24th of July, unless it is called a day.
_ROUND_THE_CLOCK = regex.compile(rf"(?<![Nn]gày\s){_NUM_BEFORE}24/7{_NUM_AFTER}")


_DATE_WORD_BEFORE = regex.compile(r"(?i:từ|đến|ngày|trước|sau|hết|hạn|mùng|mồng|vào|tới)\s*$")


def _fraction(match):
    part, whole = int(match["part"]), int(match["whole"])
    if whole == 0 or (match["word"] is None and match["of"] is None):
        return match.group(0)
    if match["word"] is None and _DATE_WORD_BEFORE.search(match.string[max(0, match.start() - 12):match.start()]):
        return match.group(0)  # "từ 1/7 số người tham gia tăng": a date after all
    share = f"{numbers.integer_words(part)} phần {numbers.integer_words(whole)}"
    return f"{match['word']} {share}" if match["word"] else share


def _day_phrase(prefix, day):
    if prefix and prefix.lower() == "ngày":
        return f"{prefix} {numbers.day_words(day)}"
    if prefix:  # "mùng"/"mồng" already written
        return f"{prefix} {numbers.integer_words(day)}"
    return numbers.day_words(day) if day <= 10 else f"ngày {numbers.integer_words(day)}"


def _valid(day, month, year=None):
    """Whether the date exists: "31/4" and "30/2" do not, "29/2" only in a leap year (any year if none given)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year or 2024, month)[1]


def _over(match, first, second):
    """What is left of "a/b" that is no date: "ba mươi mốt trên bốn", as an address or a ratio is read."""
    return f"{numbers.integer_words(int(match[first]))} trên {numbers.integer_words(int(match[second]))}"


def _date_full(match):
    day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
    if not _valid(day, month, year):
        return match.group(0)
    return (f"{_day_phrase(match['prefix'], day)} tháng {numbers.month_words(month)}"
            f" năm {numbers.integer_words(year)}")


def _date_day_month(match):
    day, month = int(match["day"]), int(match["month"])
    if not _valid(day, month):
        if match["sep"] == "/" and not match["prefix"]:
            return _over(match, "day", "month")
        return match.group(0)
    return f"{_day_phrase(match['prefix'], day)} tháng {numbers.month_words(month)}"


def _month_year(match):
    month, year = int(match["month"]), int(match["year"])
    if not 1 <= month <= 12:
        return match.group(0)
    return f"{match['prefix'] or 'tháng'} {numbers.month_words(month)} năm {numbers.integer_words(year)}"


def _day_before_month(match):
    day = int(match["day"])
    if not 1 <= day <= 31:
        return match.group(0)
    return _day_phrase(match["prefix"], day)


# --- ranges, money, months, ordinals, Roman numerals ----------------------------------
_NUMBER_TEXT = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_RANGE = regex.compile(
    rf"{_NUM_BEFORE}(?P<low>{_NUMBER_TEXT})\s?[-–]\s?(?P<high>{_NUMBER_TEXT}){_NUM_AFTER}"
)
# "4.5%" or "1.5 triệu" written with an English decimal point: read as the comma it means.
_POINT_DECIMAL = regex.compile(rf"{_NUM_BEFORE}(\d+)\.(\d{{1,2}})(?=\s?(?:%|phần trăm|nghìn|ngàn|triệu|tỷ|tỉ)"
                               rf"{_WORD_EDGE_AFTER})")
_MONEY_SIGN = regex.compile(r"(?<=\d)\s?(?:VNĐ|VND|vnđ|vnd|đ|₫)(?![\p{L}\p{M}])")
# "đồng/tháng", "50.000/ngày", "0,5%/tháng": a rate. Not "ngày/tháng/năm" (a list of what to write).
_PER = regex.compile(
    r"(?<=[\p{L}\p{M}\p{N}%])(?<!(?i:ngày|tháng|năm|tuần|giờ|quý)\s?)\s?/\s?"
    r"(tháng|năm|người|ngày|tuần|lần|hộ|suất|thẻ|lượt|giờ|kỳ|quý|học kỳ|buổi|ca|ki lô mét|ki lô gam|mét vuông)"
    r"(?![\p{L}\p{M}])"
)
_MONTH = regex.compile(rf"(?P<word>[Tt]háng)\s+(?P<month>\d{{1,2}}){_NUM_AFTER}")
_WEEKDAY = r"[Tt]hứ\s+(?:[2-7]|(?i:hai|ba|tư|năm|sáu|bảy))(?![\p{L}\p{N}])"
_WEEKDAY_RANGE = regex.compile(rf"(?P<first>{_WEEKDAY})\s*[-–]\s*(?P<last>{_WEEKDAY}|(?i:chủ nhật))")
# "thứ 2-6": the second weekday is written as its number only.
_WEEKDAY_SHORT_RANGE = regex.compile(r"(?P<word>[Tt]hứ)\s+(?P<first>[2-7])\s*[-–]\s*(?P<last>[2-7])(?![\p{N}/])")
_ORDINAL = regex.compile(rf"(?P<word>[Tt]hứ)\s+(?P<number>\d+){_NUM_AFTER}")
_ROMAN = regex.compile(
    r"(?P<word>(?i:chương|mục|phần|quý|khóa|khoá|thế kỷ|thế kỉ|đại hội|phụ lục|tập|hội nghị|lần thứ|kỳ họp thứ))"
    r"\s+(?P<numeral>[IVXLCDM]+)(?![\p{L}\p{M}\p{N}])"
)


def _weekday_short_range(match):
    first, last = (numbers.ordinal_words(int(match[key])) for key in ("first", "last"))
    return f"{match['word']} {first} đến thứ {last}"


def _multiply(match):
    return f"{_number_words(match['a'])} nhân {_number_words(match['b'])}"


_SLASH = regex.compile(rf"{_NUM_BEFORE}(?P<a>\d+)\s?/\s?(?P<b>\d+){_NUM_AFTER}")


def _slash(match):
    return _over(match, "a", "b")


def _range(match):
    return f"{match['low']} đến {match['high']}"


def _month(match):
    month = int(match["month"])
    if not 1 <= month <= 12:
        return match.group(0)
    return f"{match['word']} {numbers.month_words(month)}"


def _ordinal(match):
    return f"{match['word']} {numbers.ordinal_words(int(match['number']))}"


def _roman(match):
    value = numbers.roman_value(match["numeral"])
    if value is None:
        return match.group(0)
    return f"{match['word']} {numbers.integer_words(value)}"


# --- numbers ------------------------------------------------------------------------
_PERCENT_RANGE = regex.compile(
    rf"{_NUM_BEFORE}(?P<low>{_NUMBER_TEXT})\s?%\s?[-–]\s?(?P<high>{_NUMBER_TEXT})\s?%"
)
_PERCENT = regex.compile(rf"{_NUM_BEFORE}(?P<number>{_NUMBER_TEXT})\s?%")
_NUMBER = regex.compile(
    rf"{_NUM_BEFORE}(?:(?P<thousands>\d{{1,3}}(?:\.\d{{3}})+)(?:,(?P<tfraction>\d+))?"
    rf"|(?P<ethousands>\d{{1,3}}(?:,\d{{3}}){{2,}})"
    rf"|(?P<whole>\d+),(?P<fraction>\d+)"
    rf"|(?P<pwhole>\d+)\.(?P<pfraction>\d+)"
    rf"|(?P<integer>\d+)){_NUM_AFTER}"
)


def _number_words(text):
    """One number as written in Vietnamese ("1.500.000", "4,5", "06") in words."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return text
    return _number(match).strip()


def _number(match):
    if match["thousands"]:
        whole = match["thousands"].replace(".", "")
        if match["tfraction"]:
            words = numbers.decimal_words(whole, match["tfraction"])
        else:
            words = numbers.integer_words(int(whole))
    elif match["ethousands"]:
        # "1,500,000": two comma groups or more can only be English thousands separators.
        words = numbers.integer_words(int(match["ethousands"].replace(",", "")))
    elif match["whole"]:
        words = numbers.decimal_words(match["whole"], match["fraction"])
    elif match["pwhole"]:
        # A dot that is not a thousands dot: a section number ("Điều 2.1") or a version.
        words = numbers.decimal_words(match["pwhole"], match["pfraction"], point="chấm")
    else:
        words = numbers.numeral_words(match["integer"])
    return f" {words} "


def _percent(match):
    return f" {_number_words(match['number'])} phần trăm "


# --- signs --------------------------------------------------------------------------
_SIGNS = (
    (regex.compile(r"\s*&\s*"), " và "),
    (regex.compile(r"\s*%"), " phần trăm"),
    (regex.compile(r"\s*[→⇒]\s*|\s*->\s*"), ", "),
    (regex.compile(r"(?<=[\p{L}\p{M}])\s*/\s*(?=[\p{L}\p{M}])"), ", "),
    (regex.compile(r"\s+[-–—]\s+|\s*[–—]\s*"), ", "),
    (regex.compile(r"(?<=[\p{L}\p{M}\p{N}])\s*-\s*(?=[\p{L}\p{M}\p{N}])"), " "),
    (regex.compile(r"(?m)^\s*[-+*•·●▪◦]\s*|[•●▪◦]"), " "),
    (regex.compile(r"\s*\+\s*(?=[\p{L}\p{N}])"), " cộng "),
)
_SPACE_BEFORE_PUNCT = regex.compile(r"\s+([,.;:!?…)\]”])")
_SPACE_AFTER_OPEN = regex.compile(r"([(\[“])\s+")
_DOUBLE_COMMA = regex.compile(r",(?:\s*,)+")
_LEADING_COMMA = regex.compile(r"^[\s,]+")


def normalise_tracked(text, glossary):
    """``text`` (one paragraph or a title) in spoken form, as a Tracked: its text, and spans() of every change."""
    tracked = Tracked(_SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text or ""))).strip())
    if not tracked.source:
        return tracked
    count_pattern, count = context.count(glossary)
    rules = [
        ("address", _ADDRESS, _address),
        ("document", context.DOCUMENT, context.document(glossary)),
        ("quarter", context.QUARTER, context.quarter),
        ("ratio", context.RATIO, context.ratio),
        ("identifier", context.CARD, context.card),
        ("unit", glossary.unit_pattern, lambda match: " " + glossary.units[match["unit"]]),
        ("multiply", _MULTIPLY, _multiply),
        ("glossary", glossary.pattern, glossary.spoken_form),
        ("phone", _PHONE, _phone),
        ("identifier", context.IDENTIFIER, context.identifier),
        ("time", _TIME, _time),
        ("range", _DATE_RANGE, " đến "),
        ("fraction", _ROUND_THE_CLOCK, "hai mươi tư trên bảy"),
        ("fraction", _FRACTION, _fraction),
        ("date", _DATE_FULL, _date_full),
        ("date", _MONTH_YEAR, _month_year),
        ("date", _DATE_DAY_MONTH, _date_day_month),
        ("date", _CALLED_DAY_MONTH, _date_day_month),
        ("date", _DAY_BEFORE_MONTH, _day_before_month),
        ("number", _POINT_DECIMAL, r"\1,\2"),
        ("range", _WEEKDAY_SHORT_RANGE, _weekday_short_range),
        ("range", _RANGE, _range),
        ("money", _MONEY_SIGN, " đồng"),
        ("rate", _PER, r" mỗi \1"),
        ("month", _MONTH, _month),
        ("range", _WEEKDAY_RANGE, r"\g<first> đến \g<last>"),
        ("ordinal", _ORDINAL, _ordinal),
        ("roman", _ROMAN, _roman),
        ("percent", _PERCENT_RANGE, r"\g<low>% đến \g<high>%"),
        ("percent", _PERCENT, _percent),
        ("count", count_pattern, count),
        ("slash", _SLASH, _slash),
        ("number", _NUMBER, _number),
    ]
    for name, pattern, replacement in rules:
        if pattern is not None:
            tracked.sub(pattern, replacement, name)
    for pattern, replacement in _SIGNS:
        tracked.sub(pattern, replacement, "signs", cleanup=True)
    tracked.squash()
    for pattern, replacement in ((_SPACE_AFTER_OPEN, r"\1"), (_DOUBLE_COMMA, ","), (_LEADING_COMMA, "")):
        tracked.sub(pattern, replacement, "signs", cleanup=True)
    tracked.squash()
    return tracked


def normalise(text, glossary):
    """``text`` (one paragraph or a title) in spoken form, with ``glossary`` (a speech.glossary.Glossary)."""
    return normalise_tracked(text, glossary).text
