"""Races and faults, counted by an independent recording receiver (tests/doubles/recorder.py).

Real concurrency: worker processes (forked, each running the drain a Celery task
runs) next to the dispatcher in this process, and two claimers in threads. On the
embedded SQLite and, when DATABASE_URL is set, on PostgreSQL. Every test checks
what a person would see on the channel: each item posted once per destination
(0 duplicated), every delivery sent (0 lost), in the order approved, and nothing
left live after a withdrawal.
"""

import multiprocessing
import os
import signal
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.utils import timezone

from cms.models import NewsPage, OrgUnit
from cms.services.content import content_approve, content_create, content_submit
from cms.services.languages import languages_load
from cms.services.org_units import org_units_load, org_units_read
from cms.services.staff import staff_create
from cms.services.taxonomy import taxonomy_load
from publishing.models import Delivery, RetryPolicy
from publishing.services.deliveries import _claim, work_claimed
from publishing.services.destinations import destination_create
from publishing.services.dispatcher import dispatch_due, drain_due
from tests.doubles.recorder import Recorder
from tests.publishing.test_worker import purge_broker

pytestmark = pytest.mark.django_db(transaction=True)
Status = Delivery.Status
READ_TIMEOUT = "1"  # each destination's client timeout: the leases follow from it


@pytest.fixture
def recorder():
    server = Recorder().start()
    yield server
    server.stop()


@pytest.fixture
def world(transactional_db, settings):
    # Short leases for short tests: 0.5 s connect + 1 s read per call, 0.5 s margin.
    settings.PUBLISHING_LEASE_MARGIN_SECONDS = 0.5
    settings.CHANNEL_CONNECT_TIMEOUT_SECONDS = 0.5
    languages_load()
    taxonomy_load()
    org_units_load(data=org_units_read(), only={"15"})
    province = OrgUnit.objects.get(code="15")
    # Retries come back within a second or two, not the default half minute.
    RetryPolicy.objects.create(name="Thử nhanh", is_default=True, base_delay_seconds=1, factor=1.0,
                               max_delay_seconds=2, jitter=0.0, max_attempts=20)
    yield {"province": province,
           "editor": staff_create(username="r_editor", unit=province, role="editor", password="x-pass-123"),
           "approver": staff_create(username="r_approver", unit=province, role="approver", password="x-pass-123")}
    purge_broker()  # the approvals also queued tasks; no worker here takes them


def destinations(world, recorder, count):
    return [destination_create(name=f"d{n}", channel="webhook", channel_kind="portal" if n % 2 == 0 else "fanpage",
                               org_unit=world["province"], config={"url": recorder.url(f"d{n}"), "timeout": READ_TIMEOUT})
            for n in range(count)]


def approve(world, page):
    User = get_user_model()
    content_submit(page=page, user=User.objects.get(pk=world["editor"].pk))
    content_approve(page=page, user=User.objects.get(pk=world["approver"].pk))
    page.refresh_from_db()
    return page


def publish(world, title):
    page = NewsPage(title=title, summary="Tóm tắt.")
    content_create(section=world["province"].section_page.specific, page=page, user=world["editor"])
    return approve(world, NewsPage.objects.get(pk=page.pk))


def edit(world, page, title):
    page = NewsPage.objects.get(pk=page.pk)
    page.title = title
    page.save_revision(user=world["editor"])
    return approve(world, page)


def all_done(**filters):
    return not Delivery.objects.filter(**filters).exclude(status__in=[Status.SENT, Status.FAILED,
                                                                      Status.CANCELLED]).exists()


def _drain_until(stop, deadline):
    connections.close_all()  # a fresh connection of its own, as a worker process has
    while not stop.is_set() and time.monotonic() < deadline:
        if not drain_due(budget_seconds=2, batch=25):
            time.sleep(0.05)
    connections.close_all()


class Drainers:
    """Worker processes, each working due deliveries the way a Celery task does, until stopped."""

    def __init__(self, count, timeout=60):
        connections.close_all()  # nothing of this process's connection goes into the children
        context = multiprocessing.get_context("fork")
        self.stop = context.Event()
        deadline = time.monotonic() + timeout
        self.processes = [context.Process(target=_drain_until, args=(self.stop, deadline)) for _ in range(count)]
        for process in self.processes:
            process.start()

    def kill(self, index):
        os.kill(self.processes[index].pid, signal.SIGKILL)
        self.processes[index].join()

    def finish(self):
        self.stop.set()
        for process in self.processes:
            process.join(30)


