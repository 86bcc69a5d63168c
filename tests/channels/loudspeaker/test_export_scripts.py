"""Every script in the exports: lines broken by ICU, never inside a letter cluster; the PDF text searchable;
Word runs split by script, each in its own font and language."""

import io
import unicodedata
import zipfile

import pytest
import regex

from channels.loudspeaker.exports import export
from channels.loudspeaker.exports.lines import break_pieces, wrap
from channels.loudspeaker.speech import read_aloud

pytestmark = pytest.mark.django_db

# Khmer as it is written: no spaces inside a phrase. "ការធានារ៉ាប់រងសុខភាព" (health insurance) four times.
KHMER_WORD = "ការធានារ៉ាប់រងសុខភាព"
KHMER_PARAGRAPH = ("ក្រសួងសុខាភិបាលប្រកាសថា" + KHMER_WORD + "ជួយគ្រួសារក្រីក្រនិងកុមារ"
                   "ប្រជាពលរដ្ឋគ្រប់រូបគួរចុះឈ្មោះ" + KHMER_WORD + "នៅមណ្ឌលសុខភាពជិតផ្ទះ"
                   "ដើម្បីទទួលបានការព្យាបាលដោយឥតគិតថ្លៃ" + KHMER_WORD + "គឺជាសិទ្ធិរបស់ប្រជាជនទាំងអស់"
                   "សូមទាក់ទងអាជ្ញាធរមូលដ្ឋានអំពី" + KHMER_WORD + "។")
CHAM_WORDS = ["ꨀꨇꩉ", "ꨌꩌ", "ꨨꨯꨱ", "ꨆꨴꨯꨱꨮ", "ꨚꨩꨘ"]
TAI_VIET_WORDS = ["ꪹꪀꪷ", "ꪁꪱ", "ꪻꪠ", "ꪁꪫꪱꪣ"]
VIETNAMESE_WORDS = ["bảo hiểm y tế", "người tham gia", "Ơ̆"]
_GRAPHEME = regex.compile(r"\X")


def clusters_whole(lines, text):
    """Every line is a run of whole grapheme clusters of ``text``: no line starts with a mark or a subscript."""
    boundaries, position = set(), 0
    for cluster in _GRAPHEME.findall(text):
        position += len(cluster)
        boundaries.add(position)
    position = 0
    for line in lines:
        start = text.index(line, position)
        if start and start not in boundaries:
            return False
        if start + len(line) not in boundaries:
            return False
        position = start + len(line)
    return True


def test_icu_finds_khmer_words_and_never_breaks_a_cluster():
    pieces = break_pieces(KHMER_PARAGRAPH, "km")
    assert "".join(pieces) == KHMER_PARAGRAPH
    assert len(pieces) > 15  # words, from ICU's Khmer dictionary: not one unbreakable block
    assert clusters_whole(pieces, KHMER_PARAGRAPH)
    assert not any(unicodedata.category(piece[0]) in ("Mn", "Mc") or piece[0] == "\u17d2" for piece in pieces)


def test_a_word_wider_than_the_line_is_cut_between_clusters():
    lines = wrap(KHMER_WORD * 3, 5, len, "km")  # 5 code points a line: only clusters can be cut
    assert "".join(lines) == KHMER_WORD * 3
    assert clusters_whole(lines, KHMER_WORD * 3)


