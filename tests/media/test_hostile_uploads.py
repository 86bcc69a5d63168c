"""Finding 6: disguised and active uploads are refused through the real upload view; subtitles lose stray markup."""

import io
import zipfile

import pytest
from django.test import override_settings
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from wagtail.documents.models import Document

from tests.media import files

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"})
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400


def pdf_with(action):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(action))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


JS_URI = pdf_with({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(" javascript:alert(1)")})
SUBMIT = pdf_with({NameObject("/S"): NameObject("/SubmitForm"), NameObject("/F"): TextStringObject("https://evil.example/")})


@pytest.mark.parametrize("name,data,reason", [
    ("quyet-dinh.docx", EXE, "not a Word (DOCX) file"),
    ("ghi-chu.txt", HTML, "not a plain text (UTF-8) file"),
    ("ban-tin.mp3", HTML, "not a MP3 file"),
    ("quyet-dinh.docx", HTML, "not a Word (DOCX) file"),
    ("bang.xlsx", DOCX, "not a Excel (XLSX) file"),
    ("van-ban.odt", zipped({"mimetype": "text/html"}), "not a OpenDocument (ODT) file"),
    ("chuong-trinh.exe", EXE, "are not accepted"),
    ("to-roi.pdf", JS_URI, "JavaScript"),
    ("to-roi.pdf", SUBMIT, "outside address"),
], ids=["exe-as-docx", "html-as-txt", "html-as-mp3", "html-as-docx", "docx-as-xlsx", "html-odt", "exe", "pdf-js-uri",
        "pdf-submit-form"])
@override_settings(LANGUAGE_CODE="en", WAGTAILDOCS_EXTENSIONS=None)
def test_disguised_and_active_documents_are_refused(upload, name, data, reason):
    before = Document.objects.count()
    answer = upload("document", name, data)
    assert answer["success"] is False
    assert reason in answer["error_message"], answer["error_message"]
    assert Document.objects.count() == before


@pytest.mark.parametrize("name,data", [("quyet-dinh.docx", DOCX), ("bang.xlsx", XLSX), ("van-ban.odt", ODT),
                                       ("ban-tin.mp3", MP3), ("ghi-chu.txt", "Thông báo lịch tiếp dân.".encode())])
def test_real_documents_are_accepted(upload, name, data):
    assert upload("document", name, data)["success"] is True


def test_subtitle_cues_keep_only_the_specs_tags(upload):
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Bà Lan>Chào <b>bà con</b> <script>alert(1)</script>"
           "<img src=x onerror=alert(2)> <c.vang>BHYT</c>\n").encode()
    answer = upload("document", "phu-de.vtt", vtt)
    assert answer["success"] is True
    stored = Document.objects.get(pk=answer["doc_id"]).file.read().decode()
    assert "<v Bà Lan>Chào <b>bà con</b>" in stored and "<c.vang>BHYT</c>" in stored
    assert "<script" not in stored and "<img" not in stored and "onerror" not in stored


@override_settings(LANGUAGE_CODE="en")
def test_a_damaged_jpeg_is_called_damaged_not_not_an_image(upload):
    answer = upload("image", "anh.jpg", files.truncated_jpeg()[:200])
    assert "not an image" not in answer["error_message"] and "damaged" in answer["error_message"]
