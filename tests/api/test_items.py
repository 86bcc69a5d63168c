"""/api/items/: live items across types, filtered, in the reader's language, searchable."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import AudienceGroup, Campaign, InfographicPage, PolicyArea
from cms.services.content import content_create
from media.renditions import make_channel_renditions


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


@pytest.fixture
def live_infographic(users, approve, section_a, image):
    def factory(title="Infographic BHYT", **fields):
        page = InfographicPage(title=title, image=image, alt_text="Biểu đồ số người tham gia", **fields)
        content_create(section=section_a, page=page, user=users["editor_a"])
        return approve(InfographicPage.objects.get(pk=page.pk))

    return factory


def test_list_gives_every_type_with_its_detail_fields(api, live_news, live_infographic, image):
    live_news(title="Tin BHXH tự nguyện", summary="Sapo tin.", hero_image=image)
    live_infographic(title="Số liệu BHYT", caption="Nguồn: BHXH Việt Nam")
    answer = api.get("/api/items/")
    items = {item["title"]: item for item in answer.json()["results"]}
    news, chart = items["Tin BHXH tự nguyện"], items["Số liệu BHYT"]
    assert news["type"] == "news" and news["summary"] == "Sapo tin." and news["locale"] == "vi"
    assert news["unit"] == {"code": "15", "name": "Tỉnh Lào Cai", "kind": "province", "province": "15"}
    assert chart["type"] == "infographic"
    assert chart["details"]["alt_text"] == "Biểu đồ số người tham gia"
    assert chart["image"]["alt"] == "Biểu đồ số người tham gia"
    # Every channel size in every format, newest first.
    # (The sizes come from the installed channels: the Zalo channel adds its own two.)
    assert set(chart["image"]["renditions"]) >= {"facebook", "mobile", "portal", "portal_thumb"}
    assert set(chart["image"]["renditions"]["facebook"]) == {"avif", "webp", "jpeg"}
    assert list(items) == ["Số liệu BHYT", "Tin BHXH tự nguyện"]


def test_body_html_is_sanitised(api, live_news):
    live_news(title="Tin có mã độc", body=[
        ("paragraph", '<p>Chính sách <a href="javascript:alert(1)">mới</a><script>alert(1)</script></p>'),
    ])
    [item] = api.get("/api/items/").json()["results"]
    assert "Chính sách" in item["body_html"]
    assert "<script" not in item["body_html"] and "javascript:" not in item["body_html"]


def test_filters_by_type_policy_area_audience_campaign(api, live_news, live_infographic):
    bhyt, bhtn = PolicyArea.objects.get(code="bhyt"), PolicyArea.objects.get(code="bhtn")
    pupils = AudienceGroup.objects.get(code="hoc-sinh-sinh-vien")
    school = Campaign.objects.get(slug="bhyt-hssv-nam-hoc-moi")
    live_news(title="BHYT học sinh", policy_areas=[bhyt], audience_groups=[pupils], campaign=school)
    live_news(title="BHTN", policy_areas=[bhtn])
    live_infographic(title="Biểu đồ BHYT", policy_areas=[bhyt])

    assert titles(api.get("/api/items/?type=infographic")) == ["Biểu đồ BHYT"]
    assert titles(api.get("/api/items/?type=news,infographic&policy_area=bhyt")) == ["Biểu đồ BHYT", "BHYT học sinh"]
    assert titles(api.get("/api/items/?policy_area=bhyt,bhtn")) == ["Biểu đồ BHYT", "BHTN", "BHYT học sinh"]
    assert titles(api.get("/api/items/?audience=hoc-sinh-sinh-vien")) == ["BHYT học sinh"]
    assert titles(api.get("/api/items/?campaign=bhyt-hssv-nam-hoc-moi")) == ["BHYT học sinh"]
    assert titles(api.get("/api/items/?policy_area=bhyt&audience=hoc-sinh-sinh-vien&type=infographic")) == []


def test_province_filter_includes_its_communes(api, live_news, units, section_b, users, approve, make_news):
    live_news(title="Tin tỉnh Lào Cai")
    live_news(title="Tin xã Sa Pa", org_unit=units["15-sa-pa"])
    approve(make_news(section_b, title="Tin Gia Lai", user=users["editor_b"]), "editor_b", "approver_b")
    assert titles(api.get("/api/items/?unit=15")) == ["Tin xã Sa Pa", "Tin tỉnh Lào Cai"]
    assert titles(api.get("/api/items/?unit=15-sa-pa")) == ["Tin xã Sa Pa"]
    assert titles(api.get("/api/items/?unit=52")) == ["Tin Gia Lai"]
    assert titles(api.get("/api/items/?unit=52,15-sa-pa")) == ["Tin Gia Lai", "Tin xã Sa Pa"]


def test_updated_since_and_ordering_by_update(api, live_news, users, approve):
    first = live_news(title="Tin cũ")
    live_news(title="Tin mới")
    since = timezone.now()
    # The older item is edited and approved again: it is the only one updated since.
    first.summary = "Đã cập nhật."
    first.save_revision(user=users["editor_a"])
    approve(first)
    assert titles(api.get("/api/items/", {"updated_since": since.isoformat()})) == ["Tin cũ"]
    assert titles(api.get("/api/items/?ordering=-last_published_at")) == ["Tin cũ", "Tin mới"]
    assert titles(api.get("/api/items/?ordering=first_published_at")) == ["Tin cũ", "Tin mới"]
    assert titles(api.get("/api/items/?ordering=-first_published_at")) == ["Tin mới", "Tin cũ"]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert titles(api.get(f"/api/items/?updated_since={tomorrow}")) == []


def test_locale_fallback_and_translation_links(api, live_news, live_variant):
    translated = live_news(title="Đăng ký BHYT hộ gia đình")
    live_news(title="Chỉ có tiếng Việt")
    khmer = live_variant(translated, "km-khmr", "ការចុះឈ្មោះធានារ៉ាប់រងសុខភាព")

    items = api.get("/api/items/?locale=km-Khmr").json()["results"]
    by_title = {item["title"]: item for item in items}
    assert set(by_title) == {"ការចុះឈ្មោះធានារ៉ាប់រងសុខភាព", "Chỉ có tiếng Việt"}
    assert by_title["ការចុះឈ្មោះធានារ៉ាប់រងសុខភាព"]["locale"] == "km-Khmr"
    assert by_title["ការចុះឈ្មោះធានារ៉ាប់រងសុខភាព"]["is_fallback"] is False
    assert by_title["Chỉ có tiếng Việt"]["locale"] == "vi"
    assert by_title["Chỉ có tiếng Việt"]["is_fallback"] is True
    # Each version links the others, and the link answers with that version.
    [link] = by_title["ការចុះឈ្មោះធានារ៉ាប់រងសុខភាព"]["translations"]
    assert link["locale"] == "vi" and link["title"] == "Đăng ký BHYT hộ gia đình"
    assert api.get(link["href"]).json()["title"] == "Đăng ký BHYT hộ gia đình"

    vietnamese = {item["title"]: item for item in api.get("/api/items/").json()["results"]}
    assert set(vietnamese) == {"Đăng ký BHYT hộ gia đình", "Chỉ có tiếng Việt"}
    assert [t["locale"] for t in vietnamese["Đăng ký BHYT hộ gia đình"]["translations"]] == ["km-Khmr"]
    assert vietnamese["Chỉ có tiếng Việt"]["translations"] == []

    # Without fallback, only the Khmer version; tags are matched whatever their case.
    assert titles(api.get("/api/items/?locale=km-khmr&fallback=false")) == ["ការចុះឈ្មោះធានារ៉ាប់រងសុខភាព"]
    # The detail of the Vietnamese original asked in Khmer gives the Khmer version.
    detail = api.get(f"/api/items/{translated.pk}/?locale=km-Khmr").json()
    assert detail["id"] == khmer.pk and detail["is_fallback"] is False
    hmong = api.get(f"/api/items/{translated.pk}/?locale=hmn-Latn").json()
    assert hmong["id"] == translated.pk and hmong["locale"] == "vi" and hmong["is_fallback"] is True
    assert api.get(f"/api/items/{translated.pk}/?locale=hmn-Latn&fallback=false").status_code == 404


@pytest.mark.parametrize("query", ["bao hiem y te", "BẢO HIỂM Y TẾ", "bảo hiểm y tế", "Bao Hiem", "hiem y"])
def test_search_ignores_diacritics_and_case(api, live_news, query):
    live_news(title="Bảo hiểm y tế cho học sinh")
    live_news(title="Đóng BHXH tự nguyện", summary="Người lao động tự do đăng ký.")
    assert titles(api.get("/api/items/", {"q": query})) == ["Bảo hiểm y tế cho học sinh"]


def test_search_folds_d_with_stroke_and_reads_the_body(api, live_news):
    live_news(title="Đóng BHXH tự nguyện", summary="Người lao động tự do đăng ký.")
    live_news(title="Tin khác", body=[("paragraph", "<p>Quyền lợi khi điều trị nội trú.</p>")])
    assert titles(api.get("/api/items/", {"q": "dong bhxh"})) == ["Đóng BHXH tự nguyện"]
    assert titles(api.get("/api/items/", {"q": "dang ky"})) == ["Đóng BHXH tự nguyện"]
    assert titles(api.get("/api/items/", {"q": "dieu tri noi tru"})) == ["Tin khác"]
    assert titles(api.get("/api/items/", {"q": "thất nghiệp"})) == []


def test_drafts_are_never_public(api, live_news, make_news, section_a, users):
    make_news(section_a, title="Bản nháp bí mật")
    live = live_news(title="Tin đã duyệt")
    live.title = "Tiêu đề sửa chưa duyệt"
    live.save_revision(user=users["editor_a"])
    assert titles(api.get("/api/items/")) == ["Tin đã duyệt"]
    assert api.get(f"/api/items/{live.pk}/").json()["title"] == "Tin đã duyệt"
    assert titles(api.get("/api/items/", {"q": "bi mat"})) == []
    v2_titles = [item["title"] for item in api.get("/api/v2/pages/?type=cms.NewsPage").json()["items"]]
    assert v2_titles == ["Tin đã duyệt"]


def test_withdrawn_item_disappears(api, live_news, users):
    item = live_news(title="Tin sẽ gỡ")
    assert api.get(f"/api/items/{item.pk}/").status_code == 200
    item.unpublish(user=users["approver_a"])
    assert api.get(f"/api/items/{item.pk}/").status_code == 404
    assert titles(api.get("/api/items/")) == []


def test_field_selection(api, live_news):
    live_news(title="Chọn trường")
    [item] = api.get("/api/items/?fields=title,summary").json()["results"]
    assert set(item) == {"id", "type", "locale", "is_fallback", "title", "summary"}


def test_cursor_pagination_walks_every_item_once(api, live_news):
    for number in range(5):
        live_news(title=f"Tin số {number}")
    seen, url = [], "/api/items/?page_size=2&fields=title"
    while url:
        page = api.get(url).json()
        seen += [item["title"] for item in page["results"]]
        url = page["next"]
    assert seen == [f"Tin số {number}" for number in (4, 3, 2, 1, 0)]


def test_ready_renditions_are_used_and_missing_ones_are_made_on_first_fetch(api, live_infographic, image, client):
    live_infographic(title="Ảnh chưa có bản cắt")
    renditions = api.get("/api/items/").json()["results"][0]["image"]["renditions"]
    on_demand = renditions["facebook"]["jpeg"]
    assert "/api/images/" in on_demand
    # Nobody made it while answering the list; fetching the URL makes it and redirects to it.
    assert not image.renditions.exists()
    response = client.get(on_demand.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 302 and "/media/images/" in response["Location"]
    assert image.renditions.count() == 1

    make_channel_renditions([image.pk])
    renditions = api.get("/api/items/").json()["results"][0]["image"]["renditions"]
    assert all("/media/images/" in url for formats in renditions.values() for url in formats.values())
    assert renditions["facebook"]["jpeg"].endswith(".jpg") and renditions["mobile"]["webp"].endswith(".webp")


def test_query_count_does_not_grow_with_page_size(api, live_news, live_infographic, live_variant, image):
    make_channel_renditions([image.pk])
    bhyt = PolicyArea.objects.get(code="bhyt")
    for number in range(3):
        news = live_news(title=f"Tin {number}", hero_image=image, policy_areas=[bhyt])
        live_variant(news, "km-khmr", f"Khmer {number}")
        live_infographic(title=f"Biểu đồ {number}")

    def count(query):
        with CaptureQueriesContext(connection) as queries:
            answer = api.get(f"/api/items/?{query}")
        assert answer.status_code == 200
        return len(queries), len(answer.json()["results"])

    small, large = count("page_size=2&locale=km-Khmr"), count("page_size=50&locale=km-Khmr")
    assert small[1] == 2 and large[1] == 6
    assert small[0] == large[0]
    filtered_small = count("page_size=1&policy_area=bhyt&unit=15&type=news,infographic")
    filtered_large = count("page_size=50&policy_area=bhyt&unit=15&type=news,infographic")
    assert filtered_large[1] == 3 and filtered_small[0] == filtered_large[0]