def run_until(condition, *, timeout=60, dispatch=True, drain=False):
    """The dispatcher's passes (recovering rows whose lease ran out) until ``condition`` holds;
    ``drain``: this process works due deliveries too, as a worker would."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if dispatch:
            dispatch_due(inline=True)
        if drain:
            drain_due(budget_seconds=2)
        time.sleep(0.2)
    return condition()


def assert_exactly_once_in_order(recorder, pages, targets):
    """Each item once per destination (no duplicate, none lost), in the order the items were approved."""
    assert recorder.duplicates() == []
    for destination in targets:
        titles = [title for _, title in recorder.created(destination.name)]
        assert sorted(titles) == sorted(page.title for page in pages), destination.name
        assert titles == [page.title for page in pages], f"{destination.name} got them out of order: {titles}"


# --- the two claim races of the issue ------------------------------------------------------
def test_two_claimers_of_one_delivery_one_holding_its_transaction_open_send_it_once(world, recorder):
    """Race 1: the second claim runs while the first one's transaction is still open."""
    destinations(world, recorder, 1)
    page = publish(world, "Một tin, hai người nhận việc")
    delivery_id = Delivery.objects.get(page=page).pk
    first_claimed, results = threading.Event(), {}

    def claimer(name, hold_open):
        try:
            if hold_open:
                with transaction.atomic():
                    results[name] = _claim(delivery_id, timezone.now())
                    first_claimed.set()
                    time.sleep(1.5)  # the first worker's transaction stays open
            else:
                first_claimed.wait(10)
                results[name] = _claim(delivery_id, timezone.now())
            if results[name]:
                work_claimed(Delivery.objects.select_related("destination").get(pk=delivery_id))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claimer, args=("first", True)),
               threading.Thread(target=claimer, args=("second", False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [name for name, claimed in results.items() if claimed] == ["first"]
    assert Delivery.objects.get(pk=delivery_id).attempts == 1
    assert recorder.created() == [("d0", "Một tin, hai người nhận việc")]


def test_a_batch_that_outlasts_one_lease_is_not_sent_twice(world, recorder):
    """Race 2: destinations that hang past the client timeout, one after another in one worker's batch,
    while the dispatcher recovers rows whose lease ran out and works them itself."""
    targets = destinations(world, recorder, 6)
    for target in targets:
        recorder.fault("hang:1.5", path=f"/{target.name}/")  # stored, answered after our 1 s timeout
    page = publish(world, "Tin gửi tới nơi chậm")
    drainers = Drainers(1)
    try:
        assert run_until(lambda: all_done(page=page))
    finally:
        drainers.finish()
    assert_exactly_once_in_order(recorder, [page], targets)
    assert set(Delivery.objects.filter(page=page).values_list("status", flat=True)) == {Status.SENT}


# --- faults with real worker processes --------------------------------------------------------
def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(world, recorder):
    targets = destinations(world, recorder, 8)
    for target in targets:
        recorder.fault("hang:3", path=f"/{target.name}/")
    page = publish(world, "Tin khi worker bị giết")
    drainers = Drainers(2)
    try:
        assert run_until(lambda: len(recorder.created()) >= 2, dispatch=False, timeout=20)
        drainers.kill(0)  # SIGKILL, mid-call: its claimed rows stay "sending" until their lease runs out
        assert run_until(lambda: all_done(page=page))
    finally:
        drainers.finish()
    assert_exactly_once_in_order(recorder, [page], targets)
    assert set(Delivery.objects.filter(page=page).values_list("status", flat=True)) == {Status.SENT}


def test_accepted_then_dropped_connections_are_confirmed_not_reposted(world, recorder):
    targets = destinations(world, recorder, 4)
    for target in targets:
        recorder.fault("drop", path=f"/{target.name}/")  # stored, then the connection closes unanswered
    page = publish(world, "Tin bị rớt kết nối")
    drainers = Drainers(2)
    try:
        assert run_until(lambda: all_done(page=page))
    finally:
        drainers.finish()
    assert_exactly_once_in_order(recorder, [page], targets)


def test_ten_items_reach_each_destination_in_order_across_two_workers(world, recorder):
    targets = destinations(world, recorder, 3)
    recorder.latency = 0.03  # each answer takes a moment: two workers overlap
    pages = [publish(world, f"Tin số {n:02d}") for n in range(10)]
    drainers = Drainers(2)
    try:
        assert run_until(lambda: all_done(destination__in=targets), dispatch=False)
    finally:
        drainers.finish()
    assert_exactly_once_in_order(recorder, pages, targets)


# --- withdrawal after an orphan -------------------------------------------------------------
def test_a_post_stored_behind_a_500_is_edited_then_withdrawn_with_the_rest(world, recorder):
    """The remote stored the first POST but answered 500; the item is edited, then unpublished."""
    targets = destinations(world, recorder, 2)
    recorder.fault("store-then-500", path="/d0/")
    page = publish(world, "Tin lưu rồi báo lỗi")
    drain_due(budget_seconds=5)
    assert Delivery.objects.get(page=page, destination=targets[0]).status == Status.RETRYING
    assert len(recorder.live("d0")) == 1  # the post is there all the same

    page = edit(world, page, "Tin lưu rồi báo lỗi (đã sửa)")
    assert run_until(lambda: all_done(page=page), drain=True)
    for target in targets:  # one post each, showing the edit: the orphan was found and updated
        live = recorder.live(target.name)
        assert [post["payload"]["title"] for post in live.values()] == ["Tin lưu rồi báo lỗi (đã sửa)"], target.name
    assert recorder.duplicates() == []

    page.refresh_from_db()
    page.unpublish(user=world["approver"])
    assert run_until(lambda: all_done(page=page), drain=True)
    assert recorder.live() == {}  # nothing left live after the withdrawal
