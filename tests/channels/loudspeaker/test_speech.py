"""Read-aloud scripts: what the announcer says for what the editor wrote, and how long it takes."""

import unicodedata
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from media.models import Abbreviation
from channels.loudspeaker.speech import ReadAloud, normalise_vi, read_aloud, warning_code, warning_message
from channels.loudspeaker.speech.duration import syllable_count

pytestmark = pytest.mark.django_db


def _spoken_forms():
    """tests/channels/loudspeaker/spoken_forms.tsv: class, written, spoken, note (see its header)."""
    rows = []
    for line in (Path(__file__).parent / "spoken_forms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rule, written, spoken, *note = line.split("\t")
            rows.append(pytest.param(written, spoken, id=f"{rule}: {written}"))
    return rows


CASES = _spoken_forms()


def test_the_spoken_form_table_covers_every_rule_with_enough_pairs():
    classes = {case.id.split(":")[0] for case in CASES}
    assert len(CASES) >= 250
    assert {"document", "quarter", "ratio", "date", "count", "identifier", "range", "rate", "multiply", "glossary",
            "unit", "number", "phone", "time", "money", "percent"} <= classes


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_vietnamese_is_read_as_an_announcer_says_it(written, spoken):
    assert normalise_vi(written) == spoken


def test_spoken_forms_are_nfc_even_from_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Ngày 15/10, BHXH tỉnh Lào Cai")
    spoken = normalise_vi(decomposed)
    assert spoken == "Ngày mười lăm tháng mười, bảo hiểm xã hội tỉnh Lào Cai"
    assert unicodedata.is_normalized("NFC", spoken)


def test_invisible_characters_from_pasted_text_are_dropped():
    assert normalise_vi("\ufeffBảo hiểm y\u00ad tế, BH\u200dXH") == "Bảo hiểm y tế, bảo hiểm xã hội"
    script = read_aloud(title="", html="<p>\ufeffសុខ\u00adភាព\u200bជួយ</p>", language="km-Khmr")
    assert script.paragraphs == ("សុខភាព\u200bជួយ",)  # Khmer keeps its zero-width word break


def test_a_glossary_edit_takes_effect_at_the_next_script():
    assert normalise_vi("Liên hệ BHXH") == "Liên hệ bảo hiểm xã hội"
    entry = Abbreviation.objects.get(text="BHXH")
    entry.spoken = "cơ quan bảo hiểm xã hội"
    entry.save()
    assert normalise_vi("Liên hệ BHXH") == "Liên hệ cơ quan bảo hiểm xã hội"

    Abbreviation.objects.create(text="KCN", spoken="khu công nghiệp")
    assert normalise_vi("Các KCN") == "Các khu công nghiệp"

    Abbreviation.objects.filter(text="BHTN").delete()
    assert normalise_vi("BHTN") == "BHTN"


def test_the_glossary_is_loaded_once_and_checked_with_one_query(django_assert_num_queries):
    normalise_vi("BHXH")  # loads it
    with django_assert_num_queries(1):  # only "has anything changed?"
        assert read_aloud(title="BHXH", html="<p>BHYT</p><p>BHTN</p>", language="vi").paragraphs == (
            "bảo hiểm y tế", "bảo hiểm thất nghiệp")
    with django_assert_num_queries(0):  # other languages never read it
        read_aloud(title="BHXH", html="<p>BHYT</p>", language="km-Khmr")


def test_the_glossary_admin_is_in_vietnamese_and_saves_nfc(client, django_user_model):
    admin = django_user_model.objects.create_superuser("glossary_admin", "g@example.org", "pw")
    client.force_login(admin)
    url = reverse("wagtailsnippets_vss_media_abbreviation:add")
    with translation.override("vi"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    assert "Cách đọc" in page.content.decode() or "cách đọc" in page.content.decode()

    response = client.post(url, {"text": unicodedata.normalize("NFD", "KCB BĐ"),
                                 "spoken": unicodedata.normalize("NFD", "khám chữa bệnh ban đầu")})
    assert response.status_code == 302
    entry = Abbreviation.objects.get(text="KCB BĐ")
    assert entry.spoken == "khám chữa bệnh ban đầu"
    assert normalise_vi("nơi KCB BĐ") == "nơi khám chữa bệnh ban đầu"


def test_the_centres_editors_keep_the_glossary_and_provincial_staff_cannot(client, users):
    url = reverse("wagtailsnippets_vss_media_abbreviation:add")
    client.force_login(users["central_editor"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "BHXH tỉnh", "spoken": "bảo hiểm xã hội tỉnh"})
    assert response.status_code == 302 and Abbreviation.objects.filter(text="BHXH tỉnh").exists()

    client.force_login(users["editor_a"])
    response = client.post(url, {"text": "XYZ", "spoken": "ích y dét"})
    assert response.status_code in (302, 403) and not Abbreviation.objects.filter(text="XYZ").exists()
    listing = client.get(reverse("wagtailsnippets_vss_media_abbreviation:list"))
    assert listing.status_code in (302, 403)


def test_an_abbreviation_without_letters_is_refused():
    with pytest.raises(ValidationError):
        Abbreviation(text="12", spoken="mười hai").full_clean()


def test_rich_text_becomes_spoken_paragraphs():
    html = (
        "<h2>Thông báo</h2><p>Từ <b>1/7</b>, <a linktype=\"page\" id=\"3\">BHYT</a> tăng.</p>"
        "<ul><li>Hạn 30/6</li><li>Gọi 1900 9068</li></ul>"
        "<embed embedtype=\"image\" id=\"9\" format=\"left\"/><script>alert(1)</script>"
        "<p>Dòng một<br/>Dòng hai &amp; ba</p><p>   </p>"
    )
    script = read_aloud(title="BHXH thông báo", html=html, language="vi")
    assert script.title == "bảo hiểm xã hội thông báo"
    assert script.paragraphs == (
        "Thông báo",
        "Từ mùng một tháng bảy, bảo hiểm y tế tăng.",
        "Hạn ngày ba mươi tháng sáu",
        "Gọi một chín không không, chín không sáu tám",
        "Dòng một",
        "Dòng hai và ba",
    )
    assert script.language == "vi"
    assert not any("<" in paragraph or "alert" in paragraph for paragraph in script.paragraphs)


def test_ethnic_language_scripts_are_kept_as_translators_wrote_them():
    html = "<p>Hmoob: BHXH 1/7 4,5%</p><p>Nyob  zoo\u00a0 koj</p>"
    script = read_aloud(title="Tsab ntawv 1/7", html=html, language="hmn-Latn")
    assert script.title == "Tsab ntawv 1/7"
    assert script.paragraphs == ("Hmoob: BHXH 1/7 4,5%", "Nyob zoo koj")

    jarai = unicodedata.normalize("NFD", "Ơ̆ dŏng mơ̆ng BHYT")
    script = read_aloud(title="", html=f"<p>{jarai}</p>", language="jra-Latn")
    assert script.paragraphs == (unicodedata.normalize("NFC", jarai),)


def test_syllables_are_space_separated_words_of_the_spoken_form():
    script = read_aloud(title="BHYT", html="<p>Đóng 4,5% từ 1/7.</p>", language="vi")
    # "bảo hiểm y tế" + "Đóng bốn phẩy năm phần trăm từ mùng một tháng bảy"
    assert script.syllables == 4 + 11
    assert script.seconds == pytest.approx(15 * 60 / 270, abs=0.1)


def test_khmer_and_cham_syllables_are_counted_by_base_letters():
    # ធានារ៉ាប់រង: ធា-នា-រ៉ាប់-រង, four base consonants; ក្រសួង: ក្រ (subscript ro) + សួង = two
    assert syllable_count("ធានារ៉ាប់រង") == 4
    assert syllable_count("ក្រសួង") == 2
    # Cham ꨀꨇꩉ (a-kak): two bases, the final ꩉ not counted; ꨌꩌ one
    assert syllable_count("ꨀꨇꩉ ꨌꩌ") == 3
    assert syllable_count("Jơ Rai dŏng") == 3
    # Tai Viet: one per space-separated syllable (ꪁꪫꪱꪣ "khwaam" is four clusters, one syllable)
    assert syllable_count("ꪁꪫꪱꪣ ꪼꪕ ꪹꪀꪷ") == 3


@override_settings(VSS_SPEECH_SYLLABLES_PER_MINUTE=300)
def test_the_reading_rate_is_a_setting():
    script = read_aloud(title="", html="<p>" + "một " * 300 + "</p>", language="vi")
    assert script.syllables == 300
    assert script.seconds == 60.0


def test_warnings_past_the_target_and_the_session_cap():
    html = "<p>" + "Người dân tham gia bảo hiểm y tế. " * 60 + "</p>"  # 480 syllables: 107 s at 270 a minute
    script = read_aloud(title="", html=html, language="vi", target_seconds=60, cap_seconds=90)
    assert [warning_code(warning) for warning in script.warnings] == ["over_target", "over_cap"]
    assert "target" in script.warnings[0] and "1 min 00 s" in script.warnings[0]
    with translation.override("vi"):
        target = warning_message(script.warnings[0])  # as stored: from the text alone
        cap = warning_message(script.warnings[1])
    assert target == "Đọc mất khoảng 1 phút 47 giây, dài hơn thời lượng mong muốn 1 phút 00 giây."
    assert cap == "Đọc mất khoảng 1 phút 47 giây, dài hơn thời lượng tối đa một buổi phát của đài 1 phút 30 giây."
    with translation.override("en"):
        assert warning_message(script.warnings[1]) == script.warnings[1].split(": ", 1)[1]

    short = read_aloud(title="", html="<p>Ngắn gọn.</p>", language="vi", target_seconds=60, cap_seconds=90)
    assert short.warnings == ()


def test_read_aloud_needs_a_language():
    with pytest.raises(ValueError):
        read_aloud(title="x", html="<p>y</p>", language="")


def test_a_script_is_a_value():
    first = read_aloud(title="BHXH", html="<p>1/7</p>", language="vi")
    second = read_aloud(title="BHXH", html="<p>1/7</p>", language="vi")
    assert first == second and hash(first) == hash(second)
    assert isinstance(first, ReadAloud)
    with pytest.raises(AttributeError):
        first.title = "changed"
