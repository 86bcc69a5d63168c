"""Read-aloud exports: each file opens in what an operator uses, with the right words in the right script."""

import io
import unicodedata
import zipfile

import pytest
from django.test import override_settings

from channels.loudspeaker.exports import (CONTENT_TYPES, EXTENSIONS, FORMATS, ExportFailed, ExportUnavailable, export,
                                          tts_available)
from channels.loudspeaker.speech import read_aloud

pytestmark = pytest.mark.django_db

VIETNAMESE_HTML = (
    "<p>Từ 1/7/2025, mức lương cơ sở tăng lên 2.340.000 đồng/tháng.</p>"
    "<p>Người tham gia BHYT hộ gia đình đóng 4,5% mức lương cơ sở.</p>"
    "<p>Mọi thắc mắc xin gọi tổng đài 1900 9068.</p>"
)
KHMER_TITLE = "ការធានារ៉ាប់រងសុខភាព"
KHMER_HTML = "<p>ក្រសួងសុខាភិបាល ប្រកាសថា ការធានារ៉ាប់រងសុខភាពជួយគ្រួសារ។</p><p>ទូរស័ព្ទ 1900 9068</p>"
CHAM_TITLE = "ꨀꨇꩉ ꨌꩌ"
CHAM_HTML = "<p>ꨨꨯꨱ ꨆꨴꨯꨱꨮ ꨚꨩꨘ ꨀꨇꩉ</p>"
TAI_VIET_HTML = "<p>ꪹꪀꪷ ꪁꪱ ꪻꪠ</p>"
JARAI_HTML = "<p>" + unicodedata.normalize("NFD", "Ơ̆ dŏng mơ̆ng BHYT") + "</p>"


def vietnamese():
    return read_aloud(title="BHXH thông báo", html=VIETNAMESE_HTML, language="vi")


def letters(text):
    """The text's letters and marks in order, without the spaces and line breaks a layout adds.

    HarfBuzz can draw one letter as two glyphs (Khmer's split vowels, Cham's medials); the
    second carries a zero-width space in the PDF's text layer. What must survive is every
    letter, in order.
    """
    return "".join(char for char in unicodedata.normalize("NFC", text) if not char.isspace() and char != "\u200b")


def no_control_characters(text):
    return not any(unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in text)


def pdf_text_and_fonts(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = "/FontFile2" in descriptor
    return reader, text, fonts


def test_the_formats_have_types_and_extensions():
    assert FORMATS == ("txt", "docx", "pdf", "mp3")
    assert set(CONTENT_TYPES) == set(EXTENSIONS) == set(FORMATS)
    with pytest.raises(ValueError, match="Unknown export format"):
        export(vietnamese(), "odt")


def test_txt_is_utf8_with_title_paragraphs_and_duration():
    script = vietnamese()
    text = export(script, "txt").decode("utf-8")
    assert not text.startswith("\ufeff")
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0] == "bảo hiểm xã hội thông báo"
    assert blocks[1] == ("Từ mùng một tháng bảy năm hai nghìn không trăm hai mươi lăm, mức lương cơ sở tăng lên "
                         "hai triệu ba trăm bốn mươi nghìn đồng mỗi tháng.")
    assert blocks[3] == "Mọi thắc mắc xin gọi tổng đài một chín không không, chín không sáu tám."
    minutes, seconds = divmod(round(script.seconds), 60)
    assert blocks[-1] == (f"Thời lượng đọc ước tính: khoảng {minutes} phút {seconds:02d} giây "
                          f"({script.syllables} âm tiết)")
    assert unicodedata.is_normalized("NFC", text)


def test_txt_of_an_ethnic_script_is_as_written():
    script = read_aloud(title=KHMER_TITLE, html=KHMER_HTML, language="km-Khmr")
    text = export(script, "txt").decode("utf-8")
    assert text.startswith(KHMER_TITLE + "\n\nក្រសួងសុខាភិបាល ប្រកាសថា")
    assert "ទូរស័ព្ទ 1900 9068" in text  # not normalised: the translator's text


