"""The fanpage channel against the Graph API double: errors to states, throttling,
expired tokens, duplicates, native scheduling, and the SDK wrapper."""

import datetime
import logging

import facebook
import pytest
from django.core import mail
from django.utils import timezone

from channels.facebook import caption
from channels.facebook.graph import GraphClient
from channels.facebook.transmitter import FacebookTransmitter
from publishing.models import Delivery, Destination, ItemChannelPlan
from publishing.services.deliveries import destination_resume
from publishing.services.destinations import destination_create
from publishing.services.dispatcher import drain_due
from tests.channels.conftest import OTHER_TOKEN, PAGE_TOKEN
from tests.outbox import let_time_pass, work

Status = Delivery.Status


def publish_with(graph, make_item, section_a, approve, *faults, kind="news"):
    graph.fail_next(*faults)
    page = approve(make_item(kind, section_a))
    work()
    return page, Delivery.objects.get(page=page)


@pytest.mark.parametrize("fault", ["code:1", "code:2", "html500"])
def test_temporary_failures_are_retried_then_sent(fault, graph, make_item, section_a, approve, fanpage):
    page, delivery = publish_with(graph, make_item, section_a, approve, fault)
    assert delivery.status == Status.RETRYING and delivery.last_error
    let_time_pass()
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and len(graph.live_posts("111")) == 1


def test_an_unreachable_graph_api_is_retried(graph, make_item, section_a, approve, fanpage):
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}"
    Destination.objects.filter(pk=fanpage.pk).update(config={**fanpage.config, "graph_url": dead})
    page, delivery = publish_with(graph, make_item, section_a, approve)
    assert delivery.status == Status.RETRYING and "ConnectionError" in delivery.last_error
    Destination.objects.filter(pk=fanpage.pk).update(config=fanpage.config)
    let_time_pass()
    work()
    assert Delivery.objects.get(pk=delivery.pk).status == Status.SENT and len(graph.live_posts("111")) == 1


@pytest.mark.parametrize("fault", ["no-content-type", "drop", "refuse", "slow:4"])
def test_an_answer_we_cannot_read_is_reconciled_not_reposted(fault, graph, make_item, section_a, approve, fanpage):
    page, delivery = publish_with(graph, make_item, section_a, approve, fault)
    assert delivery.status == Status.UNCONFIRMED and delivery.reconcile_first
    # Facebook created it, except when the connection closed before the request was read.
    assert len(graph.live_posts("111")) == (0 if fault == "refuse" else 1)
    let_time_pass()
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert len(graph.live_posts("111")) == 1 and delivery.external_id in graph.posts


@pytest.mark.parametrize("code", [4, 17, 32, 341, 613, 80001])
def test_rate_limits_wait_and_rest_the_page(code, graph, make_item, section_a, approve, fanpage):
    page, delivery = publish_with(graph, make_item, section_a, approve, f"code:{code}")
    fanpage.refresh_from_db()
    assert delivery.status == Status.RETRYING
    assert delivery.next_attempt_at >= timezone.now() + datetime.timedelta(seconds=250)  # no usage header: 5 min
    assert fanpage.is_resting
    let_time_pass()
    work()
    assert Delivery.objects.get(pk=delivery.pk).status == Status.SENT


def test_throttle_waits_as_long_as_the_usage_header_says(graph, make_item, section_a, approve, fanpage):
    page, delivery = publish_with(graph, make_item, section_a, approve, "throttle:17")
    assert delivery.status == Status.RETRYING
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert 17 * 60 - 5 <= wait <= 17 * 60 * 1.3
    # Another item approved meanwhile waits for the page too: no call reaches Facebook.
    calls = len(graph.requests)
    other = approve(make_item("news", section_a, title="Tin khác"))
    work()
    assert len(graph.requests) == calls
    assert Delivery.objects.get(page=other).status == Status.PENDING


def test_usage_near_the_limit_slows_down_before_facebook_refuses(graph, make_item, section_a, approve, fanpage):
    page, delivery = publish_with(graph, make_item, section_a, approve, "usage:96")
    fanpage.refresh_from_db()
    assert delivery.status == Status.SENT
    assert fanpage.hold_until > timezone.now() + datetime.timedelta(minutes=1)
    second = approve(make_item("news", section_a, title="Tin sau"))
    work()
    assert Delivery.objects.get(page=second).status == Status.PENDING  # waits for the page to rest
    let_time_pass()
    work()
    assert Delivery.objects.get(page=second).status == Status.SENT


@pytest.mark.parametrize("fault,reason", [("code:10", "Nội dung bị từ chối."), ("code:200", "Nội dung bị từ chối."),
                                          ("code:100", "Invalid parameter")])
