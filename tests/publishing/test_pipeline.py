"""The outbox from approval to the channel and back, worked in-process against a
real HTTP receiver on loopback (the worker-process tests are in test_worker.py)."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from cms.models import NewsPage
from publishing.actions import CancelDelivery, RetryDelivery
from publishing.models import Delivery, Destination, ItemChannelPlan, Route
from publishing.services.deliveries import delivery_attempt, destination_resume
from publishing.services.dispatcher import dispatch_due
from publishing.services.outbox import outbox_on_publish
from tests.outbox import let_time_pass, work

Status, Action = Delivery.Status, Delivery.Action


@pytest.fixture
def portal_and_fanpage(units, make_destination):
    return make_destination(units["15"], kind="portal"), make_destination(units["15"], kind="fanpage")


@pytest.fixture
def live_news(make_news, section_a, approve, portal_and_fanpage):
    page = make_news(section_a, title="Tin gửi đi các kênh")
    return approve(page)


def test_approval_creates_one_delivery_per_routed_destination_and_sends_them(live_news, portal_and_fanpage, receiver):
    deliveries = Delivery.objects.filter(page=live_news)
    assert {d.destination for d in deliveries} == set(portal_and_fanpage)
    assert all(d.action == Action.PUBLISH and d.status == Status.PENDING for d in deliveries)
    assert all(d.revision_id == live_news.live_revision_id for d in deliveries)
    work()
    for delivery in Delivery.objects.filter(page=live_news):
        assert delivery.status == Status.SENT
        assert delivery.external_id and delivery.external_url.startswith("http://portal.test/items/")
        assert delivery.payload["title"] == "Tin gửi đi các kênh"
    assert len(receiver.live_posts()) == 2


def test_destinations_of_unticked_channel_kinds_and_other_provinces_get_nothing(
        make_news, section_a, approve, units, make_destination):
    loudspeaker = make_destination(units["15-sa-pa"], kind="loudspeaker")
    other = make_destination(units["52"], kind="portal")
    approve(make_news(section_a))  # news: portal, fanpage, VssID; not loudspeaker
    assert not Delivery.objects.filter(destination__in=[loudspeaker, other]).exists()


def test_publishing_the_same_revision_twice_or_running_a_task_twice_posts_once(live_news, receiver):
    revision = live_news.live_revision
    assert outbox_on_publish(page=live_news, revision=revision) == []
    delivery = Delivery.objects.filter(page=live_news).first()
    assert delivery_attempt(delivery.pk) == Status.SENT
    assert delivery_attempt(delivery.pk) is None  # the second run finds nothing to do
    assert receiver.created_count(delivery.idempotency_key) == 1


def test_edit_after_publish_updates_where_it_went_and_unpublish_withdraws_exactly_there(
        live_news, approve, receiver, units, make_destination, users):
    work()
    sent_to = set(Delivery.objects.filter(page=live_news, status=Status.SENT).values_list("destination", flat=True))
    page = NewsPage.objects.get(pk=live_news.pk)
    page.title = "Tin đã sửa"
    page.save_revision(user=users["editor_a"])
    approve(page)
    updates = Delivery.objects.filter(page=page, action=Action.UPDATE)
    assert set(updates.values_list("destination", flat=True)) == sent_to
    work()
    assert {post["payload"]["title"] for post in receiver.live_posts().values()} == {"Tin đã sửa"}
    assert all(post["updates"] == 1 for post in receiver.posts.values())

    late = make_destination(units["15"], kind="vssid", name="Added after publishing")
    page.refresh_from_db()
    page.unpublish(user=users["approver_a"])
    withdrawals = Delivery.objects.filter(page=page, action=Action.WITHDRAW)
    assert set(withdrawals.values_list("destination", flat=True)) == sent_to
    assert not withdrawals.filter(destination=late).exists()
    work()
    assert receiver.live_posts() == {}


def test_unpublish_cancels_what_has_not_gone_out(live_news, users):
    page = NewsPage.objects.get(pk=live_news.pk)
    page.unpublish(user=users["approver_a"])
    assert set(Delivery.objects.filter(page=page).values_list("status", flat=True)) == {Status.CANCELLED}
    assert not Delivery.objects.filter(page=page, action=Action.WITHDRAW).exists()


def test_per_channel_times_and_unticked_destinations(make_news, section_a, approve, portal_and_fanpage, receiver):
    portal, fanpage = portal_and_fanpage
    page = make_news(section_a)
    evening = timezone.now() + datetime.timedelta(hours=3)
    ItemChannelPlan.objects.create(page=page, destination=fanpage, send_at=evening)
    approve(page)
    work()
    assert Delivery.objects.get(page=page, destination=portal).status == Status.SENT
    later = Delivery.objects.get(page=page, destination=fanpage)
    assert later.status == Status.SCHEDULED and later.next_attempt_at == evening
    Delivery.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now())  # evening comes
    work()
    assert Delivery.objects.get(page=page, destination=fanpage).status == Status.SENT

    skipped = make_news(section_a, title="Không lên fanpage")
    ItemChannelPlan.objects.create(page=skipped, destination=fanpage, enabled=False)
    approve(skipped)
    assert list(Delivery.objects.filter(page=skipped).values_list("destination", flat=True)) == [portal.pk]


def test_scheduled_go_live_sends_only_when_it_goes_live(make_news, section_a, approve, portal_and_fanpage, users):
    from wagtail.models import Revision

    from publishing.tasks import publish_scheduled_pages

    page = make_news(section_a)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision(user=users["editor_a"])
    approve(page)
    assert not Delivery.objects.filter(page=page).exists()  # only scheduled: nothing goes out
    past = timezone.now() - datetime.timedelta(seconds=5)
    revision.refresh_from_db()
    revision.content["go_live_at"] = past.isoformat()
    Revision.objects.filter(pk=revision.pk).update(content=revision.content, approved_go_live_at=past)
    publish_scheduled_pages()
    assert Delivery.objects.filter(page=page, revision=revision).count() == 2


def test_a_scheduled_item_that_is_unscheduled_sends_nothing(make_news, section_a, approve, portal_and_fanpage, users):
    from publishing.tasks import publish_scheduled_pages

    page = make_news(section_a)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision(user=users["editor_a"])
    approve(page)
    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])  # "Cancel scheduled publish"
    publish_scheduled_pages()
    assert not Delivery.objects.filter(page=page).exists()


# --- failures ---------------------------------------------------------------------
def test_a_5xx_is_retried_later_with_the_reason(live_news, receiver):
    receiver.fail_next("500", "500")
    work()
    retrying = Delivery.objects.filter(page=live_news, status=Status.RETRYING)
    assert retrying.count() == 2
    delivery = retrying.first()
    assert "HTTP 500" in delivery.last_error and delivery.next_attempt_at > timezone.now()
    let_time_pass()
    work()
    assert set(Delivery.objects.filter(page=live_news).values_list("status", flat=True)) == {Status.SENT}


def test_retry_after_is_honoured(live_news, receiver):
    receiver.fail_next("429:600", "429:600")
    work()
    for delivery in Delivery.objects.filter(page=live_news):
        assert delivery.status == Status.RETRYING
        assert delivery.next_attempt_at >= timezone.now() + datetime.timedelta(seconds=590)


def test_a_4xx_fails_at_once_and_the_editor_is_told(live_news, receiver, users):
    users["editor_a"].email = "editor@example.invalid"
    users["editor_a"].save()
    receiver.fail_next("400", "400")
    work()
    assert set(Delivery.objects.filter(page=live_news).values_list("status", flat=True)) == {Status.FAILED}
    assert any("editor@example.invalid" in message.to for message in mail.outbox)


def test_running_out_of_attempts_fails_the_delivery(live_news, receiver, portal_and_fanpage):
    policy = portal_and_fanpage[0].get_retry_policy()
    receiver.fail_next(*["503"] * (policy.max_attempts * 2))
    for _ in range(policy.max_attempts):
        work()
        let_time_pass()
    assert set(Delivery.objects.filter(page=live_news).values_list("status", flat=True)) == {Status.FAILED}
    assert "after 8 attempts" in Delivery.objects.filter(page=live_news).first().last_error


def test_needs_reauth_pauses_that_destination_only_and_tells_its_owners(
        live_news, receiver, portal_and_fanpage, units, make_destination, make_news, section_b, approve, users):
    users["approver_a"].email = "approver@example.invalid"
    users["approver_a"].save()
    portal, fanpage = portal_and_fanpage
    receiver.fail_next("401")
    delivery_attempt(Delivery.objects.get(page=live_news, destination=portal).pk)
    portal.refresh_from_db()
    assert portal.health == Destination.Health.NEEDS_REAUTH
    assert Delivery.objects.get(page=live_news, destination=portal).status == Status.PENDING
    assert any("approver@example.invalid" in message.to for message in mail.outbox)
    work()
    assert Delivery.objects.get(page=live_news, destination=fanpage).status == Status.SENT  # others go on
    assert Delivery.objects.get(page=live_news, destination=portal).status == Status.PENDING  # waits
    destination_resume(destination=portal)
    work()
    assert Delivery.objects.get(page=live_news, destination=portal).status == Status.SENT


def test_a_timeout_after_sending_is_unconfirmed_then_reconciled_without_a_second_post(live_news, receiver):
    receiver.fail_next("slow:3", "slow:3")  # the post is created, the answer comes after our 2 s timeout
    work()
    deliveries = Delivery.objects.filter(page=live_news)
    assert set(deliveries.values_list("status", flat=True)) == {Status.UNCONFIRMED}
    let_time_pass()
    work()
    for delivery in Delivery.objects.filter(page=live_news):
        assert delivery.status == Status.SENT
        assert receiver.created_count(delivery.idempotency_key) == 1


def test_a_dropped_connection_after_sending_is_reconciled(live_news, receiver):
    receiver.fail_next("drop", "drop")
    work()
    let_time_pass()
    work()
    assert len(receiver.posts) == 2
    assert set(Delivery.objects.filter(page=live_news).values_list("status", flat=True)) == {Status.SENT}


def test_a_worker_lost_mid_send_is_recovered_exactly_once(live_news, receiver):
    delivery = Delivery.objects.filter(page=live_news).first()
    receiver_post_count = len(receiver.posts)
    # What a killed worker leaves behind: the post was created, the row still says "sending".
    from channels.registry import get_registry

    transmitter = get_registry().get("webhook").transmitter(config=delivery.destination.config)
    transmitter.publish(delivery.payload, key=delivery.idempotency_key)
    Delivery.objects.filter(pk=delivery.pk).update(status=Status.SENDING, attempts=1,
                                                   lease_until=timezone.now() - datetime.timedelta(seconds=1))
    summary = dispatch_due(inline=True)
    assert summary.recovered == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert receiver.created_count(delivery.idempotency_key) == 1
    assert len(receiver.posts) == receiver_post_count + 2  # this one once, plus the other destination


def test_rate_limit_defers_the_excess(make_news, section_a, approve, units, make_destination, receiver):
    limited = make_destination(units["15"], kind="portal", rate_limit_per_minute=2)
    pages = [approve(make_news(section_a, title=f"Tin {n}")) for n in range(3)]
    work()
    statuses = sorted(Delivery.objects.filter(destination=limited).values_list("status", flat=True))
    assert statuses.count(Status.SENT) == 2
    waiting = Delivery.objects.get(destination=limited, status=Status.PENDING)
    assert waiting.next_attempt_at > timezone.now() + datetime.timedelta(seconds=30)
    assert len(pages) == 3


def test_retry_and_cancel_by_a_person(live_news, receiver, users):
    receiver.fail_next("400", "400")
    work()
    failed = Delivery.objects.filter(page=live_news).first()
    RetryDelivery(failed, user=users["editor_a"]).execute()
    failed.refresh_from_db()
    assert failed.status == Status.PENDING and failed.reconcile_first
    work()
    failed.refresh_from_db()
    assert failed.status == Status.SENT
    other = Delivery.objects.filter(page=live_news, status=Status.FAILED).first()
    with pytest.raises(PermissionDenied):
        RetryDelivery(other, user=users["editor_b"]).execute()  # another province's editor
    assert Delivery.objects.get(pk=other.pk).status == Status.FAILED


def test_cancel_refuses_a_delivery_in_flight(live_news, users):
    delivery = Delivery.objects.filter(page=live_news).first()
    CancelDelivery(delivery, user=users["editor_a"]).execute()
    assert Delivery.objects.get(pk=delivery.pk).status == Status.CANCELLED
    second = Delivery.objects.filter(page=live_news).exclude(pk=delivery.pk).first()
    Delivery.objects.filter(pk=second.pk).update(status=Status.SENDING)
    second.refresh_from_db()
    with pytest.raises(ValueError):
        CancelDelivery(second, user=users["editor_a"]).execute()


def test_a_formatter_error_is_recorded_not_raised(make_news, section_a, approve, units, make_destination, monkeypatch):
    from channels.webhook.channel import WebhookChannel

    make_destination(units["15"], kind="portal")
    monkeypatch.setattr(WebhookChannel, "format", lambda self, item, action, config: 1 / 0)
    page = approve(make_news(section_a))
    assert page.live  # the approval stands
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.FAILED and "ZeroDivisionError" in delivery.last_error


def test_central_content_for_all_provinces_reaches_every_province(
        make_news, central_section, approve, units, make_destination):
    central = make_destination(units["TW"], kind="portal", name="Cổng trung ương")
    lao_cai = make_destination(units["15"], kind="portal")
    gia_lai = make_destination(units["52"], kind="fanpage")

    def approve_central(page):
        return approve(page, editor="central_editor", approver="chief_editor") and \
            approve_last_step(page)

    def approve_last_step(page):
        from django.contrib.auth import get_user_model

        from cms.services.content import content_approve

        content_approve(page=page, user=get_user_model().objects.get(username="leadership"))
        return page

    everywhere = approve_central(make_news(central_section, title="Gửi mọi tỉnh", for_all_provinces=True))
    assert set(Delivery.objects.filter(page=everywhere).values_list("destination", flat=True)) == {
        central.pk, lao_cai.pk, gia_lai.pk}
    local = approve_central(make_news(central_section, title="Chỉ trung ương"))
    assert set(Delivery.objects.filter(page=local).values_list("destination", flat=True)) == {central.pk}


def test_secrets_are_encrypted_at_rest_and_never_logged(units, make_destination, caplog, live_news):
    caplog.set_level(logging.DEBUG)
    destination = make_destination(units["15"], kind="vssid", secret="s3cr3t-token-value")
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM publishing_destination WHERE id = %s", [destination.pk])
        raw = cursor.fetchone()[0]
    assert raw and "s3cr3t-token-value" not in raw
    assert Destination.objects.get(pk=destination.pk).secret == "s3cr3t-token-value"
    work()
    assert "s3cr3t-token-value" not in caplog.text


def test_default_routes_are_data(units, make_destination):
    make_destination(units["15-sa-pa"], kind="loudspeaker")
    route = Route.objects.get(org_unit=units["15"], only_for_all_provinces=False)
    assert route.include_descendants and route.destinations.count() == 1


def test_an_update_waits_while_the_first_post_is_still_in_flight(live_news, approve, users, receiver):
    first = Delivery.objects.filter(page=live_news).first()
    Delivery.objects.filter(pk=first.pk).update(status=Status.SENDING,
                                                 lease_until=timezone.now() + datetime.timedelta(minutes=1))
    page = NewsPage.objects.get(pk=live_news.pk)
    page.title = "Sửa khi bài đầu còn đang gửi"
    page.save_revision(user=users["editor_a"])
    approve(page)
    update = Delivery.objects.get(page=page, destination=first.destination, action=Action.UPDATE)
    assert delivery_attempt(update.pk) is None  # one delivery at a time per destination: not even claimed
    assert Delivery.objects.get(pk=update.pk).status == Status.PENDING
    # The first post is unconfirmed and waits for its next attempt: the update waits too.
    Delivery.objects.filter(pk=first.pk).update(status=Status.UNCONFIRMED, lease_until=None,
                                                next_attempt_at=timezone.now() + datetime.timedelta(minutes=1))
    assert delivery_attempt(update.pk) == Status.PENDING
    update.refresh_from_db()
    assert "Waiting for the first post" in update.last_error and update.attempts == 0
    assert update.next_attempt_at > timezone.now()
    assert not any(post["payload"]["title"] == "Sửa khi bài đầu còn đang gửi" for post in receiver.posts.values())


def test_withdrawing_an_item_that_never_reached_a_channel_sends_nothing(live_news, users, receiver):
    first = Delivery.objects.filter(page=live_news).first()
    Delivery.objects.filter(pk=first.pk).update(status=Status.SENDING,
                                                lease_until=timezone.now() + datetime.timedelta(minutes=1))
    page = NewsPage.objects.get(pk=live_news.pk)
    page.unpublish(user=users["approver_a"])
    withdrawal = Delivery.objects.get(page=page, action=Action.WITHDRAW)
    Delivery.objects.filter(pk=first.pk).update(status=Status.FAILED)  # the first post never made it
    requests_before = len(receiver.requests)
    assert delivery_attempt(withdrawal.pk) == Status.SENT
    assert len(receiver.requests) == requests_before  # nothing to remove, nothing sent


def test_a_batch_whose_outcomes_were_never_written_is_recovered_without_reposting(live_news, receiver):
    """Drained batches write their "sent" outcomes after their sends; a process that dies in
    between leaves the rows "sending", and the next pass confirms them with the channel."""
    from publishing.services.deliveries import Rests, SentOutcomes, claim_batch, work_claimed

    claimed = claim_batch(25)
    assert claimed
    outcomes, rests = SentOutcomes(), Rests()
    for delivery in claimed:
        work_claimed(delivery, rests=rests, outcomes=outcomes)
    assert len(outcomes.pending) == len(claimed)  # sent, but the process dies before write()
    ids = [delivery.pk for delivery in claimed]
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Status.SENDING}
    posted = len(receiver.posts)

    Delivery.objects.filter(pk__in=ids).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert dispatch_due(inline=True).recovered == len(ids)
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Status.SENT}
    assert len(receiver.posts) == posted  # found by reconcile, not posted again
    for delivery in claimed:
        assert receiver.created_count(delivery.idempotency_key) == 1


def test_a_drained_batch_records_each_delivery_under_its_own_post(live_news, receiver):
    """A batch's "sent" outcomes are written in one statement: each row must still get the id
    and link of the post its own call created, or an edit would update someone else's post."""
    from publishing.services.dispatcher import drain_due

    assert drain_due(budget_seconds=30) == 2
    by_key = {post["key"]: post_id for post_id, post in receiver.posts.items()}
    for delivery in Delivery.objects.filter(page=live_news):
        assert delivery.status == Status.SENT
        assert delivery.external_id == by_key[delivery.idempotency_key]
        assert delivery.external_url == f"http://portal.test/items/{delivery.external_id}"
    assert len(set(by_key.values())) == 2


def test_retry_after_is_the_wait_not_added_to_the_backoff(live_news, receiver):
    receiver.fail_next("429:5", "429:5")
    work()
    for delivery in Delivery.objects.filter(page=live_news):
        wait = (delivery.next_attempt_at - delivery.started_at).total_seconds()
        assert delivery.status == Status.RETRYING and 5 <= wait <= 7  # not the half-minute first backoff


def test_deliveries_held_by_a_paused_destination_are_listed_as_problems(client, live_news, portal_and_fanpage,
                                                                       users):
    from django.urls import reverse

    from publishing.services.deliveries import destination_needs_reauth

    destination_needs_reauth(portal_and_fanpage[0], reason="Token expired")
    client.force_login(users["root"])
    html = client.get(reverse("publishing_problems")).content.decode()
    assert live_news.title in html  # at once, not after the overdue grace
