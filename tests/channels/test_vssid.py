"""The VssID channel: approved items in each province's feed (JSON Feed 1.1 and RSS 2.0),
per language, with conditional GETs, withdrawals, and the optional signed push."""

import datetime
import json
import logging
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.http import http_date
from wagtail.images.models import Rendition

from channels.content import bind_renditions
from channels.registry import get_registry
from channels.signing import SignatureError, verify
from channels.vssid.models import FeedEntry
from cms.models import PolicyArea
from publishing.models import Delivery, Destination
from publishing.services.destinations import destination_create
from channels.webhook.standin import Receiver
from tests.outbox import let_time_pass, work

Status, Action = Delivery.Status, Delivery.Action
SCHEMA = json.loads((Path(__file__).parents[2] / "channels" / "vssid" / "jsonfeed.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
INGEST_SECRET = "vssid-ingest-secret-7d41b0"
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
VSSID_NS = "{urn:vss:rss:vssid}"


# --- fixtures and helpers ------------------------------------------------------------
def vssid_destination(unit, secret="", **config):
    return destination_create(name=f"VssID {unit.name}", channel="vssid", channel_kind="vssid", org_unit=unit,
                              config={"province": unit.code, **config}, secret=secret)


@pytest.fixture
def vssid_a(units):
    return vssid_destination(units["15"])


@pytest.fixture
def vssid_b(units):
    return vssid_destination(units["52"])


@pytest.fixture
def ingest():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def pushing_a(units, ingest):
    return destination_create(name="VssID Lào Cai (push)", channel="vssid", channel_kind="vssid",
                              org_unit=units["15"], secret=INGEST_SECRET,
                              config={"province": "15", "ingest_url": ingest.url, "timeout": "1"})


@pytest.fixture
def news(make_item, section_a, users):
    """A draft news item of Lào Cai with a picture and two policy areas."""

    def factory(title="Tin: BHYT học sinh năm học mới", section=None, **fields):
        page = make_item("news", section or section_a, title=title)
        page.policy_areas = list(PolicyArea.objects.filter(code__in=["bhyt", "bhyt-hoc-sinh-sinh-vien"]))
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision(user=users["editor_a"])
        return type(page).objects.get(pk=page.pk)

    return factory


def feed(client, province="15", language="vi", **headers):
    response = client.get(f"/feeds/vssid/{province}/{language}/feed.json", **headers)
    if response.status_code == 200:
        VALIDATOR.validate(json.loads(response.content))
    return response


def items(client, province="15", language="vi"):
    response = feed(client, province, language)
    assert response.status_code == 200, response.content
    return json.loads(response.content)["items"]


def rss_items(client, province="15", language="vi"):
    response = client.get(f"/feeds/vssid/{province}/{language}/rss.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel"), root.find("channel").findall("item")


def approve_central(page, approve, users):
    from cms.services.content import content_approve

    approve(page, editor="central_editor", approver="chief_editor")
    content_approve(page=page, user=type(users["leadership"]).objects.get(pk=users["leadership"].pk))
    page.refresh_from_db()
    return page


# --- the feed ----------------------------------------------------------------------------
def test_an_approved_item_is_in_its_province_feed_in_both_formats_and_not_in_another(
        client, news, approve, vssid_a, vssid_b):
    page = approve(news())
    work()
    delivery = Delivery.objects.get(page=page, destination=vssid_a)
    assert delivery.status == Status.SENT and delivery.external_url.endswith("/feeds/vssid/15/vi/feed.json")
    assert not Delivery.objects.filter(page=page, destination=vssid_b).exists()
    # Formatted at approval with a placeholder; the worker put the rendition's URL in the feed.
    assert delivery.payload["entry"]["image"] == f"vss-rendition:{page.hero_image_id}/mobile/jpeg"

    response = feed(client)
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1" and document["language"] == "vi"
    assert "Lào Cai" in document["title"] and document["feed_url"].endswith("/feeds/vssid/15/vi/feed.json")
    [item] = document["items"]
    assert item["title"] == page.title and item["summary"] == "Tóm tắt tin."
    assert item["id"] == f"urn:vss:item:{page.translation_key}:vi"
    assert item["url"] == f"https://vssid.baohiemxahoi.gov.vn/news/{quote(item['id'], safe='')}"
    assert item["tags"] == ["Bảo hiểm y tế", "BHYT học sinh, sinh viên"]
    assert item["_vssid"]["policy_areas"] == ["bhyt", "bhyt-hoc-sinh-sinh-vien"]
    assert datetime.datetime.fromisoformat(item["date_published"]) <= timezone.now()
    # The picture is the phone-sized rendition (16:9 JPEG), not the original upload.
    rendition = Rendition.objects.get(image=page.hero_image, filter_spec="fill-1080x608-c100|format-jpeg")
    assert item["image"].endswith(rendition.url) and item["image"].endswith(".jpg")

    channel, rss = rss_items(client)
    assert channel.findtext("language") == "vi" and "Lào Cai" in channel.findtext("title")
    [entry] = rss
    assert entry.findtext("title") == page.title and entry.findtext("description") == "Tóm tắt tin."
    assert entry.findtext("guid") == item["id"] and entry.find("guid").get("isPermaLink") == "false"
    assert entry.findtext("link") == item["url"] and entry.findtext(f"{VSSID_NS}deepLink") == item["url"]
    assert [c.text for c in entry.findall("category")] == item["tags"]
    assert entry.find("enclosure").get("url") == item["image"] and entry.find("enclosure").get("type") == "image/jpeg"
    assert entry.findtext(f"{CONTENT_NS}encoded") == item["content_html"]
    assert entry.findtext("pubDate")

    assert items(client, "52") == []
    assert rss_items(client, "52")[1] == []
    empty = [client.get("/feeds/vssid/52/vi/rss.xml") for _ in range(2)]
    assert empty[0].content == empty[1].content and empty[0]["ETag"] == empty[1]["ETag"]  # the ETag is honest


def test_a_language_variant_is_in_its_language_feed_only(client, news, approve, users, vssid_a):
    from cms.services.content import content_approve, content_submit
    from cms.services.variants import variant_create

    source = approve(news())
    variant = variant_create(source=source, locale_code="km-khmr", user=users["editor_a"])
    variant.title = "ធានារ៉ាប់រងសុខភាពសិស្ស"
    variant.summary = "សេចក្តីសង្ខេប"
    variant.save_revision(user=users["editor_a"])
    content_submit(page=variant, user=users["editor_a"])
    content_approve(page=variant, user=type(users["approver_a"]).objects.get(pk=users["approver_a"].pk))
    work()

    [khmer] = items(client, language="km-khmr")
    assert khmer["title"] == "ធានារ៉ាប់រងសុខភាពសិស្ស" and khmer["language"] == "km-Khmr"
    assert khmer["_vssid"]["translation_key"] == str(source.translation_key)
    assert [item["title"] for item in items(client)] == [source.title]
    assert items(client, language="KM-Khmr") == [khmer]  # the tag's case does not matter
    listed = {(f["province"], f["language"]): f for f in client.get("/feeds/vssid/").json()["feeds"]}
    assert listed[("15", "km-Khmr")]["items"] == 1 and listed[("15", "vi")]["items"] == 1


def test_central_content_for_all_provinces_reaches_every_province_feed(
        client, make_news, central_section, approve, users, units, vssid_a, vssid_b):
    vssid_destination(units["TW"])
    everywhere = approve_central(make_news(central_section, title="Gửi mọi tỉnh", for_all_provinces=True,
                                           user=users["central_editor"]), approve, users)
    only_centre = approve_central(make_news(central_section, title="Chỉ trung ương", user=users["central_editor"]),
                                  approve, users)
    work()
    assert [item["title"] for item in items(client, "15")] == [everywhere.title]
    assert [item["title"] for item in items(client, "52")] == [everywhere.title]
    assert {item["title"] for item in items(client, "TW")} == {everywhere.title, only_centre.title}


def test_an_edit_replaces_the_entry_and_unpublishing_drops_it(client, news, approve, users, vssid_a):
    page = approve(news())
    work()
    first = feed(client)
    page.title = "Tin: BHYT học sinh (cập nhật)"
    page.save_revision(user=users["editor_a"])
    approve(page)
    work()
    assert Delivery.objects.get(page=page, action=Action.UPDATE).status == Status.SENT
    [item] = items(client)
    assert item["title"] == "Tin: BHYT học sinh (cập nhật)"
    assert item["date_modified"] > item["date_published"]
    updated = feed(client)
    assert updated["ETag"] != first["ETag"]

    page.unpublish(user=users["approver_a"])
    work()
    assert Delivery.objects.get(page=page, action=Action.WITHDRAW).status == Status.SENT
    response = feed(client)
    document = json.loads(response.content)
    assert document["items"] == [] and rss_items(client)[1] == []
    assert [w["id"] for w in document["_vssid"]["withdrawn"]] == [item["id"]]
    assert response["ETag"] not in (first["ETag"], updated["ETag"])
    assert FeedEntry.objects.get().withdrawn_at is not None  # a tombstone, so Last-Modified moves forward


def test_conditional_get_answers_304_until_something_is_published(client, news, approve, vssid_a):
    approve(news(title="Tin thứ nhất"))
    work()
    # The write happened a second ago, so a Last-Modified at one-second resolution can tell it apart.
    FeedEntry.objects.update(modified_at=timezone.now() - datetime.timedelta(seconds=5))
    for fmt in ("feed.json", "rss.xml"):
        url = f"/feeds/vssid/15/vi/{fmt}"
        response = client.get(url)
        assert response.status_code == 200
        etag, modified = response["ETag"], response["Last-Modified"]
        assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]

        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag and "max-age" in again["Cache-Control"]
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        earlier = http_date((timezone.now() - datetime.timedelta(hours=1)).timestamp())
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
        assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200

    etags = {fmt: client.get(f"/feeds/vssid/15/vi/{fmt}")["ETag"] for fmt in ("feed.json", "rss.xml")}
    modified = client.get("/feeds/vssid/15/vi/feed.json")["Last-Modified"]
    approve(news(title="Tin thứ hai"))
    work()
    for fmt, etag in etags.items():
        response = client.get(f"/feeds/vssid/15/vi/{fmt}", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200 and response["ETag"] != etag
        assert "Tin thứ hai" in response.content.decode()
        assert client.get(f"/feeds/vssid/15/vi/{fmt}", HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_a_delivery_worked_twice_writes_the_feed_once(client, news, approve, vssid_a):
    page = approve(news())
    delivery = Delivery.objects.get(page=page)
    payload = bind_renditions(delivery.payload)  # as the worker does before it calls the transmitter
    transmitter = get_registry().get("vssid").transmitter(config=vssid_a.config)
    first = transmitter.publish(payload, key=delivery.idempotency_key)
    etag = feed(client)["ETag"]
    again = transmitter.publish(payload, key=delivery.idempotency_key)
    assert first == again and FeedEntry.objects.count() == 1
    assert feed(client)["ETag"] == etag  # nothing changed, so caches keep their copy
    assert transmitter.reconcile(key=delivery.idempotency_key) == first
    assert transmitter.reconcile(key="never-sent") is None
    transmitter.withdraw(external_id=first.external_id, key="withdraw-1")
    transmitter.withdraw(external_id=first.external_id, key="withdraw-1")  # already gone is not an error
    transmitter.withdraw(external_id="vssid-999999", key="withdraw-2")
    assert items(client) == []


def test_pagination_and_the_index(client, news, approve, vssid_a, settings):
    settings.VSSID_FEED_SIZE = 2
    titles = [f"Tin số {n}" for n in range(3)]
    for title in titles:
        approve(news(title=title))
    work()
    first = json.loads(feed(client).content)
    assert [item["title"] for item in first["items"]] == ["Tin số 2", "Tin số 1"]
    second = json.loads(client.get(first["next_url"]).content)
    VALIDATOR.validate(second)
    assert [item["title"] for item in second["items"]] == ["Tin số 0"] and "next_url" not in second

    index = client.get("/feeds/vssid/")
    assert index.status_code == 200 and "max-age" in index["Cache-Control"]
    feeds = {(f["province"], f["language"]): f for f in index.json()["feeds"]}
    assert {("TW", "vi"), ("15", "vi"), ("52", "vi")} <= set(feeds)
    assert feeds[("15", "vi")]["items"] == 3 and feeds[("52", "vi")]["items"] == 0
    assert client.get(feeds[("15", "vi")]["rss"]).status_code == 200
    assert feeds[("15", "vi")]["json_feed"].endswith("/feeds/vssid/15/vi/feed.json")


@pytest.mark.parametrize("path, status, words", [
    ("/feeds/vssid/99/vi/feed.json", 404, "No province with code '99'"),
    ("/feeds/vssid/15-sa-pa/vi/rss.xml", 404, "No province"),  # a commune has no feed of its own
    ("/feeds/vssid/15/xx-latn/feed.json", 404, "No language 'xx-latn'"),
    ("/feeds/vssid/15/vi/feed.atom", 404, "No feed format 'feed.atom'"),
    ("/feeds/vssid/15/vi/feed.json?page=0", 400, "page must be"),
    ("/feeds/vssid/15/vi/feed.json?page=abc", 400, "page must be"),
    ("/feeds/vssid/15/vi/feed.json?page=99999999999999999999999", 400, "page must be"),
])
def test_a_wrong_address_gets_a_clear_answer(client, vssid_a, path, status, words):
    response = client.get(path)
    assert response.status_code == status and words in response.json()["message"]
    assert client.post("/feeds/vssid/15/vi/feed.json").status_code == 405


def test_an_item_without_a_picture_and_an_app_scheme_deep_link(client, make_news, section_a, approve, units):
    vssid_destination(units["15"], deep_link_template="vssid://news/{translation_key}?lang={language}")
    page = approve(make_news(section_a, title="Tin không ảnh"))
    work()
    [item] = items(client)
    assert "image" not in item and item["url"] == f"vssid://news/{page.translation_key}?lang=vi"
    [entry] = rss_items(client)[1]
    assert entry.find("enclosure") is None
    assert entry.findtext("link").startswith("http")  # readers need a web address there
    assert entry.findtext(f"{VSSID_NS}deepLink") == item["url"]


def test_destination_settings_are_checked_and_nothing_is_saved(units):
    bad = [{"province": "99"}, {"province": "15-sa-pa"}, {"province": ""},
           {"province": "15", "deep_link_template": "https://app/{nope}"},
           {"province": "15", "ingest_url": "ftp://vssid"}, {"province": "15", "timeout": "-1"}]
    for config in bad:
        with pytest.raises(ValidationError) as error:
            destination_create(name="VssID sai", channel="vssid", channel_kind="vssid", org_unit=units["15"],
                               config=config)
        assert "config" in error.value.message_dict, config
    assert not Destination.objects.filter(channel="vssid").exists()


# --- the optional push ---------------------------------------------------------------------
def received(ingest):
    return [(method, path, key, headers, json.loads(body), body) for method, path, key, headers, body
            in ingest.requests if method == "POST"]


def test_each_change_is_pushed_signed_to_the_ingest(client, news, approve, users, ingest, pushing_a):
    page = approve(news())
    work()
    page.title = "Tin đã sửa"
    page.save_revision(user=users["editor_a"])
    approve(page)
    work()
    page.unpublish(user=users["approver_a"])
    work()
    pushes = received(ingest)
    assert [push[4]["event"] for push in pushes] == ["published", "updated", "withdrawn"]
    for method, path, key, headers, body, raw in pushes:
        verify(INGEST_SECRET, headers, method, path, raw)  # raises if the signature is wrong
        assert body["province"] == "15" and body["language"] == "vi"
        assert body["feed_url"].endswith("/feeds/vssid/15/vi/feed.json")
    keys = [push[2] for push in pushes]
    assert keys == list(Delivery.objects.filter(page=page).order_by("pk").values_list("idempotency_key", flat=True))
    assert pushes[0][4]["item"]["title"] == "Tin: BHYT học sinh năm học mới"
    assert pushes[1][4]["item"]["title"] == "Tin đã sửa" and "item" not in pushes[2][4]
    with pytest.raises(SignatureError, match="bad signature"):  # what an ingest with another secret sees
        verify("guessed-secret", pushes[0][3], "POST", pushes[0][1], pushes[0][5])


def test_an_ingest_that_is_down_gets_the_push_again_later(client, news, approve, ingest, pushing_a):
    ingest.fail_next("503")
    page = approve(news())
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.RETRYING and "HTTP 503" in delivery.last_error
    assert len(items(client)) == 1  # the feed has it already: the push is the notification
    pushing_a.refresh_from_db()
    assert pushing_a.is_resting
    let_time_pass()
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    pushes = received(ingest)
    assert len(pushes) == 2 and pushes[0][2] == pushes[1][2] == delivery.idempotency_key


def test_an_ingest_that_times_out_is_checked_then_pushed_again(client, news, approve, ingest, pushing_a):
    ingest.fail_next("slow:3")
    page = approve(news())
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.UNCONFIRMED and delivery.reconcile_first
    let_time_pass()
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and FeedEntry.objects.count() == 1
    assert [p[2] for p in received(ingest)] == [delivery.idempotency_key] * 2  # the ingest dedupes by key
    assert FeedEntry.objects.get().pushed_key == delivery.idempotency_key


def test_an_ingest_refusing_our_secret_pauses_the_destination(client, news, approve, ingest, pushing_a):
    ingest.fail_next("401")
    page = approve(news())
    work()
    pushing_a.refresh_from_db()
    assert pushing_a.health == Destination.Health.NEEDS_REAUTH
    assert Delivery.objects.get(page=page).status == Status.PENDING


def test_an_ingest_refusing_the_item_fails_the_delivery_with_its_reason(client, news, approve, ingest, pushing_a,
                                                                          users):
    ingest.fail_next("400")
    page = approve(news())
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.FAILED and "HTTP 400" in delivery.last_error

    # The entry was written before the ingest refused it; withdrawing the item still removes it.
    assert page.title in [item["title"] for item in items(client)]
    page.unpublish(user=users["approver_a"])
    work()
    assert Delivery.objects.get(page=page, action=Delivery.Action.WITHDRAW).status == Status.SENT
    assert page.title not in [item["title"] for item in items(client)]


def test_an_ingest_url_without_a_secret_waits_for_a_person(client, news, approve, units, ingest):
    destination = vssid_destination(units["15"], ingest_url=ingest.url)
    page = approve(news())
    work()
    destination.refresh_from_db()
    assert destination.health == Destination.Health.NEEDS_REAUTH and "secret" in destination.health_reason
    assert Delivery.objects.get(page=page).status == Status.PENDING and received(ingest) == []


def test_no_secret_reaches_the_logs(caplog, client, news, approve, ingest, pushing_a):
    caplog.set_level(logging.DEBUG)
    ingest.fail_next("500", "401")
    approve(news(title="Tin một"))
    work()
    let_time_pass()
    work()
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    assert "HTTP 500" in logged and "needs re-authorisation" in logged  # the failures were logged
    assert INGEST_SECRET not in logged
    assert not Delivery.objects.filter(last_error__contains=INGEST_SECRET).exists()
    assert INGEST_SECRET not in json.dumps(list(FeedEntry.objects.values_list("item", flat=True)))


def test_connection_check(units, ingest, pushing_a, vssid_a):
    from publishing.services.destinations import destination_test_connection

    ok, message = destination_test_connection(vssid_a)
    assert ok and "/feeds/vssid/15/vi/feed.json" in message
    ok, message = destination_test_connection(pushing_a)
    assert ok and "ingest answered HTTP" in message
    ingest.fail_next("401")
    ok, message = destination_test_connection(pushing_a)
    assert not ok and INGEST_SECRET not in message


def test_an_item_without_a_summary_is_summarised_by_whole_graphemes(client, section_a, approve, users, image,
                                                                    vssid_a):
    from cms.models import InfographicPage
    from cms.services.content import content_create
    from cms.text import grapheme_len

    jorai = "Bră ŏ̆ gơ̆ng tơlơi " * 40  # letters with a combining breve that have no precomposed form
    page = InfographicPage(title="Tơlơi pơhiăp", image=image, alt_text="Bảng", caption=jorai.strip())
    content_create(section=section_a, page=page, user=users["editor_a"])
    approve(InfographicPage.objects.get(pk=page.pk))
    work()
    [item] = items(client)
    assert item["summary"].endswith("…") and grapheme_len(item["summary"]) <= 300
    assert item["summary"][:-1].rstrip().endswith(("Bră", "ŏ̆", "gơ̆ng", "tơlơi"))  # cut between words
    assert jorai.strip() in item["content_html"] and item["_vssid"]["type"] == "infographicpage"


def test_a_destination_whose_province_is_gone_fails_with_the_reason(client, news, approve, vssid_a):
    Destination.objects.filter(pk=vssid_a.pk).update(config={"province": "99"})  # edited outside the form
    page = approve(news())
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.FAILED and "'99'" in delivery.last_error
    assert not FeedEntry.objects.exists()


def test_head_answers_with_the_same_validators(client, news, approve, vssid_a):
    approve(news())
    work()
    get, head = client.get("/feeds/vssid/15/vi/feed.json"), client.head("/feeds/vssid/15/vi/feed.json")
    assert head.status_code == 200 and head["ETag"] == get["ETag"] and head["Last-Modified"] == get["Last-Modified"]
    assert client.head("/feeds/vssid/15/vi/feed.json", HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304