def pdf_lines(data):
    """The PDF's text layer as pypdf extracts it, line by line."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split("\n")


def letters(text):
    """Letters and marks in order, without the spaces and line ends a layout (or an extractor's guess) adds."""
    return "".join(char for char in unicodedata.normalize("NFC", text) if not char.isspace())


def test_a_khmer_paragraph_prints_in_whole_clusters_and_every_word_is_found():
    script = read_aloud(title=KHMER_WORD, html=f"<p>{KHMER_PARAGRAPH}</p><p>ទូរស័ព្ទ 1900 9068</p>",
                        language="km-Khmr")
    lines = pdf_lines(export(script, "pdf"))
    text = "".join(lines)
    assert "\u200b" not in text and not any(unicodedata.category(char) == "Cc" for char in text)
    assert letters(text).count(KHMER_WORD) == 5  # the title and the four in the paragraph: searchable
    body = [letters(line) for line in lines if line and "\u1780" <= line[0] <= "\u17ff"][1:-1]
    assert len(body) >= 3  # the paragraph wraps over several lines...
    assert "".join(body) == KHMER_PARAGRAPH
    assert clusters_whole(body, KHMER_PARAGRAPH)  # ...each starting and ending on a whole cluster


@pytest.mark.parametrize(("language", "words"), [
    ("vi", VIETNAMESE_WORDS), ("cjm-Cham", CHAM_WORDS), ("blt-Tavt", TAI_VIET_WORDS)], ids=["vi", "cham", "tai-viet"])
def test_the_pdf_text_reads_back_what_was_written(language, words):
    html = "<p>" + unicodedata.normalize("NFD", " ".join(words * 8)) + "</p>"
    script = read_aloud(title="", html=html, language=language)
    text = "".join(pdf_lines(export(script, "pdf")))
    assert "\u200b" not in text and not any(unicodedata.category(char) == "Cc" for char in text)
    for word in words:
        assert letters(text).count(letters(word)) == 8, word


# Many diacritics: every breve and horn vowel with every tone, đ, and the Jơ Rai breve over ơ, ư and o.
DIACRITICS_PARAGRAPH = ("Ắt hẳn bà con ở Đắk Lắk, Cà Mau và Bắc Giang đã nghe: người tham gia bảo hiểm "
                        "được hưởng ưu đãi; ặc, ằng, ẵm, ẳng; ừ, ứng, ửa, ữu, ựa; ờ, ớt, ởi, ỡ, ợt; "
                        "đường, đồng, mượn, lưỡi, gửi, cừu, thưởng, Ơ̆ dŏng mơ̆ng ư̆")


def pdfium_text(data):
    """The text layer as PDFium reads it (Chrome's viewer: copy, search and screen readers), lines joined by LF."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document).replace("\r\n", "\n")
    finally:
        document.close()


@pytest.mark.parametrize(("language", "paragraphs"), [
    ("vi", [DIACRITICS_PARAGRAPH]), ("km-Khmr", [KHMER_PARAGRAPH]), ("cjm-Cham", [" ".join(CHAM_WORDS * 8)]),
    ("blt-Tavt", [" ".join(TAI_VIET_WORDS * 8)])], ids=["vi", "khmer", "cham", "tai-viet"])
def test_pdfium_and_pypdf_both_read_back_every_word_as_written(language, paragraphs):
    html = "".join(f"<p>{unicodedata.normalize('NFD', paragraph)}</p>" for paragraph in paragraphs)
    script = read_aloud(title=paragraphs[0].split(",")[0][:40], html=html, language=language)
    data = export(script, "pdf")
    written = [script.title, *script.paragraphs]
    words = {word.strip(",;:.។") for text in written for word in text.split()} - {""}
    for name, text in (("pdfium", pdfium_text(data)), ("pypdf", "\n".join(pdf_lines(data)))):
        assert text == unicodedata.normalize("NFC", text), name
        assert not any(unicodedata.category(char) == "Cc" and char != "\n" for char in text), (name, text)
        assert "\u200b" not in text, name
        found = letters(text)
        for paragraph in written:
            assert letters(paragraph) in found, (name, paragraph, text)
        missing = [word for word in sorted(words) if letters(word) not in found]
        assert not missing, (name, missing)
    # The PDFium lines are the printed lines, each exactly as written (no stray spaces or reordered marks).
    printed = [line for line in pdfium_text(data).split("\n") if line and not line.startswith("Thời lượng")][:-1]
    assert letters("".join(printed)) == letters("".join(written))
    body = "".join(script.paragraphs)
    for line in printed:
        assert line.strip() in script.title or line.strip() in body, line


def test_a_khmer_script_over_several_pages_reads_back_on_every_page():
    from pypdf import PdfReader

    script = read_aloud(title=KHMER_WORD, html=f"<p>{KHMER_PARAGRAPH}</p>" * 12, language="km-Khmr")
    data = export(script, "pdf")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 2
    for page in pages:  # a span that a page break cut in two would be an unbalanced content stream
        content = page.get_contents().get_data()
        assert content.count(b" BDC") == content.count(b"EMC") > 0
    assert letters(pdfium_text(data)).count(KHMER_WORD) == 1 + 4 * 12


def docx_runs(data):
    """(text, font, w:lang val, bidi, complex-script flag) of every run in word/document.xml."""
    from lxml import etree

    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    w = "{%s}" % ns["w"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    runs = []
    for run in root.iter(w + "r"):
        properties = run.find("w:rPr", ns)
        fonts = properties.find("w:rFonts", ns)
        lang = properties.find("w:lang", ns)
        runs.append(("".join(t.text or "" for t in run.iter(w + "t")), fonts.get(w + "ascii"), fonts.get(w + "cs"),
                     lang.get(w + "val"), lang.get(w + "bidi"), properties.find("w:cs", ns) is not None))
    return runs


def test_a_vietnamese_script_quoting_khmer_cham_and_tai_viet_sets_each_in_its_font_and_language():
    html = ("<p>Tiếng Khmer: ការធានារ៉ាប់រងសុខភាព។ Tiếng Chăm: ꨀꨇꩉ ꨌꩌ, tiếng Thái: ꪹꪀꪷ ꪁꪱ. Gọi BHXH.</p>")
    script = read_aloud(title="Bảo hiểm y tế", html=html, language="vi")
    runs = docx_runs(export(script, "docx"))
    body = [run for run in runs if run[0] and run[0] not in (script.title,) and not run[0].startswith("Thời lượng")]
    by_text = {run[0].strip(" .,:"): run for run in body}
    khmer = by_text["ការធានារ៉ាប់រងសុខភាព។"]
    assert khmer[1:] == ("Noto Sans Khmer", "Noto Sans Khmer", "km-KH", "km-KH", True)
    assert by_text["ꨀꨇꩉ ꨌꩌ"][1:5] == ("Noto Sans Cham", "Noto Sans Cham", "cjm", "cjm")
    assert by_text["ꪹꪀꪷ ꪁꪱ"][1:5] == ("Noto Sans Tai Viet", "Noto Sans Tai Viet", "blt", "blt")
    latin = [run for run in body if "Tiếng Khmer" in run[0]][0]
    assert latin[1] == "Noto Sans" and latin[3] == "vi-VN" and not latin[5]
    assert "".join(run[0] for run in body) == script.paragraphs[0]  # nothing lost or doubled between runs


def test_a_khmer_script_quoting_latin_sets_the_latin_in_noto_sans():
    script = read_aloud(title="", html="<p>ក្រសួងសុខាភិបាល BHXH 1900 9068 ក្រសួង</p>", language="km-Khmr")
    runs = [run for run in docx_runs(export(script, "docx")) if run[0] and not run[0].startswith("Thời lượng")]
    assert [(run[0], run[1], run[3]) for run in runs] == [
        ("ក្រសួងសុខាភិបាល", "Noto Sans Khmer", "km-KH"), (" BHXH 1900 9068 ", "Noto Sans", "vi-VN"),
        ("ក្រសួង", "Noto Sans Khmer", "km-KH")]
