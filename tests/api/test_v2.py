"""Wagtail's API v2 at /api/v2/: live pages with the project's fields, images, documents."""


def test_v2_pages_carry_the_project_fields_and_only_live_items(api, live_news, make_news, section_a, image):
    from cms.models import PolicyArea

    live_news(title="Tin v2", hero_image=image, policy_areas=[PolicyArea.objects.get(code="bhyt")],
              body=[("paragraph", '<p>Đọc <a href="javascript:x()">đây</a></p>')])
    make_news(section_a, title="Bản nháp v2")
    answer = api.get("/api/v2/pages/?type=cms.NewsPage&fields=summary,org_unit,policy_areas,body_html,hero_image_social")
    assert answer.status_code == 200
    [item] = answer.json()["items"]
    assert item["title"] == "Tin v2"
    assert item["org_unit"] == {"code": "15", "name": "Tỉnh Lào Cai"}
    assert item["policy_areas"] == ["bhyt"]
    assert "Đọc" in item["body_html"] and "javascript" not in item["body_html"]
    assert "/media/images/" in item["hero_image_social"]["full_url"]


def test_v2_images_and_documents_endpoints_answer(api, image):
    assert api.get("/api/v2/images/").status_code == 200
    assert api.get("/api/v2/documents/").status_code == 200
    assert api.get("/api/v2/pages/?nonsense=1").status_code == 400
