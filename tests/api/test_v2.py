"""Wagtail's API v2 at /api/v2/: live pages with the project's fields, images, documents."""

import io


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


def test_v2_images_and_documents_list_only_what_live_items_show(api, live_news, make_news, section_a, image, users):
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    from demo.files import leaflet_pdf
    from cms.models import LeafletPage
    from cms.services.content import content_create
    from tests.conftest import make_document, png_bytes

    draft_picture = Image.objects.create(title="Ảnh bản nháp", file=ImageFile(io.BytesIO(png_bytes()), name="nhap.png"))
    make_news(section_a, title="Bản nháp có ảnh", hero_image=draft_picture)
    draft_pdf = make_document("Tờ gấp chưa duyệt", "chua-duyet.pdf", leaflet_pdf(1, pages=1))
    content_create(section=section_a, user=users["editor_a"],
                   page=LeafletPage(title="Tờ gấp chưa duyệt", pdf=draft_pdf, kind="household_hi", print_quantity=10))
    live_news(title="Tin có ảnh", hero_image=image)

    images = api.get("/api/v2/images/")
    assert images.status_code == 200
    assert [item["id"] for item in images.json()["items"]] == [image.pk]
    assert api.get(f"/api/v2/images/{draft_picture.pk}/").status_code == 404
    documents = api.get("/api/v2/documents/")
    assert documents.status_code == 200 and documents.json()["items"] == []
    assert api.get(f"/api/v2/documents/{draft_pdf.pk}/").status_code == 404
    assert api.get("/api/v2/pages/?nonsense=1").status_code == 400
