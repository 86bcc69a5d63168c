"""Slugs and file names keep every Vietnamese letter as its base letter ("đ" -> "d")."""

import json
import re
import unicodedata

from django.urls import reverse

from cms.text import LATIN_VARIANTS, vi_slugify

# The 29 letters, and the five tone marks (huyền, sắc, hỏi, ngã, nặng) on each of the 12 vowels.
LETTERS = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
BASES = dict(zip(LETTERS, "a a a b c d d e e g h i k l m n o o o p q r s t u u v x y".split()))
TONES = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
VOWELS = "a ă â e ê i o ô ơ u ư y".split()


def alphabet():
    """(letter, ASCII base) for every letter and toned vowel, lower and upper case, in NFC."""
    pairs = [(letter, BASES[letter]) for letter in LETTERS]
    pairs += [(unicodedata.normalize("NFC", vowel + tone), BASES[vowel]) for vowel in VOWELS for tone in TONES]
    return pairs + [(letter.upper(), base) for letter, base in pairs]


def test_every_letter_and_tone_folds_to_its_base_letter():
    pairs = alphabet()
    assert len(pairs) == 2 * (29 + 60)
    for letter, base in pairs:
        assert vi_slugify(f"x{letter}x") == f"x{base}x", letter
        assert vi_slugify(unicodedata.normalize("NFD", f"x{letter}x")) == f"x{base}x", letter  # NFC in


def test_titles_become_readable_slugs():
    assert vi_slugify("hộ gia đình để yên tâm") == "ho-gia-dinh-de-yen-tam"
    assert vi_slugify("BHYT học sinh, sinh viên năm 2026!") == "bhyt-hoc-sinh-sinh-vien-nam-2026"
    assert vi_slugify("Đắk Lắk: ưu tiên", max_length=8) == "dak-lak"


def test_the_editors_slug_box_folds_the_same_way(client, users, section_a, make_news):
    page = make_news(section_a, title="Tin thử")
    client.force_login(users["editor_a"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    box = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
    assert 'data-w-slug-allow-unicode-value="True"' not in box  # False is rendered by leaving it out
    formatters = json.loads(re.search(r"data-w-slug-formatters-value=\"([^\"]*)\"", box).group(1).replace("&quot;", '"'))
    text = "".join(letter for letter, _base in alphabet())
    for (pattern, flags), replacement in formatters:  # what Wagtail's JS applies before it slugifies
        text = re.sub(pattern, replacement, text)
    assert text == "".join(base for letter, base in alphabet()[:89]) + "".join(
        base.upper() for letter, base in alphabet()[89:])
    assert set("".join(LATIN_VARIANTS.values())) >= {letter for letter, _ in alphabet() if not letter.isascii()}


def test_a_page_saved_without_a_slug_gets_a_folded_one(section_a, make_news):
    page = make_news(section_a, title="Hộ gia đình để Yên Tâm")
    assert page.slug == "ho-gia-dinh-de-yen-tam"


def test_a_script_downloads_under_a_folded_name(db):
    from types import SimpleNamespace

    from channels.loudspeaker.selectors import download_name

    script = SimpleNamespace(title="hộ gia đình để", render=SimpleNamespace(language="vi"))
    assert download_name(script, "txt").startswith("ho-gia-dinh-de-vi.")
