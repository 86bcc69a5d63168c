"""Vietnamese typed decomposed (NFD) is stored composed (NFC), everywhere."""

import unicodedata

from django.urls import reverse
from wagtail.models import Revision

from cms.models import InfographicPage, PolicyArea
from tests.conftest import admin_form_data

TITLE = "Quyền lợi khi tham gia bảo hiểm y tế hộ gia đình"


def nfd(text):
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


def test_page_created_in_the_admin_with_nfd_text_is_stored_nfc(client, users, section_a, image):
    client.force_login(users["editor_a"])
    url = reverse("wagtailadmin_pages:add", args=["cms", "infographicpage", section_a.pk])
    data = admin_form_data(client, url, InfographicPage, title=nfd(TITLE), slug="quyen-loi-bhyt",
                           image=image.pk, alt_text=nfd("Sơ đồ năm quyền lợi"), caption=nfd("Chú thích ảnh"))
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = InfographicPage.objects.get(slug="quyen-loi-bhyt")
    assert page.title == TITLE
    assert page.alt_text == "Sơ đồ năm quyền lợi"
    revision = Revision.page_revisions.filter(object_id=str(page.pk)).latest("created_at")
    assert revision.content["title"] == TITLE
    assert revision.content["caption"] == "Chú thích ảnh"


def test_stream_and_rich_text_are_stored_nfc(make_news, section_a):
    page = make_news(section_a, title=nfd("Tin có đoạn văn"), body=[("paragraph", nfd("<p>Người lao động</p>"))])
    page.refresh_from_db()
    assert page.title == "Tin có đoạn văn"
    assert page.body.raw_data[0]["value"] == "<p>Người lao động</p>"


def test_snippets_are_stored_nfc(db):
    area = PolicyArea.objects.create(code="thu-nghiem", name=nfd("Bảo hiểm thất nghiệp thử"))
    area.refresh_from_db()
    assert area.name == "Bảo hiểm thất nghiệp thử"
