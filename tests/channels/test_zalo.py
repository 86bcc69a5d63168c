"""The Zalo OA channel against its stand-in: each kind of item, edits, withdrawals, Zalo's
asynchronous verify, answers lost in flight, quotas, refusals, broadcasts, and the OA connect flow."""

import datetime
import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone

from channels.zalo import article
from channels.zalo.models import ZaloBroadcast, ZaloToken
from cms.text import grapheme_len
from publishing.models import Delivery, Destination
from tests.channels.zalo_fixtures import APP_ID, OA_ID, oa_config, zalo, zalo_oa  # noqa: F401
from tests.outbox import let_time_pass, work

Status = Delivery.Status


def publish(make_item, section_a, approve, kind="news", *, title=None, broadcast=False, users=None):
    page = make_item(kind, section_a, title=title)
    if broadcast:
        from cms.models import ChannelKind

        page.channel_kinds.add(ChannelKind.objects.get(code="zalo_broadcast"))
        page.save_revision(user=users["editor_a"])
    page = approve(page)
    work()
    return page, Delivery.objects.get(page=page, destination__channel="zalo", action="publish")


def test_a_news_item_becomes_one_article_with_its_cover_uploaded(zalo, zalo_oa, make_item, section_a, approve):
    page, delivery = publish(make_item, section_a, approve)
    assert delivery.status == Status.SENT
    live = zalo.live_articles(OA_ID)
    assert list(live) == [delivery.external_id]
    posted = live[delivery.external_id]
    assert posted["title"] == page.title and posted["description"] == "Tóm tắt tin."
    assert posted["cover"]["photo_url"].startswith(zalo.url + "/media/")  # uploaded first, Zalo's copy used
    assert article.marker(delivery.idempotency_key) in posted["tracking_link"]
    assert delivery.external_url == f"https://oa.zalo.me/article/{delivery.external_id}"
    assert len(zalo.calls("/v2.0/article/verify", OA_ID)) == 3  # "processing" twice, then the id
    assert not zalo.broadcasts  # not asked for


@pytest.mark.parametrize("kind,expect", [("infographic", "image"), ("clip", "video"), ("leaflet", "PDF")])
def test_each_kind_of_item_becomes_an_article(kind, expect, zalo, zalo_oa, make_item, section_a, approve):
    page, delivery = publish(make_item, section_a, approve, kind)
    assert delivery.status == Status.SENT
    body = zalo.live_articles(OA_ID)[delivery.external_id]["body"]
    if expect == "image":
        assert body[0]["type"] == "image" and body[0]["url"].startswith(zalo.url)
    elif expect == "video":
        assert any(block["type"] == "video" and block["url"] for block in body)
    else:
        assert any("Tải tờ gấp (PDF)" in block.get("content", "") and ".pdf" in block["content"] for block in body)


def test_broadcast_scripts_are_not_for_zalo():
    from channels.registry import get_registry

    assert "cms.broadcastscriptpage" not in get_registry().get("zalo").box.default_for


def test_edits_update_the_article_and_a_withdrawal_removes_it(zalo, zalo_oa, make_item, section_a, approve, users):
    page, delivery = publish(make_item, section_a, approve)
    page.title = "Tin đã sửa: BHYT học sinh"
    page.save_revision(user=users["editor_a"])
    approve(page)
    work()
    posted = zalo.live_articles(OA_ID)[delivery.external_id]
    assert posted["title"] == "Tin đã sửa: BHYT học sinh" and posted["edits"] == 1
    assert len(zalo.live_articles(OA_ID)) == 1
    page.refresh_from_db()
    page.unpublish(user=users["approver_a"])
    work()
    assert not zalo.live_articles(OA_ID)
    assert Delivery.objects.get(page=page, action="withdraw").status == Status.SENT


def test_an_article_still_processing_is_verified_later_not_created_again(zalo, zalo_oa, make_item, section_a,
                                                                         approve):
    Destination.objects.filter(pk=zalo_oa.pk).update(config={**zalo_oa.config, "verify_seconds": 1})
    zalo.fail_next(None, "processing:40")  # the cover upload, then the create stays processing
    page, delivery = publish(make_item, section_a, approve)
    assert delivery.status == Status.RETRYING and "đang xử lý" in delivery.last_error
    zalo.pending[next(iter(zalo.pending))]["polls"] = 0  # Zalo finishes meanwhile
    let_time_pass()
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and list(zalo.live_articles(OA_ID)) == [delivery.external_id]
    assert len(zalo.calls("/v2.0/article/create")) == 1