def test_permission_errors_fail_with_facebooks_message(fault, reason, graph, make_item, section_a, approve, fanpage,
                                                       users):
    users["editor_a"].email = "editor@example.invalid"
    users["editor_a"].save(update_fields=["email"])
    page, delivery = publish_with(graph, make_item, section_a, approve, fault)
    assert delivery.status == Status.FAILED and reason in delivery.last_error
    assert any("editor@example.invalid" in m.to and reason in m.body for m in mail.outbox)  # the editor is told


def test_expired_token_pauses_the_page_and_tells_its_owners(graph, make_item, section_a, approve, fanpage, users):
    users["approver_a"].email = "approver@example.invalid"
    users["approver_a"].save(update_fields=["email"])
    page, delivery = publish_with(graph, make_item, section_a, approve, "code:190:463")
    fanpage.refresh_from_db()
    assert fanpage.health == Destination.Health.NEEDS_REAUTH and "token" in fanpage.health_reason
    assert delivery.status == Status.PENDING and delivery.attempts == 0
    told = [m for m in mail.outbox if "approver@example.invalid" in m.to and "Fanpage BHXH Lào Cai" in m.subject]
    assert told and PAGE_TOKEN not in told[0].body
    work()
    assert Delivery.objects.get(pk=delivery.pk).status == Status.PENDING  # waits for a person
    destination_resume(destination=fanpage, user=users["approver_a"])
    work()
    assert Delivery.objects.get(pk=delivery.pk).status == Status.SENT


def test_token_expiring_mid_batch_stops_that_page_and_no_other(graph, units, make_item, section_a, approve, fanpage):
    other = destination_create(name="Fanpage Sa Pa", channel="facebook", channel_kind="fanpage", org_unit=units["15"],
                               secret=OTHER_TOKEN, config={"page_id": "222", "graph_url": graph.url})
    graph.expire_token("111", after_posts=1)
    pages = [approve(make_item("news", section_a, title=f"Tin {n}")) for n in range(4)]
    drain_due(budget_seconds=30)
    calls_to_111 = [r for r in graph.requests if r[1].startswith("/111")]
    assert len(calls_to_111) == 2  # one post, one refusal; the rest of the batch never called
    assert len(graph.live_posts("111")) == 1 and len(graph.live_posts("222")) == 4
    fanpage.refresh_from_db()
    other.refresh_from_db()
    assert fanpage.health == Destination.Health.NEEDS_REAUTH and other.health == Destination.Health.OK
    waiting = Delivery.objects.filter(page__in=pages, destination=fanpage, status=Status.PENDING)
    assert waiting.count() == 3 and all(d.attempts == 0 for d in waiting)


def test_duplicate_post_counts_as_sent_only_when_reconcile_finds_ours(graph, make_item, section_a, approve, fanpage):
    page, delivery = publish_with(graph, make_item, section_a, approve, "code:506")
    assert delivery.status == Status.FAILED and "duplicate" in delivery.last_error
    # Ours exists (an earlier attempt made it, then the answer was lost): 506 is then "already posted".
    page2 = approve(make_item("news", section_a, title="Tin đã có"))
    delivery2 = Delivery.objects.get(page=page2)
    FacebookTransmitter(config=fanpage.config, secret=PAGE_TOKEN).publish(delivery2.payload,
                                                                          key=delivery2.idempotency_key)
    graph.fail_next("code:506")
    work()
    delivery2.refresh_from_db()
    assert delivery2.status == Status.SENT and len(graph.live_posts("111")) == 1


def test_a_worker_killed_after_facebook_created_the_post_does_not_post_twice(graph, make_item, section_a, approve,
                                                                           fanpage):
    page = approve(make_item("infographic", section_a))
    delivery = Delivery.objects.get(page=page)
    # The worker posted, then died before recording it: the row is "sending" with a lapsed lease.
    FacebookTransmitter(config=fanpage.config, secret=PAGE_TOKEN).publish(delivery.payload,
                                                                          key=delivery.idempotency_key)
    Delivery.objects.filter(pk=delivery.pk).update(status=Status.SENDING, attempts=1,
                                                   lease_until=timezone.now() - datetime.timedelta(seconds=1))
    work()  # the dispatcher recovers it and reconciles
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert len(graph.live_posts("111")) == 1 and delivery.external_id in graph.live_posts("111")


def test_native_scheduling_sends_at_once_as_a_scheduled_post(graph, make_item, section_a, approve, fanpage):
    fanpage.config["native_scheduling"] = "true"
    fanpage.save()
    page = make_item("news", section_a)
    due = timezone.now() + datetime.timedelta(hours=3)
    ItemChannelPlan.objects.create(page=page, destination=fanpage, send_at=due)
    approve(page)
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.SENT
    post = graph.posts[delivery.external_id]
    assert post["published"] is False and int(post["scheduled_publish_time"]) == int(due.timestamp())
    # Found among scheduled posts when reconciling, so an unconfirmed retry would not repeat it.
    found = FacebookTransmitter(config=fanpage.config, secret=PAGE_TOKEN).reconcile(key=delivery.idempotency_key)
    assert found.external_id == delivery.external_id


