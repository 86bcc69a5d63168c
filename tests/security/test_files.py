"""Findings 1 and 2: an unpublished file of one province is not listed, nor served, to another's staff."""

import pytest
from django.urls import reverse


def api_titles(client, user, kind):
    client.force_login(user)
    response = client.get(f"/admin/api/main/{kind}/?limit=100")
    assert response.status_code == 200
    return {item["title"] for item in response.json()["items"]}


@pytest.mark.parametrize("kind,key", [("documents", "document"), ("images", "image")])
def test_admin_api_lists_only_the_persons_collections(client, users, province_files, kind, key):
    own, other = province_files["A"][key].title, province_files["B"][key].title
    assert api_titles(client, users["editor_a"], kind) >= {own}
    assert other not in api_titles(client, users["editor_a"], kind)
    assert own not in api_titles(client, users["approver_b"], kind)
    assert {own, other} <= api_titles(client, users["central_editor"], kind)  # the centre sees all


def test_a_draft_document_is_served_only_to_its_provinces_staff(client, users, province_files):
    url = province_files["B"]["document"].url
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(users["editor_a"])
    assert client.get(url).status_code == 404  # another province's editor
    client.force_login(users["editor_b"])
    assert client.get(url).status_code == 200
    client.force_login(users["leadership"])
    assert client.get(url).status_code == 200


def test_a_draft_images_thumbnail_opens_only_for_its_provinces_staff(client, users, province_files):
    image = province_files["B"]["image"]
    client.force_login(users["editor_b"])
    item = client.get(f"/admin/api/main/images/{image.pk}/").json()
    thumbnail = item["thumbnail"]["url"]
    assert client.get(thumbnail).status_code == 200
    original = image.file.url
    assert client.get(original).status_code == 200
    client.force_login(users["editor_a"])
    assert client.get(f"/admin/api/main/images/{image.pk}/").status_code == 404
    assert client.get(thumbnail).status_code == 404
    assert client.get(original).status_code == 404
    client.logout()
    assert client.get(thumbnail).status_code == 404


def test_files_of_a_live_item_are_public(client, users, province_files, make_news, section_b, approve):
    image, document = province_files["B"]["image"], province_files["B"]["document"]
    rendition_url = image.get_rendition("fill-100x100").url
    assert client.get(rendition_url).status_code == 404
    page = make_news(section_b, user=users["editor_b"], title="Tin có ảnh", hero_image=image)
    approve(page, editor="editor_b", approver="approver_b")
    response = client.get(rendition_url)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert client.get(document.url).status_code == 404  # the item shows the image, not the PDF


def test_choosers_list_only_the_persons_collections(client, users, province_files):
    client.force_login(users["editor_a"])
    images = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    documents = client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]
    assert "Ảnh nháp A" in images and "Ảnh nháp B" not in images
    assert "Tờ rơi nháp A" in documents and "Tờ rơi nháp B" not in documents