@pytest.mark.parametrize("fault", ["drop", "slow:4"])
def test_an_answer_lost_after_create_is_reconciled_not_posted_twice(fault, zalo, zalo_oa, make_item, section_a,
                                                                    approve):
    zalo.fail_next(None, fault)  # the cover upload answers; the create's answer is lost
    zalo.processing = 0
    page, delivery = publish(make_item, section_a, approve)
    assert delivery.status == Status.UNCONFIRMED
    for pending in zalo.pending.values():  # Zalo made it meanwhile
        zalo.articles[pending["article"]]["deleted"] = False
    let_time_pass()
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and list(zalo.live_articles(OA_ID)) == [delivery.external_id]
    assert len(zalo.calls("/v2.0/article/create")) == 1 and zalo.calls("/v2.0/article/getslice")


def test_rate_limit_and_quota_wait_and_rest_the_oa(zalo, zalo_oa, make_item, section_a, approve):
    zalo.fail_next(None, "code:-224")  # the OA's article quota is used up
    page, delivery = publish(make_item, section_a, approve)
    zalo_oa.refresh_from_db()
    assert delivery.status == Status.RETRYING and "hết hạn mức" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(hours=1) and zalo_oa.is_resting
    zalo.fail_next("code:-32")
    let_time_pass()
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING and "mỗi phút" in delivery.last_error
    let_time_pass()
    work()
    assert Delivery.objects.get(pk=delivery.pk).status == Status.SENT and len(zalo.live_articles(OA_ID)) == 1


@pytest.mark.parametrize("fault,reason", [("reject-article", "vi phạm chính sách"), ("code:-201", "Parameter")])
def test_an_article_zalo_refuses_fails_with_its_reason(fault, reason, zalo, zalo_oa, make_item, section_a, approve):
    zalo.fail_next(None, fault)
    page, delivery = publish(make_item, section_a, approve)
    assert delivery.status == Status.FAILED and reason in delivery.last_error
    assert not zalo.live_articles(OA_ID)


def test_an_expired_access_token_is_refreshed_once_and_the_post_goes(zalo, zalo_oa, make_item, section_a, approve):
    zalo.expire_access(OA_ID)  # Zalo says -124 although our clock thinks it is fresh
    before = ZaloToken.objects.get(oa_id=OA_ID)
    page, delivery = publish(make_item, section_a, approve)
    after = ZaloToken.objects.get(oa_id=OA_ID)
    assert delivery.status == Status.SENT and len(zalo.refreshes) == 1
    assert after.generation == before.generation + 1 and after.refresh_token != before.refresh_token
    raw = ZaloToken.objects.filter(pk=after.pk).values_list("refresh_token", flat=True).query
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT access_token, refresh_token FROM zalo_zalotoken WHERE id = %s", [after.pk])
        stored = cursor.fetchone()
    assert after.access_token not in stored[0] and after.refresh_token not in stored[1]  # encrypted at rest
    assert raw is not None


def test_when_zalo_refuses_the_tokens_the_oa_waits_for_a_person_with_the_link(zalo, zalo_oa, make_item, section_a,
                                                                             approve):
    zalo.revoke(OA_ID)  # the OA's admin removed the app in Zalo
    page, delivery = publish(make_item, section_a, approve)
    zalo_oa.refresh_from_db()
    assert zalo_oa.health == Destination.Health.NEEDS_REAUTH
    assert "Kết nối Zalo OA" in zalo_oa.health_reason and "/admin/zalo/connect/?app_id=" in zalo_oa.health_reason
    assert "không chấp nhận refresh token" in zalo_oa.health_reason
    assert delivery.status == Status.PENDING and delivery.attempts == 0
    assert ZaloToken.objects.get(oa_id=OA_ID).refresh_token not in zalo_oa.health_reason


def test_a_broadcast_goes_once_and_is_counted(zalo, zalo_oa, make_item, section_a, approve, users):
    page, delivery = publish(make_item, section_a, approve, broadcast=True, users=users)
    assert delivery.status == Status.SENT
    assert [(oa, aid) for oa, aid, _ in zalo.broadcasts] == [(OA_ID, delivery.external_id)]
    page.title = "Tin sửa sau broadcast"
    page.save_revision(user=users["editor_a"])
    approve(page)
    work()
    transmitter = zalo_oa_transmitter(zalo_oa)
    transmitter.publish(delivery.payload | {"broadcast": True}, key=delivery.idempotency_key)  # a retry
    assert len(zalo.broadcasts) == 1
    assert ZaloBroadcast.objects.filter(oa_id=OA_ID, state="sent").count() == 1


