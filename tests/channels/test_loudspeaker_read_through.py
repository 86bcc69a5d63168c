"""Đọc thử: the script editor's read-through view, its per-occurrence corrections and their way to the exports."""

import pytest
from django.urls import reverse

from channels.loudspeaker.models import ScriptRender
from tests.channels.loudspeakers import SA_PA, commune_scripts  # noqa: F401 (fixtures below)
from tests.channels.loudspeakers import loudspeakers, make_script  # noqa: F401
from tests.outbox import work

pytestmark = pytest.mark.django_db

HTML = "<p>Hạn nộp 01 bản sao là 31/4, theo Quyết định 595/QĐ-BHXH.</p><p>Gọi trước 31/4 nhé.</p>"


def test_the_view_shows_written_and_spoken_side_by_side_with_each_rule(client, users, make_script, section_a):
    page = make_script(section_a, title="Thông báo BHXH", html=HTML, target=5)
    client.force_login(users["editor_a"])
    response = client.get(reverse("loudspeaker_read_through", args=[page.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đọc thử" in html
    assert "<mark" in html and "ba mươi mốt trên bốn" in html and "của Bảo hiểm xã hội Việt Nam" in html
    for rule in ("count", "date", "document", "glossary"):
        assert f'data-rule="{rule}"' in html
    assert 'name="override:31/4#1"' in html and 'name="override:31/4#2"' in html
    assert "Thời lượng đọc ước tính" in html and "dài hơn thời lượng mong muốn" in html


def test_a_correction_is_saved_with_a_new_revision_and_reaches_the_export(client, users, make_script, section_a,
                                                                         loudspeakers, approve):
    page = make_script(section_a, title="Thông báo", html=HTML)
    revisions = page.revisions.count()
    client.force_login(users["editor_a"])
    url = reverse("loudspeaker_read_through", args=[page.pk])
    response = client.post(url, {"override:31/4#1": "ba mươi tháng tư", "override:31/4#2": ""})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.revisions.count() == revisions + 1
    assert page.get_latest_revision_as_object().spoken_overrides == {"31/4#1": "ba mươi tháng tư"}
    html = client.get(url).content.decode()
    assert 'value="ba mươi tháng tư"' in html

    approve(page)
    work()
    from django.core.files.storage import default_storage

    render = ScriptRender.objects.get(title="Thông báo")
    text = default_storage.open(render.files["txt"]).read().decode()
    assert "là ba mươi tháng tư, theo" in text  # the corrected occurrence
    assert "Gọi trước ba mươi mốt trên bốn nhé." in text  # the other left as the rule reads it


def test_a_bad_correction_changes_nothing(client, users, make_script, section_a):
    page = make_script(section_a, title="Thông báo", html=HTML)
    revisions = page.revisions.count()
    client.force_login(users["editor_a"])
    url = reverse("loudspeaker_read_through", args=[page.pk])
    response = client.post(url, {"override:31/4#1": "x" * 201, "override:không có#1": "y"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert "dài hơn" in response.content.decode()
    assert page.revisions.count() == revisions


def test_someone_who_cannot_edit_the_script_cannot_read_through_or_correct_it(client, users, make_script,
                                                                               section_a):
    page = make_script(section_a, title="Thông báo", html=HTML)
    client.force_login(users["editor_b"])
    url = reverse("loudspeaker_read_through", args=[page.pk])
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"override:31/4#1": "z"}).status_code in (302, 403)
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().spoken_overrides == {}