def test_native_scheduling_only_inside_facebooks_window(fanpage):
    from channels.registry import get_registry

    channel = get_registry().get("facebook")
    config = {**fanpage.config, "native_scheduling": "true"}
    now = timezone.now()
    assert channel.schedule_natively({}, due=now + datetime.timedelta(minutes=5), config=config) is None
    assert channel.schedule_natively({}, due=now + datetime.timedelta(days=31), config=config) is None
    assert channel.schedule_natively({}, due=now + datetime.timedelta(days=2), config=config)
    assert channel.schedule_natively({}, due=now + datetime.timedelta(days=2), config=fanpage.config) is None


def test_client_version_and_base_url_are_per_client_without_touching_the_sdk(graph):
    before = (facebook.FACEBOOK_GRAPH_URL, list(facebook.VALID_API_VERSIONS))
    a = GraphClient(access_token=PAGE_TOKEN, version="v25.0", base_url=graph.url)
    b = GraphClient(access_token=OTHER_TOKEN, version="v24.0", base_url=graph.url)
    assert a.get_object("111", fields="id,name")["name"] == "BHXH Lào Cai"
    assert b.get_object("222", fields="id,name")["id"] == "222"
    assert a.last_response.url.startswith(f"{graph.url}/v25.0/111")
    assert b.last_response.url.startswith(f"{graph.url}/v24.0/222")
    assert "access_token" not in a.last_response.url  # the token travels in a header
    assert (facebook.FACEBOOK_GRAPH_URL, list(facebook.VALID_API_VERSIONS)) == before
    with pytest.raises(ValueError):
        GraphClient(access_token="x", version="25", base_url=graph.url)


def test_test_connection_names_the_page_or_says_the_token_is_bad(graph, fanpage):
    from publishing.services.destinations import destination_test_connection

    assert destination_test_connection(fanpage) == (True, "page BHXH Lào Cai")
    graph.expire_token("111")
    ok, message = destination_test_connection(fanpage)
    assert not ok and "Re-authorise" in message and PAGE_TOKEN not in message


def test_no_token_or_secret_reaches_the_logs(caplog, graph, portal, make_item, section_a, approve, fanpage,
                                             portal_destination):
    from tests.channels.conftest import PORTAL_SECRET

    caplog.set_level(logging.DEBUG)  # urllib3 logs every URL at DEBUG
    graph.fail_next("code:2", "code:190:463")
    portal.fail_next("500")
    for n in range(2):
        approve(make_item("news", section_a, title=f"Tin {n}"))
    work()
    let_time_pass()
    work()
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    # The log did see every request (urllib3's DEBUG lines name their paths) and every failure.
    assert "/v25.0/111/feed" in logged and "/lao-cai/items" in logged
    assert "Facebook error 2" in logged and "needs re-authorisation" in logged and "HTTP 500" in logged
    for secret in (PAGE_TOKEN, OTHER_TOKEN, PORTAL_SECRET):
        assert secret not in logged
        assert not Delivery.objects.filter(last_error__contains=secret).exists()


def test_caption_is_cut_by_grapheme_at_a_word_boundary_and_keeps_link_and_tags():
    jorai = "Bră ŏ̆ gơ̆ng tơlơi " * 200  # breve letters with no precomposed form
    text = caption.compose(title="Tơlơi pơhiăp", summary=jorai, link="https://bhxh.vn/a?vss=1",
                           hashtags=["#BHYT", "NgàyBHYT"], limit=300)
    assert caption.grapheme_len(text) <= 300
    assert text.startswith("Tơlơi pơhiăp\n\n") and text.endswith("https://bhxh.vn/a?vss=1\n\n#BHYT #NgàyBHYT")
    summary = text.split("\n\n")[1]
    assert summary.endswith("…") and summary[:-1].split()[-1] in jorai.split()  # a whole word before the cut
    assert "ŏ̆" in summary or "gơ̆ng" in summary  # combining marks intact


def test_caption_under_the_limit_is_untouched():
    text = caption.compose(title="Ngày BHYT Việt Nam 1/7", summary="Tham gia BHYT hộ gia đình.", link="",
                           hashtags=[])
    assert text == "Ngày BHYT Việt Nam 1/7\n\nTham gia BHYT hộ gia đình."



def test_a_video_upload_failing_mid_transfer_starts_again_and_makes_one_video(graph, make_item, section_a, approve,
                                                                             fanpage):
    graph.fail_next(None, "code:2")  # the start succeeds, the first chunk is refused
    page = approve(make_item("clip", section_a))
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.RETRYING and "video upload" in delivery.last_error
    assert not graph.live_posts("111")  # an unfinished upload is no video
    let_time_pass()
    work()
    delivery.refresh_from_db()
    videos = graph.live_posts("111")
    assert delivery.status == Status.SENT and list(videos) == [delivery.external_id]
    assert videos[delivery.external_id]["size"] == page.video.file.size
