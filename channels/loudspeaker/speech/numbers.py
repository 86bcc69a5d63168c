"""Numbers as Vietnamese words, the way a radio announcer reads them.

Written by hand: the libraries that spell numbers (num2words and the like) give
"mười bốn" and "hai mươi bốn" alike and know nothing of "mùng", "linh" or phone
numbers read digit by digit, which the spoken policy texts need.

The rules (northern standard, as on national radio):
- 1 after a ten from twenty up is "mốt" (21 "hai mươi mốt"); after "mười" it stays "một";
- 5 after any ten is "lăm" (15 "mười lăm", 25 "hai mươi lăm"), but "linh năm" (105);
- 4 after a ten from twenty up is "tư" (24 "hai mươi tư"); "mười bốn" keeps "bốn";
- a zero ten inside a hundred is "linh" (105 "một trăm linh năm");
- a group of three that follows a bigger one is read in full ("không trăm"), and a
  group that is all zeros is skipped (2.000.500 "hai triệu năm trăm").
"""

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
ZERO_TENS = "linh"  # "lẻ" in the south
THOUSAND = "nghìn"  # "ngàn" in the south
SCALES = ((10**9, "tỷ"), (10**6, "triệu"), (10**3, THOUSAND))
# Past this, a digit string is an identifier (a card or account number), read digit by digit.
MAX_SPOKEN = 10**15


def _tens_units(number):
    """0 < number < 100."""
    tens, units = divmod(number, 10)
    if tens == 0:
        return DIGITS[units]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return " ".join(words)


def _hundreds(number, *, full):
    """0 <= number < 1000; ``full`` reads a leading "không trăm" (a group after a bigger one)."""
    hundreds, rest = divmod(number, 100)
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if rest == 0:
        return " ".join(words)
    if rest < 10 and words:
        words += [ZERO_TENS, DIGITS[rest]]
    else:
        words.append(_tens_units(rest))
    return " ".join(words)


def _integer(number, *, full=False):
    if number < 1000:
        return _hundreds(number, full=full)
    for scale, name in SCALES:
        if number >= scale:
            head, rest = divmod(number, scale)
            words = [_integer(head, full=full), name]
            if rest:
                words.append(_integer(rest, full=True))
            return " ".join(words)
    raise AssertionError("unreachable")  # pragma: no cover


def integer_words(number):
    """An integer in words: 1500000 -> "một triệu năm trăm nghìn"; negatives get "âm"."""
    number = int(number)
    if number < 0:
        return "âm " + integer_words(-number)
    if number == 0:
        return DIGITS[0]
    if number >= MAX_SPOKEN:
        return digit_words(str(number))
    return _integer(number)


def digit_words(digits):
    """Each digit on its own: "0912" -> "không chín một hai"."""
    return " ".join(DIGITS[int(char)] for char in digits if char.isdigit())


def numeral_words(digits):
    """A digit string as written: leading zeros ("06", an ID) are read digit by digit."""
    if len(digits) > 1 and digits.startswith("0"):
        return digit_words(digits)
    return integer_words(int(digits))


def decimal_words(whole, fraction, *, point="phẩy"):
    """ "4", "5" -> "bốn phẩy năm"; "1", "05" -> "một phẩy không năm".

    The part after the comma is read as a number when it is short (as people say
    "ba phẩy mười bốn"), its leading zeros one by one, and digit by digit when long.
    """
    words = [numeral_words(whole) if whole else DIGITS[0], point]
    stripped = fraction.lstrip("0")
    words += [DIGITS[0]] * (len(fraction) - len(stripped))
    if stripped:
        words.append(integer_words(int(stripped)) if len(stripped) <= 3 else digit_words(stripped))
    return " ".join(words)


def day_words(day):
    """Days of the month: 1-10 take "mùng" ("mùng một"), the rest are plain numbers."""
    return f"mùng {integer_words(day)}" if day <= 10 else integer_words(day)


def month_words(month):
    """ "tháng tư", not "tháng bốn"; the rest are plain numbers."""
    return "tư" if month == 4 else integer_words(month)


def ordinal_words(number):
    """After "thứ": "thứ nhất", "thứ hai", "thứ tư", "thứ mười"."""
    if number == 1:
        return "nhất"
    if number == 4:
        return "tư"
    return integer_words(number)


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(text):
    """The value of a well-formed Roman numeral, or None (so "CD" or "MIX" in a name stay words)."""
    if not text or any(char not in ROMAN for char in text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = ROMAN[char]
        if index + 1 < len(text) and ROMAN[text[index + 1]] > value:
            total -= value
        else:
            total += value
    if not 0 < total < 4000 or to_roman(total) != text:
        return None
    return total


def to_roman(number):
    pairs = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
             (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in pairs:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
