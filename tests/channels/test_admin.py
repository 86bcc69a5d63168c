"""Destinations of the real channels in the admin: create with a write-only secret, test the connection."""

import html

from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from publishing.models import Destination
from tests.channels.conftest import PAGE_TOKEN, PORTAL_SECRET


def add_fanpage(client, users, units, *, settings, secret, name):
    """Choose the Facebook channel, then submit its add-destination form for a Lào Cai fanpage, as a browser would."""
    client.force_login(users["root"])
    url = reverse("wagtailsnippets_publishing_destination:add")
    assert "?channel=facebook" in client.get(url).content.decode()  # the channel is chosen first
    data = querydict_from_html(client.get(url + "?channel=facebook").content.decode(), form_id="w-editor-form").copy()
    data.update({"name": name, "secret": secret, "org_unit": str(units["15"].pk),
                 **{f"config-{key}": value for key, value in settings.items()}})
    return client.post(url, data)


def test_administrator_adds_a_fanpage_and_tests_it(client, users, units, graph):
    response = add_fanpage(client, users, units, settings={"page_id": "111", "graph_url": graph.url},
                           secret=PAGE_TOKEN, name="Fanpage BHXH Lào Cai")
    assert response.status_code == 302, response.content.decode()[:2000]
    destination = Destination.objects.get(name="Fanpage BHXH Lào Cai")
    assert destination.secret == PAGE_TOKEN and destination.channel_kind.code == "fanpage"  # its box by default
    assert destination.config == {"page_id": "111", "graph_url": graph.url}
    edit = client.get(reverse("wagtailsnippets_publishing_destination:edit", args=[destination.pk])).content.decode()
    assert PAGE_TOKEN not in edit
    page = client.post(reverse("publishing_destination_test", args=[destination.pk]), follow=True).content.decode()
    assert "Kết nối tốt" in page and "BHXH Lào Cai" in page and PAGE_TOKEN not in page
    graph.expire_token("111")
    page = client.post(reverse("publishing_destination_test", args=[destination.pk]), follow=True).content.decode()
    assert "Kết nối lỗi" in page and PAGE_TOKEN not in page


def test_a_fanpage_without_its_token_is_refused_and_nothing_saved(client, users, units, graph):
    response = add_fanpage(client, users, units, settings={"page_id": "abc"}, secret=PAGE_TOKEN,
                           name="Fanpage thiếu token")
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Chỉ nhập chữ số" in page  # a message on the field, in Vietnamese
    assert PAGE_TOKEN not in page  # the secret typed in a failed save is not echoed back
    response = add_fanpage(client, users, units, settings={"page_id": "111"}, secret="", name="Fanpage thiếu token")
    assert response.status_code == 200 and 'id="panel-child-secret-errors"' in response.content.decode()
    assert not Destination.objects.filter(name="Fanpage thiếu token").exists()


def test_portal_test_connection_proves_the_shared_secret(client, users, portal, portal_destination):
    client.force_login(users["root"])
    url = reverse("publishing_destination_test", args=[portal_destination.pk])
    assert "signature accepted by lao-cai" in client.post(url, follow=True).content.decode()
    Destination.objects.filter(pk=portal_destination.pk).update(secret="wrong")
    page = client.post(url, follow=True).content.decode()
    assert "Kết nối lỗi" in page and "HTTP 401" in page


def test_reauthorising_keeps_only_a_secret_that_works(client, users, portal, portal_destination):
    Destination.objects.filter(pk=portal_destination.pk).update(secret="expired",
                                                                health=Destination.Health.NEEDS_REAUTH)
    url = reverse("publishing_destination_reauthorise", args=[portal_destination.pk])
    client.force_login(users["editor_a"])
    assert client.post(url, {"secret": PORTAL_SECRET}).status_code in (302, 403)  # not theirs to change
    client.force_login(users["root"])
    assert "Khóa mới" in client.get(url).content.decode()
    response = client.post(url, {"secret": "still-wrong-secret"})
    page = response.content.decode()
    assert response.status_code == 400 and "Khóa mới không được lưu" in page and "still-wrong-secret" not in page
    kept = Destination.objects.get(pk=portal_destination.pk)
    assert kept.secret == "expired" and kept.health == Destination.Health.NEEDS_REAUTH  # nothing changed
    assert client.post(url, {"secret": PORTAL_SECRET}).status_code == 302
    kept.refresh_from_db()
    assert kept.secret == PORTAL_SECRET and kept.health == Destination.Health.OK


def test_an_existing_destination_with_settings_typed_by_hand_still_opens_and_saves(client, users, fanpage):
    """Settings stored before the form existed (text values, a bad number) open as a form with a message, not a 500."""
    Destination.objects.filter(pk=fanpage.pk).update(config={**fanpage.config, "native_scheduling": "false",
                                                             "slow_down_at": "lots", "legacy_key": "kept"})
    client.force_login(users["root"])
    url = reverse("wagtailsnippets_publishing_destination:edit", args=[fanpage.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'value="lots"' in page.content.decode()
    data = querydict_from_html(page.content.decode(), form_id="w-editor-form").copy()
    assert "config-native_scheduling" not in data  # "false" shows an unticked box
    response = client.post(url, data)
    assert response.status_code == 200 and "config-slow_down_at" in response.content.decode()  # its message
    data["config-slow_down_at"] = "80"
    assert client.post(url, data).status_code == 302
    config = Destination.objects.get(pk=fanpage.pk).config
    assert config["slow_down_at"] == 80 and config["legacy_key"] == "kept" and "native_scheduling" not in config
    assert config["timeout"] == 3 and config["page_id"] == "111"
