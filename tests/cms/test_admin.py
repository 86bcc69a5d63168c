"""The admin screens an editor and an administrator use render, in Vietnamese."""

import pytest
from django.urls import reverse

from cms.models import CONTENT_TYPES


@pytest.mark.parametrize("model", CONTENT_TYPES, ids=lambda model: model.__name__)
def test_editor_can_open_the_create_form_of_every_type(client, users, section_a, model):
    client.force_login(users["editor_a"])
    url = reverse("wagtailadmin_pages:add", args=["cms", model._meta.model_name, section_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert "Kênh" in html or "kênh" in html  # the channels field, labelled in Vietnamese


def test_new_item_defaults_to_its_section_unit_and_type_channels(client, users, section_a):
    client.force_login(users["editor_a"])
    url = reverse("wagtailadmin_pages:add", args=["cms", "broadcastscriptpage", section_a.pk])
    form = client.get(url).context["form"]
    from cms.models import ChannelKind

    assert form["org_unit"].value() == section_a.org_unit_id
    loudspeaker = ChannelKind.objects.get(code="loudspeaker").pk
    assert [int(pk) for pk in form["channel_kinds"].value()] == [loudspeaker]


def test_dashboard_and_explorer_render_for_an_editor(client, users, section_a, make_news):
    make_news(section_a, title="Tin trong danh sách")
    client.force_login(users["editor_a"])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    listing = client.get(reverse("wagtailadmin_explore", args=[section_a.pk]))
    assert listing.status_code == 200 and "Tin trong danh sách" in listing.content.decode()


@pytest.mark.parametrize("model_name", ["orgunit", "language", "policyarea", "audiencegroup", "campaign", "channelkind"])
def test_administrator_can_list_the_data(client, users, model_name):
    client.force_login(users["root"])
    response = client.get(reverse(f"wagtailsnippets_cms_{model_name}:list"))
    assert response.status_code == 200


def test_edit_view_shows_the_variant_panel(client, users, section_a, make_news):
    page = make_news(section_a)
    client.force_login(users["editor_a"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert reverse("cms_variant_create", args=[page.pk]) in html