def test_docx_reads_back_with_large_type_and_the_language():
    from docx import Document

    script = vietnamese()
    document = Document(io.BytesIO(export(script, "docx")))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == script.title
    assert texts[2:] == list(script.paragraphs)
    assert texts[1].startswith("Thời lượng đọc ước tính")
    body = document.paragraphs[2].runs[0]
    assert body.font.size.pt >= 14
    assert document.paragraphs[0].runs[0].font.bold
    assert body._element.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang") is not None
    assert document.core_properties.title == script.title
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_docx_of_khmer_names_the_khmer_font():
    from docx import Document

    script = read_aloud(title=KHMER_TITLE, html=KHMER_HTML, language="km-Khmr")
    data = export(script, "docx")
    document = Document(io.BytesIO(data))
    assert document.paragraphs[0].text == KHMER_TITLE
    assert document.paragraphs[2].runs[0].font.name == "Noto Sans Khmer"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert 'w:val="km-KH"' in archive.read("word/document.xml").decode()


def test_the_same_script_gives_the_same_docx_bytes():
    data = export(vietnamese(), "docx")
    assert data == export(vietnamese(), "docx")
    # Not the clock: two exports a second apart must not differ (each zip entry carries a time).
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        assert {entry.date_time for entry in docx.infolist()} == {(2025, 1, 1, 0, 0, 0)}


def test_the_same_script_gives_the_same_pdf_bytes():
    from pypdf import PdfReader

    data = export(vietnamese(), "pdf")
    assert data == export(vietnamese(), "pdf")
    # Not the clock: the creation date (and the file id made from it) is fixed, so a second apart is no different.
    assert PdfReader(io.BytesIO(data)).metadata["/CreationDate"] == "D:20250101000000Z"


def test_pdf_is_a4_with_vietnamese_text_and_embedded_fonts():
    script = vietnamese()
    reader, text, fonts = pdf_text_and_fonts(export(script, "pdf"))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert letters(script.title) in letters(text)
    for paragraph in script.paragraphs:
        assert letters(paragraph) in letters(text)
    words = " ".join(text.split())  # lines rejoined: Vietnamese is extracted with its spaces and diacritics
    assert "mùng một tháng bảy" in words and "hai triệu ba trăm bốn mươi nghìn đồng mỗi tháng" in words
    assert fonts.get("NotoSans") and fonts.get("NotoSansBold")
    assert reader.metadata.title == script.title


def test_pdf_of_khmer_is_shaped_in_the_khmer_font_and_extracts_in_order():
    script = read_aloud(title=KHMER_TITLE, html=KHMER_HTML, language="km-Khmr")
    _, text, fonts = pdf_text_and_fonts(export(script, "pdf"))
    assert letters(KHMER_TITLE) in letters(text)
    assert letters("ក្រសួងសុខាភិបាល ប្រកាសថា ការធានារ៉ាប់រងសុខភាពជួយគ្រួសារ។") in letters(text)
    assert "1900 9068" in text  # the Latin digits fall back to Noto Sans
    assert no_control_characters(text) and "\t" not in text
    assert fonts.get("NotoSansKhmer") and fonts.get("NotoSans")


def test_pdf_of_cham_and_tai_viet_extracts_their_letters():
    cham = read_aloud(title=CHAM_TITLE, html=CHAM_HTML, language="cjm-Cham")
    _, text, fonts = pdf_text_and_fonts(export(cham, "pdf"))
    assert letters(CHAM_TITLE) in letters(text)
    assert letters("ꨨꨯꨱ ꨆꨴꨯꨱꨮ ꨚꨩꨘ ꨀꨇꩉ") in letters(text)
    assert no_control_characters(text)
    assert fonts.get("NotoSansCham")

    tai_viet = read_aloud(title="", html=TAI_VIET_HTML, language="blt-Tavt")
    _, text, fonts = pdf_text_and_fonts(export(tai_viet, "pdf"))
    assert letters("ꪹꪀꪷ ꪁꪱ ꪻꪠ") in letters(text)
    assert fonts.get("NotoSansTaiViet")


