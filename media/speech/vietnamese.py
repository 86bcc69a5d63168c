"""Vietnamese text as an announcer reads it: every abbreviation, number, date and sign in words.

Rule-based and offline. The rules run in a fixed order, each turning one kind of
written form into words, so a later rule never sees what an earlier one handled:

 1. e-mail and web addresses spelt out ("a còng", "chấm"); units after a number ("m2",
    "km2", "°C", "tr"); glossary abbreviations (BHXH -> "bảo hiểm xã hội"), longest
    first, whole words;
 2. phone numbers, read digit by digit in their groups ("1900 9068");
 3. times ("7h30", "07:30", "7h30-11h");
 4. document numbers ("158/2025/NĐ-CP" -> "... năm hai nghìn ...");
 5. shares after the words that take them ("giảm 1/3" -> "một phần ba"), "24/7", then
    dates ("01/7/2025", "1/7", "ngày 15/10", "7/2025", "ngày 5 tháng 7");
 6. ranges ("2-3", "2020-2025" -> "đến"), the decimal point before %/triệu/tỷ;
 7. money signs ("đ", "VNĐ", "VND", "₫" -> "đồng"), "đồng/tháng" -> "đồng mỗi tháng";
 8. months ("tháng 4" -> "tháng tư"), weekday ranges ("Thứ 2 - Thứ 6" -> "đến"),
    ordinals ("thứ 1" -> "thứ nhất"), Roman numerals after the words that take them
    ("Chương II", "khóa XV", "quý IV");
 9. percentages and every remaining number: thousands dots and decimal commas
    ("1.500.000", "4,5"; "1,500,000" with two comma groups or more is English), leading
    zeros digit by digit ("06");
10. signs (&, /, dashes, bullets) and spacing.
"""

import unicodedata

import regex

from media.speech import numbers

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


# --- units and addresses, before the glossary (its "km" would take "km2") ----------------
_UNITS = (
    (regex.compile(r"(?<=\d)\s?(?:km2|km²)(?![\p{L}\p{N}])"), " ki lô mét vuông"),
    (regex.compile(r"(?<=\d)\s?(?:m2|m²)(?![\p{L}\p{N}])"), " mét vuông"),
    (regex.compile(r"(?<=\d)\s?(?:m3|m³)(?![\p{L}\p{N}])"), " mét khối"),
    (regex.compile(r"(?<=\d)\s?°C(?![\p{L}])"), " độ C"),
    (regex.compile(r"(?<=\d)\s?(?:trđ|tr\.đ|tr đồng)(?![\p{L}\p{M}])"), " triệu đồng"),
    (regex.compile(r"(?<=\d)\s?tr(?![\p{L}\p{M}]|\.\p{L})"), " triệu"),
)
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


# --- document numbers ---------------------------------------------------------------
# "158/2025/NĐ-CP" (its code already spoken by the glossary) and "595/QĐ-BHXH".
_DOC_WITH_YEAR = regex.compile(rf"{_NUM_BEFORE}(\d+)/((?:19|20)\d\d)/(?=\p{{L}})")
_DOC_NO_YEAR = regex.compile(rf"{_NUM_BEFORE}(\d+)/(?=\p{{L}})")


def _doc_with_year(match):
    # "02/2025/TT-BYT" is read "hai", not "không hai": the zero only pads the register's number.
    return f"{numbers.integer_words(int(match.group(1)))} năm {numbers.integer_words(int(match.group(2)))} "


def _doc_no_year(match):
    return f"{numbers.integer_words(int(match.group(1)))} "


