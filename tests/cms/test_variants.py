"""Ethnic-language variants: linked to the source, outdated after the source changes,
approved on their own by the source's province."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import Locale, Page

from cms.exceptions import UnknownLocale, VariantError
from cms.models import NewsPage, SectionPage
from cms.services.content import content_approve, content_submit
from cms.services.variants import variant_create, variant_mark_in_sync


@pytest.fixture
def live_source(make_news, section_a, users):
    page = make_news(section_a, title="Tham gia BHYT hộ gia đình")
    content_submit(page=page, user=users["editor_a"])
    content_approve(page=page, user=users["approver_a"])
    page.refresh_from_db()
    return page


def test_variant_is_linked_to_its_source(live_source, users):
    variant = variant_create(source=live_source, locale_code="km-khmr", user=users["editor_a"])
    assert variant.locale.language_code == "km-khmr"
    assert variant.translation_key == live_source.translation_key
    assert variant.variant_source.pk == live_source.pk
    assert variant.translated_from_revision_id == live_source.live_revision_id
    assert not variant.live  # a draft until approved on its own
    assert live_source.get_translation(variant.locale).pk == variant.pk
    assert not variant.is_outdated


def test_variant_sits_in_its_provinces_section_for_that_language(live_source, users, units):
    variant = variant_create(source=live_source, locale_code="hmn-latn", user=users["editor_a"])
    section = variant.get_parent().specific
    assert isinstance(section, SectionPage)
    assert section.org_unit == units["15"]
    assert section.locale.language_code == "hmn-latn"
    assert variant.get_workflow() == units["15"].workflow


def test_variant_is_flagged_outdated_after_the_source_is_edited(live_source, users):
    variant = variant_create(source=live_source, locale_code="km-khmr", user=users["editor_a"])
    source = NewsPage.objects.get(pk=live_source.pk)
    source.summary = "Tóm tắt đã sửa sau khi dịch."
    source.save_revision(user=users["editor_a"])
    variant = NewsPage.objects.get(pk=variant.pk)
    assert variant.is_outdated
    variant_mark_in_sync(variant=variant, user=users["editor_a"])
    assert not NewsPage.objects.get(pk=variant.pk).is_outdated


def test_outdated_flag_is_shown_in_the_editor(client, live_source, users):
    variant = variant_create(source=live_source, locale_code="km-khmr", user=users["editor_a"])
    NewsPage.objects.get(pk=live_source.pk).save_revision(user=users["editor_a"])
    client.force_login(users["editor_a"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[variant.pk])).content.decode()
    assert reverse("cms_variant_sync", args=[variant.pk]) in html


def test_variant_goes_through_approval_itself(live_source, users):
    variant = variant_create(source=live_source, locale_code="km-khmr", user=users["editor_a"])
    variant.title = "ធានារ៉ាប់រងសុខភាពសម្រាប់គ្រួសារ"
    variant.save_revision(user=users["editor_a"])
    content_submit(page=variant, user=users["editor_a"])
    with pytest.raises(PermissionDenied):
        content_approve(page=variant, user=users["approver_b"])
    approver = type(users["approver_a"]).objects.get(pk=users["approver_a"].pk)  # a new request
    content_approve(page=variant, user=approver)
    variant.refresh_from_db()
    assert variant.live and variant.title == "ធានារ៉ាប់រងសុខភាពសម្រាប់គ្រួសារ"


def test_other_provinces_cannot_touch_the_variant(live_source, users):
    variant = variant_create(source=live_source, locale_code="km-khmr", user=users["editor_a"])
    assert not variant.permissions_for_user(users["editor_b"]).can_edit()
    with pytest.raises(PermissionDenied):
        variant_create(source=live_source, locale_code="hmn-latn", user=users["editor_b"])


def test_unknown_locale_is_refused_and_creates_nothing(live_source, users):
    pages_before = Page.objects.count()
    with pytest.raises(UnknownLocale, match="xx-latn"):
        variant_create(source=live_source, locale_code="xx-latn", user=users["editor_a"])
    assert Page.objects.count() == pages_before
    assert not Locale.objects.filter(language_code="xx-latn").exists()


def test_a_second_variant_in_the_same_language_is_refused(live_source, users):
    variant_create(source=live_source, locale_code="km-khmr", user=users["editor_a"])
    with pytest.raises(VariantError):
        variant_create(source=live_source, locale_code="km-khmr", user=users["editor_a"])


def test_create_variant_from_the_admin(client, live_source, users):
    from cms.models import Language

    client.force_login(users["editor_a"])
    url = reverse("cms_variant_create", args=[live_source.pk])
    assert "Tiếng Khmer" in client.get(url).content.decode()
    language = Language.objects.get(code="jra-latn")
    response = client.post(url, {"language": language.pk})
    variant = NewsPage.objects.get(translation_key=live_source.translation_key, locale=language.locale)
    assert response.status_code == 302 and response["Location"].endswith(f"/pages/{variant.pk}/edit/")


def test_admin_variant_view_refuses_other_provinces(client, live_source, users):
    client.force_login(users["editor_b"])
    response = client.get(reverse("cms_variant_create", args=[live_source.pk]))
    assert response.status_code in (302, 403)