def test_an_exhausted_broadcast_quota_keeps_the_article_and_says_why(zalo, zalo_oa, make_item, section_a, approve,
                                                                    users):
    zalo.broadcast_quota = 0
    page, delivery = publish(make_item, section_a, approve, broadcast=True, users=users)
    assert delivery.status == Status.SENT and len(zalo.live_articles(OA_ID)) == 1
    record = ZaloBroadcast.objects.get(oa_id=OA_ID)
    assert record.state == "refused" and "hạn mức" in record.reason and not zalo.broadcasts


def zalo_oa_transmitter(destination):
    from channels.registry import get_registry

    return get_registry().get("zalo").transmitter(config=destination.config, secret=destination.secret)


def test_titles_and_descriptions_are_nfc_and_cut_by_grapheme_at_a_word():
    jorai = unicodedata.normalize("NFD", "Bảo hiểm y tế ") + "gơ̆ng ŏ̆ tơlơi "  # decomposed Vietnamese, breves
    title = article.title(jorai * 40)
    description = article.description(jorai * 60)
    assert grapheme_len(title) <= 150 and grapheme_len(description) <= 300
    assert unicodedata.is_normalized("NFC", title) and title.endswith("…")
    assert title[:-1].split()[-1] in unicodedata.normalize("NFC", jorai).split()  # a whole word before the cut
    assert "gơ̆ng" in title  # the breve stays on its letter
    assert len(title) > 150  # code points: more than the limit, graphemes: within it
    assert article.title("BHYT hộ gia đình") == "BHYT hộ gia đình"


def test_test_connection_counts_the_oas_articles(zalo, zalo_oa):
    from publishing.services.destinations import destination_test_connection

    assert destination_test_connection(zalo_oa) == (True, "OA 1917: 0 bài viết")


def test_bad_settings_are_field_messages():
    from channels.registry import get_registry

    channel = get_registry().get("zalo")
    assert any(line.startswith("app_id:") for line in channel.validate_config({"app_id": "abc", "oa_id": "1917"}))
    problems = channel.validate_config({"app_id": "4316", "oa_id": "1917", "broadcast_cities": "Hà Giang"})
    assert problems and problems[0].startswith("broadcast_cities:")


def test_connect_flow_uses_pkce_and_stores_the_pair(client, zalo, units, users):
    from publishing.services.destinations import destination_create

    destination = destination_create(name="Zalo OA Sa Pa", channel="zalo", channel_kind="zalo", org_unit=units["15"],
                                     secret="zalo-app-secret-lao-cai-77", config=oa_config(zalo, "2828"))
    Destination.objects.filter(pk=destination.pk).update(health=Destination.Health.NEEDS_REAUTH, health_reason="x")
    client.force_login(users["root"])
    response = client.get(reverse("zalo_connect") + f"?app_id={APP_ID}&oa_id=2828")
    assert response.status_code == 302 and response["Location"].startswith(zalo.url + "/v4/oa/permission?")
    assert "code_challenge=" in response["Location"] and "state=" in response["Location"]
    import requests

    consent = requests.get(response["Location"] + "&oa_id=2828", allow_redirects=False, timeout=5)
    callback = consent.headers["Location"]
    assert callback.startswith("http://testserver/admin/zalo/callback/?code=")
    done = client.get(callback.removeprefix("http://testserver"))
    assert done.status_code == 302
    row = ZaloToken.objects.get(oa_id="2828")
    assert row.access_token in zalo.access and row.refused == ""
    assert Destination.objects.get(pk=destination.pk).health == Destination.Health.OK
    # The code is single-use and the state is forgotten: replaying the callback changes nothing.
    again = client.get(callback.removeprefix("http://testserver"))
    assert again.status_code == 400 and ZaloToken.objects.get(oa_id="2828").generation == row.generation


def test_the_destination_page_and_list_offer_connect_zalo_oa_to_those_who_manage_it(client, zalo, zalo_oa, users):
    """The connect flow is reached from the OA's own destination, not by typing /admin/zalo/connect/."""
    connect = f"{reverse('zalo_connect')}?destination={zalo_oa.pk}"
    edit = reverse("wagtailsnippets_publishing_destination:edit", args=[zalo_oa.pk])
    listing = reverse("wagtailsnippets_publishing_destination:list")
    client.force_login(users["approver_a"])
    for url in (edit, listing):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        assert "Kết nối Zalo OA" in page and connect in page, url
    follow = client.get(connect)
    assert follow.status_code == 302 and follow["Location"].startswith(zalo.url + "/v4/oa/permission?")
    client.force_login(users["editor_a"])  # editors do not manage destinations
    response = client.get(listing, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code in (302, 403) or (
        response.status_code == 200 and "Kết nối Zalo OA" not in response.content.decode()), response.status_code
