"""Bad input gets a clear error and changes nothing."""

import copy

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Page

from cms.exceptions import FixtureError
from cms.models import ClipPage, InfographicPage, LeafletPage, OrgUnit
from cms.services.org_units import org_units_load, org_units_read
from tests.conftest import admin_form_data, make_document, mp4_bytes


def test_infographic_without_alt_text_is_refused_in_the_admin(client, users, section_a, image):
    client.force_login(users["editor_a"])
    url = reverse("wagtailadmin_pages:add", args=["cms", "infographicpage", section_a.pk])
    before = Page.objects.count()
    data = admin_form_data(client, url, InfographicPage, title="Infographic thiếu mô tả", slug="thieu-mo-ta",
                           image=image.pk, alt_text="")
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "alt_text" in response.context["form"].errors
    assert Page.objects.count() == before


def test_infographic_without_alt_text_is_refused_by_the_model(section_a, image):
    page = InfographicPage(title="Thiếu mô tả", image=image, alt_text="   ", org_unit=section_a.org_unit)
    section_a.add_child(instance=InfographicPage(title="Có mô tả", image=image, alt_text="Mô tả",
                                                 org_unit=section_a.org_unit))
    assert set(page.clean_content()) == {"alt_text"}
    before = InfographicPage.objects.count()
    with pytest.raises(ValidationError) as error:
        section_a.add_child(instance=page)  # Page.save runs full_clean, which refuses it
    assert "alt_text" in error.value.message_dict
    assert InfographicPage.objects.count() == before


def _clip(section, video):
    return ClipPage(title="Clip thử", slug="clip-thu", video=video, org_unit=section.org_unit)


def test_clip_file_that_is_not_a_video_is_refused(section_a):
    text = make_document("Không phải video", "bao-cao.mp4", b"Day la van ban, khong phai video.\n" * 10)
    errors = _clip(section_a, text).clean_content()
    assert "video" in errors and "MP4" in str(errors["video"])


def test_clip_with_a_real_mp4_container_is_accepted(section_a):
    video = make_document("Video", "clip.mp4", mp4_bytes())
    assert _clip(section_a, video).clean_content() == {}


def test_clip_with_a_pdf_renamed_mp4_is_refused(section_a):
    fake = make_document("PDF đổi tên", "clip.mp4", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert "video" in _clip(section_a, fake).clean_content()


def test_leaflet_file_that_is_not_a_pdf_is_refused(section_a):
    fake = make_document("Tờ rơi giả", "to-roi.pdf", mp4_bytes())
    errors = LeafletPage(title="Tờ rơi", pdf=fake, org_unit=section_a.org_unit).clean_content()
    assert "pdf" in errors and "PDF" in str(errors["pdf"])


def test_empty_leaflet_file_is_refused(section_a):
    empty = make_document("Rỗng", "rong.pdf", b"")
    errors = LeafletPage(title="Tờ rơi", pdf=empty, org_unit=section_a.org_unit).clean_content()
    assert "pdf" in errors


def test_leaflet_with_a_real_pdf_is_accepted(section_a):
    from demo.files import leaflet_pdf

    pdf = make_document("Tờ rơi", "to-roi.pdf", leaflet_pdf(1, pages=1))
    assert LeafletPage(title="Tờ rơi", pdf=pdf, org_unit=section_a.org_unit).clean_content() == {}


def test_leaflet_refused_in_the_admin_saves_nothing(client, users, section_a):
    fake = make_document("Tờ rơi giả", "to-roi.pdf", b"not a pdf at all")
    client.force_login(users["editor_a"])
    url = reverse("wagtailadmin_pages:add", args=["cms", "leafletpage", section_a.pk])
    before = Page.objects.count()
    data = admin_form_data(client, url, LeafletPage, title="Tờ rơi lỗi", slug="to-roi-loi", pdf=fake.pk, kind="other")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "pdf" in response.context["form"].errors
    assert Page.objects.count() == before


def test_owner_unit_must_belong_to_the_section(client, users, section_a, units, image):
    client.force_login(users["editor_a"])
    url = reverse("wagtailadmin_pages:add", args=["cms", "infographicpage", section_a.pk])
    data = admin_form_data(client, url, InfographicPage, title="Sai đơn vị", slug="sai-don-vi",
                           image=image.pk, alt_text="Mô tả", org_unit=units["52-pleiku"].pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "org_unit" in response.context["form"].errors


def _fixture_with(mutate):
    data = copy.deepcopy(org_units_read())
    mutate(data["units"])
    return data


def test_commune_under_the_wrong_province_is_refused_and_nothing_is_saved(units):
    def move_sa_pa_to_gia_lai(records):
        for record in records:
            if record["code"] == "15-sa-pa":
                record["parent"] = "52"
        records.append({"code": "52-new-commune", "kind": "commune", "name": "Xã Mới", "parent": "52"})

    before = OrgUnit.objects.count()
    with pytest.raises(FixtureError) as error:
        org_units_load(data=_fixture_with(move_sa_pa_to_gia_lai), only={"15", "52"})
    assert "15-sa-pa" in error.value.message and "belongs to 15" in error.value.message
    assert OrgUnit.objects.count() == before
    assert OrgUnit.objects.get(code="15-sa-pa").parent.code == "15"


def test_commune_under_a_commune_is_refused(units):
    def nest(records):
        records.append({"code": "15-lac", "kind": "commune", "name": "Lạc", "parent": "15-sa-pa"})

    with pytest.raises(FixtureError, match="must sit under a province"):
        org_units_load(data=_fixture_with(nest), only={"15"})
    assert not OrgUnit.objects.filter(code="15-lac").exists()


def test_duplicate_codes_and_unknown_parents_are_all_reported(units):
    def break_it(records):
        records.append({"code": "15-sa-pa", "kind": "commune", "name": "Sa Pa 2", "parent": "15"})
        records.append({"code": "99-x", "kind": "commune", "name": "X", "parent": "99"})

    with pytest.raises(FixtureError) as error:
        org_units_load(data=_fixture_with(break_it))
    assert len(error.value.errors) == 2


def test_load_command_reports_the_problem_clearly(tmp_path, units):
    import json

    data = _fixture_with(lambda records: records.append(
        {"code": "15-lac", "kind": "commune", "name": "Lạc", "parent": "15-sa-pa"}))
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_org_units", str(path), "--province", "15", verbosity=0)


def test_unknown_language_in_a_fixture_is_refused(units):
    def add(records):
        records.append({"code": "15-y", "kind": "commune", "name": "Y", "parent": "15", "languages": ["xx-latn"]})

    with pytest.raises(FixtureError, match="unknown language 'xx-latn'"):
        org_units_load(data=_fixture_with(add), only={"15"})


def test_a_commune_whose_code_names_another_province_is_refused_on_a_fresh_load(units):
    def add(records):
        records.append({"code": "52-xa-moi", "kind": "commune", "name": "Xã Mới", "parent": "15"})

    with pytest.raises(FixtureError, match="code says province 52"):
        org_units_load(data=_fixture_with(add), only={"15", "52"})
    assert not OrgUnit.objects.filter(code="52-xa-moi").exists()


def test_a_second_province_with_the_same_name_is_refused(units):
    from django.core.exceptions import ValidationError as DjangoValidationError

    twin = OrgUnit(code="99", kind="province", admin_type="tinh", name="lào cai", slug="lao-cai-2",
                   parent=units["TW"])
    with pytest.raises(DjangoValidationError):
        twin.full_clean()
