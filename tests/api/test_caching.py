"""HTTP caching: ETag and Last-Modified on every public read, 304 while nothing changed,
a fresh body once an item is published, updated or withdrawn."""

import io

import pytest


@pytest.mark.parametrize("path", ["/api/items/", "/api/items/?locale=km-Khmr&fields=title", "DETAIL"])
def test_every_public_read_carries_validators(api, live_news, path):
    item = live_news(title="Tin có ETag")
    answer = api.get(path.replace("DETAIL", f"/api/items/{item.pk}/"))
    assert answer.status_code == 200
    assert answer["ETag"].startswith('"') and answer["Last-Modified"].endswith("GMT")
    assert answer["Cache-Control"] == "public, no-cache"


def test_matching_etag_gets_304_without_a_body(api, live_news):
    item = live_news(title="Tin lưu đệm")
    for path in ("/api/items/", f"/api/items/{item.pk}/"):
        first = api.get(path)
        again = api.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "public, no-cache"
        by_date = api.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert by_date.status_code == 304
        assert api.get(path, HTTP_IF_NONE_MATCH='"0-stale"').status_code == 200


def test_304_needs_a_single_query(api, live_news, django_assert_num_queries):
    live_news(title="Tin")
    etag = api.get("/api/items/?page_size=50")["ETag"]
    with django_assert_num_queries(1):
        assert api.get("/api/items/?page_size=50", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_publish_update_and_withdraw_each_give_a_fresh_body(api, live_news, users, approve):
    item = live_news(title="Tin đầu tiên")
    listed = api.get("/api/items/")
    detail = api.get(f"/api/items/{item.pk}/")

    live_news(title="Tin mới đăng")  # published, within the same second as the read above
    assert api.get("/api/items/", HTTP_IF_MODIFIED_SINCE=listed["Last-Modified"]).status_code == 200
    fresh = api.get("/api/items/", HTTP_IF_NONE_MATCH=listed["ETag"])
    assert fresh.status_code == 200 and fresh["ETag"] != listed["ETag"]
    assert [i["title"] for i in fresh.json()["results"]] == ["Tin mới đăng", "Tin đầu tiên"]

    item.title = "Tin đầu tiên (đã sửa)"  # updated and approved again
    item.save_revision(user=users["editor_a"])
    approve(item)
    updated = api.get(f"/api/items/{item.pk}/", HTTP_IF_NONE_MATCH=detail["ETag"])
    assert updated.status_code == 200 and updated.json()["title"] == "Tin đầu tiên (đã sửa)"

    item.unpublish(user=users["approver_a"])  # withdrawn
    gone = api.get("/api/items/", HTTP_IF_NONE_MATCH=fresh["ETag"])
    assert gone.status_code == 200 and [i["title"] for i in gone.json()["results"]] == ["Tin mới đăng"]


def test_a_draft_edit_keeps_the_cache_valid(api, live_news, users):
    item = live_news(title="Tin ổn định")
    etag = api.get("/api/items/")["ETag"]
    item.title = "Bản nháp"
    item.save_revision(user=users["editor_a"])
    assert api.get("/api/items/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_renaming_a_policy_area_refreshes_the_items_showing_it(api, live_news):
    from cms.models import PolicyArea

    area = PolicyArea.objects.get(code="bhyt")
    live_news(title="Tin BHYT", policy_areas=[area])
    etag = api.get("/api/items/")["ETag"]
    area.save()  # saved as it was (the loaders do this on every run): nothing to rewrite
    assert api.get("/api/items/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    area.name = "Bảo hiểm y tế (tên mới)"
    area.save()
    fresh = api.get("/api/items/", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh.json()["results"][0]["policy_areas"] == [{"code": "bhyt", "name": "Bảo hiểm y tế (tên mới)"}]


def test_deleting_a_live_item_removes_it_and_changes_the_etag(api, live_news):
    item = live_news(title="Tin sẽ xoá")
    etag = api.get("/api/items/")["ETag"]
    item.delete()
    fresh = api.get("/api/items/", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh.json()["results"] == []


def test_api_index_rebuilds_the_read_model_from_live_pages(api, live_news, make_news, section_a):
    from django.core.management import call_command

    from cms.models import PublishedItem

    live_news(title="Tin sống")
    make_news(section_a, title="Bản nháp")
    PublishedItem.objects.all().delete()
    assert api.get("/api/items/").json()["results"] == []
    call_command("api_index", stdout=io.StringIO())
    assert [i["title"] for i in api.get("/api/items/").json()["results"]] == ["Tin sống"]


def test_moving_a_live_item_rewrites_its_url(api, live_news, section_b):
    item = live_news(title="Tin chuyển mục")
    before = api.get(f"/api/items/{item.pk}/").json()["url"]
    item.move(section_b, pos="last-child")
    after = api.get(f"/api/items/{item.pk}/").json()["url"]
    assert "/lao-cai/" in before and "/gia-lai/" in after


def test_a_section_published_under_a_new_slug_takes_its_items_urls_along(api, live_news, section_a, users):
    item = live_news(title="Tin theo mục")
    etag = api.get(f"/api/items/{item.pk}/")["ETag"]
    section_a.slug = "lao-cai-moi"
    section_a.save_revision(user=users["root"]).publish(user=users["root"])
    fresh = api.get(f"/api/items/{item.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and "/lao-cai-moi/" in fresh.json()["url"]


def test_deleting_a_policy_area_or_the_picture_an_item_shows_refreshes_it(api, live_news, image):
    from cms.models import PolicyArea

    area = PolicyArea.objects.create(code="tam-thoi", name="Chủ đề tạm thời")
    item = live_news(title="Tin có ảnh và chủ đề", policy_areas=[area], hero_image=image)
    shown = api.get(f"/api/items/{item.pk}/")
    assert [a["code"] for a in shown.json()["policy_areas"]] == ["tam-thoi"] and shown.json()["image"]

    area.delete()
    after_area = api.get(f"/api/items/{item.pk}/", HTTP_IF_NONE_MATCH=shown["ETag"])
    assert after_area.status_code == 200 and after_area.json()["policy_areas"] == []

    image.delete()
    after_image = api.get(f"/api/items/{item.pk}/", HTTP_IF_NONE_MATCH=after_area["ETag"])
    assert after_image.status_code == 200 and not after_image.json()["image"]
