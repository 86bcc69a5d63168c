import unicodedata

from cms.text import fold, grapheme_len, nfc, nfc_deep, truncate

# "ơ̆" (o with horn + combining breve) has no precomposed form: two code points, one letter.
O_HORN_BREVE = "\u01a1\u0306"


def test_nfc_composes_decomposed_vietnamese():
    typed = unicodedata.normalize("NFD", "Bảo hiểm y tế")
    assert len(typed) > len("Bảo hiểm y tế")
    assert nfc(typed) == "Bảo hiểm y tế"


def test_nfc_deep_reaches_nested_stream_data():
    data = [{"type": "paragraph", "value": unicodedata.normalize("NFD", "<p>Hộ gia đình</p>")}]
    assert nfc_deep(data)[0]["value"] == "<p>Hộ gia đình</p>"


def test_letters_without_precomposed_form_count_as_one():
    word = f"k{O_HORN_BREVE}n"
    assert len(nfc(word)) == 4  # NFC cannot merge the breve
    assert grapheme_len(word) == 3


def test_truncate_never_splits_a_letter_with_combining_breve():
    text = f"Ih{O_HORN_BREVE} " * 10
    cut = truncate(text, 7, at_word=False)
    assert grapheme_len(cut) <= 7
    assert not cut.replace("…", "").endswith("\u01a1")  # the breve stays with its letter


def test_truncate_cuts_at_a_word_boundary():
    assert truncate("Bảo hiểm xã hội Việt Nam", 14) == "Bảo hiểm xã…"


def test_truncate_keeps_short_text():
    assert truncate("BHYT", 10) == "BHYT"


def test_khmer_clusters_are_counted_as_a_reader_sees_them():
    word = "សុខភាព"  # "health": 6 code points, 4 clusters (សុ ខ ភា ព)
    assert len(word) == 6
    assert grapheme_len(word) == 4


def test_fold_ignores_case_and_diacritics():
    assert fold("Bảo hiểm Y tế") == "bao hiem y te"
    assert fold("Đắk Lắk") == "dak lak"
