"""The organisation tree as data: the 34 provinces, aliases, and what loading a province gives it."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Workflow

from cms.models import OrgUnit, Role
from cms.services.org_units import org_units_load, org_units_read


def test_fixture_holds_the_34_provinces_in_force_since_2025():
    units = org_units_read()["units"]
    provinces = [unit for unit in units if unit["kind"] == "province"]
    assert len(provinces) == 34
    assert sum(unit.get("type") == "thanh_pho" for unit in provinces) == 6
    # the 63 pre-2025 provinces are all still findable: 34 current names + 29 merged-away aliases
    former = {alias["name"] for unit in provinces for alias in unit.get("aliases", []) if alias.get("until") == "2025-06-30"}
    assert len(former) == 29


def test_loading_every_province_without_sections(db):
    summary = org_units_load(data=org_units_read(), provision=False)
    assert OrgUnit.objects.provinces().count() == 34
    assert summary.created + summary.updated == len(org_units_read()["units"])


def test_former_names_resolve_to_the_current_unit(units):
    org_units_load(data=org_units_read(), provision=False)
    assert OrgUnit.objects.resolve("Yên Bái", kind="province").code == "15"
    assert OrgUnit.objects.resolve("yen bai", kind="province").code == "15"  # without accents, any case
    assert OrgUnit.objects.resolve("Phường Yên Bái").code == "15-yen-bai"
    with pytest.raises(OrgUnit.MultipleObjectsReturned, match="Lào Cai"):
        OrgUnit.objects.resolve("Yên Bái")  # the former province and today's ward
    assert OrgUnit.objects.resolve("Bình Định").code == "52"
    assert OrgUnit.objects.resolve("Thị xã Sa Pa").code == "15-sa-pa"
    with pytest.raises(OrgUnit.DoesNotExist):
        OrgUnit.objects.resolve("Không có tỉnh này")


def test_loading_a_province_gives_it_section_groups_permissions_and_workflow(units):
    province = units["15"]
    section = province.section_page.specific
    assert section.org_unit == province and section.live
    groups = {link.role: link.group for link in province.role_groups.all()}
    assert set(groups) == {Role.EDITOR, Role.APPROVER, Role.RADIO_OPERATOR}
    editor_perms = set(GroupPagePermission.objects.filter(group=groups[Role.EDITOR]).values_list("page_id", "permission__codename"))
    assert (section.pk, "change_page") in editor_perms
    assert all(page_id == section.pk for page_id, _ in editor_perms)  # scoped to the section only
    assert not any(codename == "publish_page" for _, codename in editor_perms)
    assert GroupPagePermission.objects.filter(group=groups[Role.APPROVER], page=section, permission__codename="publish_page").exists()
    assert not GroupPagePermission.objects.filter(group=groups[Role.RADIO_OPERATOR]).exists()
    assert section.get_workflow() == province.workflow
    assert [task.specific.groups.get() for task in province.workflow.tasks] == [groups[Role.APPROVER]]


def test_central_workflow_has_two_steps(units):
    tasks = list(units["TW"].workflow.tasks)
    assert [task.name for task in tasks] == [
        "Bảo hiểm xã hội Việt Nam: Tổng biên tập duyệt",
        "Bảo hiểm xã hội Việt Nam: Lãnh đạo Trung tâm duyệt",
    ]


def test_loading_twice_changes_nothing(units):
    counts = (OrgUnit.objects.count(), Group.objects.count(), Workflow.objects.count(), GroupPagePermission.objects.count())
    org_units_load(data=org_units_read(), only={"15", "52"})
    assert (OrgUnit.objects.count(), Group.objects.count(), Workflow.objects.count(), GroupPagePermission.objects.count()) == counts


def test_adding_a_province_later_provisions_only_it(units):
    org_units_load(data=org_units_read(), only={"91"})
    an_giang = OrgUnit.objects.get(code="91")
    assert an_giang.section_page is not None
    assert an_giang.children.count() == 12
    assert an_giang.aliases.filter(name="Kiên Giang").exists()
    assert {language.code for language in an_giang.languages.all()} == {"km-khmr", "cjm-cham"}


def test_province_contains_its_communes_only(units):
    lao_cai, gia_lai = units["15"], units["52"]
    assert lao_cai.contains(units["15-sa-pa"])
    assert not lao_cai.contains(units["52-pleiku"])
    assert units["TW"].contains(units["52-pleiku"])
    assert set(OrgUnit.objects.within(gia_lai)) == {gia_lai, *gia_lai.children.all()}