# --- dates --------------------------------------------------------------------------
_DAY_PREFIX = r"(?:(?P<prefix>[Nn]gày|[Mm]ùng|[Mm]ồng)\s+)?"
_DATE_FULL = regex.compile(
    rf"{_WORD_EDGE_BEFORE}{_DAY_PREFIX}{_NUM_BEFORE}(?P<day>\d{{1,2}})(?P<sep>[/.-])(?P<month>\d{{1,2}})(?P=sep)"
    rf"(?P<year>\d{{4}}){_NUM_AFTER}"
)
_DATE_DAY_MONTH = regex.compile(
    rf"{_WORD_EDGE_BEFORE}{_DAY_PREFIX}{_NUM_BEFORE}(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}}){_NUM_AFTER}"
)
_MONTH_YEAR = regex.compile(
    rf"{_WORD_EDGE_BEFORE}(?:(?P<prefix>[Tt]háng)\s+)?{_NUM_BEFORE}(?P<month>\d{{1,2}})/(?P<year>\d{{4}}){_NUM_AFTER}"
)
# After "ngày" a dot or a hyphen also separates day and month ("ngày 1.7", "Ngày 2-9"),
# unless a month follows.
_CALLED_DAY_MONTH = regex.compile(
    rf"(?P<prefix>[Nn]gày)\s+{_NUM_BEFORE}(?P<day>\d{{1,2}})[.-](?P<month>\d{{1,2}})(?![\p{{N}}]|[.,/-]\p{{N}})"
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


def _valid(day, month):
    return 1 <= day <= 31 and 1 <= month <= 12


def _date_full(match):
    day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
    if not _valid(day, month):
        return match.group(0)
    return (f"{_day_phrase(match['prefix'], day)} tháng {numbers.month_words(month)}"
            f" năm {numbers.integer_words(year)}")


def _date_day_month(match):
    day, month = int(match["day"]), int(match["month"])
    if not _valid(day, month):
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
_PER = regex.compile(
    r"(?<=[\p{L}\p{M}])\s?/\s?(tháng|năm|người|ngày|tuần|lần|hộ|suất|thẻ|lượt|giờ|kỳ|quý|học kỳ|buổi|ca)"
    r"(?![\p{L}\p{M}])"
)
_MONTH = regex.compile(rf"(?P<word>[Tt]háng)\s+(?P<month>\d{{1,2}}){_NUM_AFTER}")
_WEEKDAY_RANGE = regex.compile(
    r"(?P<first>[Tt]hứ\s+[2-7]|[Tt]hứ\s+(?:hai|ba|tư|năm|sáu|bảy))\s*[-–]\s*"
    r"(?P<last>[Tt]hứ\s+[2-7]|[Tt]hứ\s+(?:hai|ba|tư|năm|sáu|bảy)|[Cc]hủ nhật)"
)
_ORDINAL = regex.compile(rf"(?P<word>[Tt]hứ)\s+(?P<number>\d+){_NUM_AFTER}")
_ROMAN = regex.compile(
    r"(?P<word>(?i:chương|mục|phần|quý|khóa|khoá|thế kỷ|thế kỉ|đại hội|phụ lục|tập|hội nghị|lần thứ|kỳ họp thứ))"
    r"\s+(?P<numeral>[IVXLCDM]+)(?![\p{L}\p{M}\p{N}])"
)


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


def normalise(text, glossary):
    """``text`` (one paragraph or a title) in spoken form, with ``glossary`` (a speech.glossary.Glossary)."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text or ""))
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return ""
    text = _ADDRESS.sub(_address, text)
    for pattern, replacement in _UNITS:
        text = pattern.sub(replacement, text)
    text = glossary.expand(text)
    text = _PHONE.sub(_phone, text)
    text = _TIME.sub(_time, text)
    text = _DOC_WITH_YEAR.sub(_doc_with_year, text)
    text = _DOC_NO_YEAR.sub(_doc_no_year, text)
    text = _ROUND_THE_CLOCK.sub("hai mươi tư trên bảy", text)
    text = _FRACTION.sub(_fraction, text)
    text = _DATE_FULL.sub(_date_full, text)
    text = _MONTH_YEAR.sub(_month_year, text)
    text = _DATE_DAY_MONTH.sub(_date_day_month, text)
    text = _CALLED_DAY_MONTH.sub(_date_day_month, text)
    text = _DAY_BEFORE_MONTH.sub(_day_before_month, text)
    text = _POINT_DECIMAL.sub(r"\1,\2", text)
    text = _RANGE.sub(_range, text)
    text = _MONEY_SIGN.sub(" đồng", text)
    text = _PER.sub(r" mỗi \1", text)
    text = _MONTH.sub(_month, text)
    text = _WEEKDAY_RANGE.sub(r"\g<first> đến \g<last>", text)
    text = _ORDINAL.sub(_ordinal, text)
    text = _ROMAN.sub(_roman, text)
    text = _PERCENT_RANGE.sub(r"\g<low>% đến \g<high>%", text)
    text = _PERCENT.sub(_percent, text)
    text = _NUMBER.sub(_number, text)
    for pattern, replacement in _SIGNS:
        text = pattern.sub(replacement, text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _DOUBLE_COMMA.sub(",", text)
    text = _LEADING_COMMA.sub("", text)
    return unicodedata.normalize("NFC", text.strip())
