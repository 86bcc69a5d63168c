"""The permissions matrix: editors and approvers of province A against content of A
and B; central staff against all. Checked through the admin views a person uses and
through the workflow actions they are offered."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cms.services.content import content_approve, content_submit


def can_view_in_admin(client, user, page):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return response.status_code == 200 and page.title in response.content.decode()


def can_view_draft(client, user, page):
    client.force_login(user)
    return client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).status_code == 200


def can_submit(page, user):
    try:
        content_submit(page=page, user=user)
    except PermissionDenied:
        return False
    page.refresh_from_db()
    return page.workflow_in_progress


def can_approve(page, user):
    try:
        content_approve(page=page, user=user)
    except PermissionDenied:
        return False
    return True


@pytest.fixture
def pages(make_news, section_a, section_b, users):
    return {
        "A": make_news(section_a, user=users["editor_a"], title="Tin của Lào Cai"),
        "B": make_news(section_b, user=users["editor_b"], title="Tin của Gia Lai"),
    }


# (user, province of the page): expected view, edit, submit, publish
MATRIX = [
    ("editor_a", "A", True, True, True, False),
    ("editor_a", "B", False, False, False, False),
    ("approver_a", "A", True, True, True, True),
    ("approver_a", "B", False, False, False, False),
    ("editor_b", "A", False, False, False, False),
    ("approver_b", "A", False, False, False, False),
    ("central_editor", "A", True, True, True, False),
    ("central_editor", "B", True, True, True, False),
    ("chief_editor", "A", True, True, True, False),
    ("leadership", "A", True, True, True, True),
    ("leadership", "B", True, True, True, True),
]


@pytest.mark.parametrize("username,province,view,edit,submit,publish", MATRIX)
def test_permissions_matrix(client, users, pages, username, province, view, edit, submit, publish):
    user, page = users[username], pages[province]
    perms = page.permissions_for_user(user)
    assert can_view_in_admin(client, user, page) is view
    assert can_view_draft(client, user, page) is view
    assert perms.can_edit() is edit
    assert perms.can_publish() is publish
    assert can_submit(page, user) is submit


@pytest.mark.parametrize("username,province,expected", [
    ("approver_a", "A", True),
    ("approver_b", "A", False),
    ("editor_a", "A", False),
    ("chief_editor", "A", False),  # a province's item is approved by the province
    ("approver_b", "B", True),
    ("approver_a", "B", False),
])
def test_only_the_provinces_approvers_can_approve(users, pages, username, province, expected):
    page = pages[province]
    content_submit(page=page, user=users["editor_a" if province == "A" else "editor_b"])
    assert can_approve(page, users[username]) is expected
    page.refresh_from_db()
    assert page.live is expected


def test_explorer_hides_other_provinces(client, users, pages, section_a, section_b):
    client.force_login(users["editor_a"])
    own = client.get(reverse("wagtailadmin_explore", args=[section_a.pk]))
    assert own.status_code == 200 and "Tin của Lào Cai" in own.content.decode()
    other = client.get(reverse("wagtailadmin_explore", args=[section_b.pk]))
    assert "Tin của Gia Lai" not in other.content.decode()


def test_editor_cannot_add_a_page_in_another_province(client, users, section_b):
    client.force_login(users["editor_a"])
    response = client.get(reverse("wagtailadmin_pages:add", args=["cms", "newspage", section_b.pk]))
    assert response.status_code in (302, 403)


def test_editor_cannot_publish_via_the_admin_form(client, users, pages):
    """The publish button posted by hand by an editor does not make the page live."""
    from cms.models import NewsPage
    from tests.conftest import admin_form_data

    page = pages["A"]
    client.force_login(users["editor_a"])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = admin_form_data(client, url, NewsPage, **{"action-publish": "action-publish"})
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert not page.live


def test_radio_operator_has_no_admin_access(client, users):
    client.force_login(users["operator_a"])
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code in (302, 403)


def test_page_chooser_does_not_reveal_other_provinces_drafts(client, users, make_news, section_b):
    make_news(section_b, user=users["editor_b"], title="Bản nháp riêng của Gia Lai")
    url = reverse("wagtailadmin_choose_page_search") + "?q=riêng"
    client.force_login(users["editor_b"])
    assert "Bản nháp riêng của Gia Lai" in client.get(url).content.decode()
    client.force_login(users["editor_a"])
    assert "Bản nháp riêng của Gia Lai" not in client.get(url).content.decode()


def test_files_of_unpublished_items_are_not_served_to_the_public(client, users, section_a):
    from demo.files import leaflet_pdf
    from cms.models import LeafletPage
    from cms.services.content import content_approve, content_create, content_submit
    from wagtail.models import Collection

    from tests.conftest import make_document

    pdf = make_document("Tờ rơi nháp", "nhap.pdf", leaflet_pdf(1, pages=1))
    pdf.collection = Collection.objects.get(name=section_a.org_unit.name)  # uploaded by Lào Cai's editor
    pdf.save()
    leaflet = LeafletPage(title="Tờ rơi nháp", pdf=pdf, kind="other")
    content_create(section=section_a, page=leaflet, user=users["editor_a"])
    url = pdf.url
    assert client.get(url).status_code == 404  # a draft's file, logged out
    client.force_login(users["editor_a"])
    assert client.get(url).status_code == 200  # staff may see it
    client.logout()
    leaflet = LeafletPage.objects.get(pk=leaflet.pk)
    content_submit(page=leaflet, user=users["editor_a"])
    content_approve(page=leaflet, user=users["approver_a"])
    assert client.get(url).status_code == 200  # published: public
