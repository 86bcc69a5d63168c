"""Read-aloud scripts: what the announcer says for what the editor wrote, and how long it takes."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from media.models import Abbreviation
from media.speech import ReadAloud, normalise_vi, read_aloud, warning_code, warning_message
from media.speech.duration import syllable_count

pytestmark = pytest.mark.django_db

CASES = [
    # numbers: "mốt", "tư", "lăm", "linh", "mươi", groups of three
    ("1 người", "một người"),
    ("10 người", "mười người"),
    ("11 xã", "mười một xã"),
    ("14 xã", "mười bốn xã"),
    ("15 xã", "mười lăm xã"),
    ("21 xã", "hai mươi mốt xã"),
    ("24 xã", "hai mươi tư xã"),
    ("25 xã", "hai mươi lăm xã"),
    ("30 xã", "ba mươi xã"),
    ("101 xã", "một trăm linh một xã"),
    ("105 xã", "một trăm linh năm xã"),
    ("115 xã", "một trăm mười lăm xã"),
    ("1005 xã", "một nghìn không trăm linh năm xã"),
    ("3.321 xã", "ba nghìn ba trăm hai mươi mốt xã"),
    ("864.200 buổi phát thanh", "tám trăm sáu mươi tư nghìn hai trăm buổi phát thanh"),
    ("2.000.500 người", "hai triệu năm trăm người"),
    ("1.000.000.000 đồng", "một tỷ đồng"),
    ("Đề án 06", "Đề án không sáu"),
    ("3,14 và 0,05", "ba phẩy mười bốn và không phẩy không năm"),
    ("Điều 2.1", "Điều hai chấm một"),
    # dates
    ("1/7", "mùng một tháng bảy"),
    ("Từ 1/7/2025", "Từ mùng một tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("ngày 01/7/2025", "ngày mùng một tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("ngày 15/10", "ngày mười lăm tháng mười"),
    ("hạn chót 30/4", "hạn chót ngày ba mươi tháng tư"),
    ("từ 15-10-2025", "từ ngày mười lăm tháng mười năm hai nghìn không trăm hai mươi lăm"),
    ("tháng 7/2025", "tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("ngày 5 tháng 7", "ngày mùng năm tháng bảy"),
    ("mùng 3/2", "mùng ba tháng hai"),
    ("ngày 1.7 và Ngày 2-9", "ngày mùng một tháng bảy và Ngày mùng hai tháng chín"),
    ("ngày 2-3 tháng 10", "ngày hai đến ba tháng mười"),
    ("tháng 4 và tháng 12", "tháng tư và tháng mười hai"),
    ("năm 2026", "năm hai nghìn không trăm hai mươi sáu"),
    ("giai đoạn 2021-2025", "giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
    ("trực 24/7", "trực hai mươi tư trên bảy"),
    ("ngày 24/7", "ngày hai mươi tư tháng bảy"),
    ("giảm 1/3 số hồ sơ", "giảm một phần ba số hồ sơ"),
    ("hưởng 2/3 mức lương", "hưởng hai phần ba mức lương"),
    ("khoảng 1/3 số hộ", "khoảng một phần ba số hộ"),
    ("khoảng 1/7 sẽ có kết quả", "khoảng mùng một tháng bảy sẽ có kết quả"),
    ("từ 1/7 số người tham gia tăng", "từ mùng một tháng bảy số người tham gia tăng"),
    # percentages
    ("4,5%", "bốn phẩy năm phần trăm"),
    ("tăng 4.5%", "tăng bốn phẩy năm phần trăm"),
    ("đạt 100%", "đạt một trăm phần trăm"),
    ("giảm 1-2%", "giảm một đến hai phần trăm"),
    ("hỗ trợ 70% - 100%", "hỗ trợ bảy mươi phần trăm đến một trăm phần trăm"),
    ("chiếm 93,35 % dân số", "chiếm chín mươi ba phẩy ba mươi lăm phần trăm dân số"),
    # money
    ("1.500.000 đồng", "một triệu năm trăm nghìn đồng"),
    ("1,5 triệu đồng", "một phẩy năm triệu đồng"),
    ("500.000đ", "năm trăm nghìn đồng"),
    ("200.000 VNĐ", "hai trăm nghìn đồng"),
    ("50.000 VND", "năm mươi nghìn đồng"),
    ("1,500,000 USD", "một triệu năm trăm nghìn đô la Mỹ"),
    ("lên đến 5 tr.", "lên đến năm triệu."),
    ("2 trđ/tháng", "hai triệu đồng mỗi tháng"),
    # units and addresses
    ("1.200 m2 và 12,5 km", "một nghìn hai trăm mét vuông và mười hai phẩy năm ki lô mét"),
    ("5 km2, 35°C", "năm ki lô mét vuông, ba mươi lăm độ C"),
    ("Email: bhxh@vss.gov.vn", "Email: bhxh a còng vss chấm gov chấm vn"),
    ("xem https://baohiemxahoi.gov.vn/tintuc", "xem baohiemxahoi chấm gov chấm vn gạch chéo tintuc"),
    ("2.340.000 đồng/tháng", "hai triệu ba trăm bốn mươi nghìn đồng mỗi tháng"),
    ("1.105.650 đồng/người/năm", "một triệu một trăm linh năm nghìn sáu trăm năm mươi đồng mỗi người mỗi năm"),
    # abbreviations (the seeded glossary)
    ("BHXH", "bảo hiểm xã hội"),
    ("BHYT và BHTN", "bảo hiểm y tế và bảo hiểm thất nghiệp"),
    ("UBND xã, HĐND tỉnh", "ủy ban nhân dân xã, hội đồng nhân dân tỉnh"),
    ("BHXH VN", "Bảo hiểm xã hội Việt Nam"),
    ("BHXH/BHYT", "bảo hiểm xã hội, bảo hiểm y tế"),
    ("TP.HCM và TP Huế", "Thành phố Hồ Chí Minh và thành phố Huế"),
    ("Mang CCCD khi đi KCB", "Mang căn cước công dân khi đi khám bệnh, chữa bệnh"),
    ("cài ứng dụng VssID", "cài ứng dụng vê ét ét ai đi"),
    ("Nghị định 158/2025/NĐ-CP",
     "Nghị định một trăm năm mươi tám năm hai nghìn không trăm hai mươi lăm nghị định Chính phủ"),
    ("Quyết định 595/QĐ-BHXH", "Quyết định năm trăm chín mươi lăm quyết định Bảo hiểm xã hội"),
    ("theo TT 12", "theo thông tư mười hai"),
    ("Thông tư số 02/2025/TT-BYT", "Thông tư số hai năm hai nghìn không trăm hai mươi lăm thông tư Bộ Y tế"),
    ("BHXHTN", "BHXHTN"),  # not in the glossary, and not half-matched as BHXH
    # phone numbers, in their groups
    ("Gọi 1900 9068", "Gọi một chín không không, chín không sáu tám"),
    ("Gọi 19009068.", "Gọi một chín không không, chín không sáu tám."),
    ("0912 345 678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("0912345678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("0912.345.678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("024 3936 3030", "không hai bốn, ba chín ba sáu, ba không ba không"),
    ("+84 912 345 678", "cộng tám tư, chín một hai, ba bốn năm, sáu bảy tám"),
    ("(0214) 3840 123", "không hai một bốn, ba tám bốn không, một hai ba"),
    # times
    ("lúc 7h30", "lúc bảy giờ ba mươi phút"),
    ("từ 7h đến 11h", "từ bảy giờ đến mười một giờ"),
    ("7h30-11h30", "bảy giờ ba mươi phút đến mười một giờ ba mươi phút"),
    ("14:05", "mười bốn giờ năm phút"),
    ("Thứ 2 - Thứ 6", "Thứ hai đến Thứ sáu"),
    # ordinals and Roman numerals
    ("lần thứ 1", "lần thứ nhất"),
    ("thứ 4", "thứ tư"),
    ("Chương II", "Chương hai"),
    ("Quốc hội khóa XV", "Quốc hội khóa mười lăm"),
    ("quý IV", "quý bốn"),
    ("khóa học CD", "khóa học CD"),  # not a Roman numeral here
    # mixed text
    ("Từ ngày 1/7/2025, người tham gia BHYT HGĐ đóng 4,5% mức lương cơ sở 2.340.000 đồng/tháng.",
     "Từ ngày mùng một tháng bảy năm hai nghìn không trăm hai mươi lăm, người tham gia bảo hiểm y tế hộ gia "
     "đình đóng bốn phẩy năm phần trăm mức lương cơ sở hai triệu ba trăm bốn mươi nghìn đồng mỗi tháng."),
    ("Mọi thắc mắc xin gọi tổng đài 1900 9068 (7h30 - 17h) hoặc đến UBND xã.",
     "Mọi thắc mắc xin gọi tổng đài một chín không không, chín không sáu tám (bảy giờ ba mươi phút đến "
     "mười bảy giờ) hoặc đến ủy ban nhân dân xã."),
    ("Năm 2024, cả nước có 93,35% dân số tham gia BHYT & 19,3 triệu người tham gia BHXH.",
     "Năm hai nghìn không trăm hai mươi tư, cả nước có chín mươi ba phẩy ba mươi lăm phần trăm dân số tham "
     "gia bảo hiểm y tế và mười chín phẩy ba triệu người tham gia bảo hiểm xã hội."),
    ("Hạn nộp: 31/12 – không gia hạn", "Hạn nộp: ngày ba mươi mốt tháng mười hai, không gia hạn"),
    ("Học sinh lớp 10-12 đóng BHYT HSSV", "Học sinh lớp mười đến mười hai đóng bảo hiểm y tế học sinh, sinh viên"),
]


@pytest.mark.parametrize(("written", "spoken"), CASES, ids=[written for written, _ in CASES])
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

    Abbreviation.objects.create(text="ĐVSDLĐ", spoken="đơn vị sử dụng lao động")
    assert normalise_vi("Các ĐVSDLĐ") == "Các đơn vị sử dụng lao động"

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