def test_pdf_keeps_the_jarai_breve_letters():
    script = read_aloud(title="Jơ Rai", html=JARAI_HTML, language="jra-Latn")
    _, text, _ = pdf_text_and_fonts(export(script, "pdf"))
    assert letters("Ơ̆ dŏng mơ̆ng BHYT") in letters(text)


def test_a_long_pdf_runs_onto_more_pages():
    from pypdf import PdfReader

    script = read_aloud(title="Dài", html="<p>Người dân tham gia bảo hiểm y tế đầy đủ.</p>" * 60, language="vi")
    reader = PdfReader(io.BytesIO(export(script, "pdf")))
    assert len(reader.pages) >= 3
    assert "bảo hiểm y tế" in reader.pages[-1].extract_text()


needs_espeak = pytest.mark.skipif(
    not tts_available(), reason="espeak-ng is not installed (apt-get install espeak-ng); MP3 export untested"
)


@needs_espeak
def test_mp3_has_audio_of_about_the_estimated_length():
    from mutagen.mp3 import MP3

    script = read_aloud(title="Thông báo", html=VIETNAMESE_HTML * 4, language="vi")
    data = export(script, "mp3")
    audio = MP3(io.BytesIO(data))
    assert audio.info.sample_rate > 0 and audio.info.channels == 1
    # The voice pauses at commas and full stops, which the syllable count does not see.
    assert 0.7 * script.seconds <= audio.info.length <= 1.4 * script.seconds, (audio.info.length, script.seconds)


@needs_espeak
@override_settings(VSS_SPEECH_SYLLABLES_PER_MINUTE=180)
def test_a_slower_rate_gives_a_longer_mp3():
    from mutagen.mp3 import MP3

    script = read_aloud(title="Thông báo", html=VIETNAMESE_HTML, language="vi")
    slow = MP3(io.BytesIO(export(script, "mp3"))).info.length
    with override_settings(VSS_SPEECH_SYLLABLES_PER_MINUTE=300):
        fast_script = read_aloud(title="Thông báo", html=VIETNAMESE_HTML, language="vi")
        fast = MP3(io.BytesIO(export(fast_script, "mp3"))).info.length
    assert slow > fast * 1.3
    assert 0.7 * script.seconds <= slow <= 1.4 * script.seconds


@needs_espeak
def test_no_mp3_for_a_language_without_a_voice():
    script = read_aloud(title=KHMER_TITLE, html=KHMER_HTML, language="km-Khmr")
    with pytest.raises(ExportUnavailable, match="No offline voice"):
        export(script, "mp3")


@override_settings(VSS_ESPEAK_NG="espeak-ng-not-installed-here")
def test_without_espeak_ng_mp3_says_what_to_install():
    assert tts_available() is False
    with pytest.raises(ExportUnavailable, match="apt-get install espeak-ng"):
        export(vietnamese(), "mp3")
    assert export(vietnamese(), "pdf").startswith(b"%PDF")  # the other formats still work


def test_a_hung_espeak_ng_is_stopped(tmp_path):
    """A synthesiser that never answers must not hold a worker: it is stopped at the timeout."""
    stand_in = tmp_path / "espeak-ng"
    stand_in.write_text("#!/bin/sh\nexec sleep 30\n")
    stand_in.chmod(0o755)
    with override_settings(VSS_ESPEAK_NG=str(stand_in), VSS_ESPEAK_TIMEOUT_SECONDS=1):
        with pytest.raises(ExportFailed, match="did not finish within 1 s"):  # tried again later
            export(vietnamese(), "mp3")


def test_a_failing_espeak_ng_is_reported(tmp_path):
    stand_in = tmp_path / "espeak-ng"
    stand_in.write_text("#!/bin/sh\necho 'voice not found' >&2\nexit 1\n")
    stand_in.chmod(0o755)
    with override_settings(VSS_ESPEAK_NG=str(stand_in)):
        with pytest.raises(ExportFailed, match="espeak-ng failed"):
            export(vietnamese(), "mp3")


def test_shipped_fonts_carry_their_licence():
    from channels.loudspeaker.exports import fonts

    for face in fonts.FACES:
        assert fonts.path(face.regular).is_file()
    assert "SIL Open Font License" in (fonts.FONT_DIR / "OFL.txt").read_text()
