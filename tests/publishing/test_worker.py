"""The pipeline with a real Celery worker process, the project's broker and database.

Embedded: SQLite file and kombu's filesystem broker. In CI also PostgreSQL and
Redis (DATABASE_URL, CELERY_BROKER_URL). The worker is a separate process that
the tests start, kill with SIGKILL and restart.
"""

import shutil
import signal
import socket
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from cms.models import NewsPage, OrgUnit
from cms.services.content import content_approve, content_create, content_submit
from cms.services.languages import languages_load
from cms.services.org_units import org_units_load, org_units_read
from cms.services.staff import staff_create
from cms.services.taxonomy import taxonomy_load
from publishing.celery import app
from publishing.models import Delivery
from publishing.services.destinations import destination_create
from publishing.services.dispatcher import dispatch_due
from tests.doubles.worker import Worker, database_url

LEASE_MARGIN_SECONDS = 1  # with the 2 s read timeout and 1 s connect: a 7 s lease
pytestmark = pytest.mark.django_db(transaction=True)


def worker_env():
    env = {"DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": database_url(),
           "PUBLISHING_LEASE_MARGIN_SECONDS": str(LEASE_MARGIN_SECONDS), "CHANNEL_CONNECT_TIMEOUT_SECONDS": "1"}
    if settings.CELERY_BROKER_URL:
        env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    return env


def purge_broker():
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    else:
        app.control.purge()


@pytest.fixture
def worker(transactional_db):
    purge_broker()
    process = Worker(env=worker_env()).start()
    yield process
    process.stop()


@pytest.fixture
def world(transactional_db, receiver):
    """Committed data: the worker process reads the same database."""
    languages_load()
    taxonomy_load()
    org_units_load(data=org_units_read(), only={"15"})
    province = OrgUnit.objects.get(code="15")
    people = {
        "editor": staff_create(username="w_editor", unit=province, role="editor", password="x-pass-123"),
        "approver": staff_create(username="w_approver", unit=province, role="approver", password="x-pass-123"),
    }
    portal = destination_create(name="Cổng Lào Cai", channel="webhook", channel_kind="portal", org_unit=province,
                                config={"url": receiver.url, "timeout": "2"})
    fanpage = destination_create(name="Fanpage Lào Cai", channel="webhook", channel_kind="fanpage",
                                 org_unit=province, config={"url": receiver.url, "timeout": "2"})
    return {"province": province, "portal": portal, "fanpage": fanpage, **people}


def publish_news(world, title="Tin qua worker thật"):
    User = get_user_model()
    editor, approver = (User.objects.get(pk=world[name].pk) for name in ("editor", "approver"))
    page = NewsPage(title=title, summary="Tóm tắt.")
    content_create(section=world["province"].section_page.specific, page=page, user=editor)
    page = NewsPage.objects.get(pk=page.pk)
    content_submit(page=page, user=editor)
    content_approve(page=page, user=approver)
    page.refresh_from_db()
    return page


def wait_for(condition, timeout=45, every=0.3, dispatch=False):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if dispatch:
            dispatch_due()
        if condition():
            return True
        time.sleep(every)
    return False


def all_sent(page):
    statuses = set(Delivery.objects.filter(page=page).values_list("status", flat=True))
    return statuses == {Delivery.Status.SENT}


def test_approval_is_delivered_by_the_worker(world, worker, receiver):
    page = publish_news(world)
    assert Delivery.objects.filter(page=page).count() == 2
    assert wait_for(lambda: all_sent(page)), worker.tail()
    for delivery in Delivery.objects.filter(page=page):
        assert delivery.external_id in receiver.posts
    assert len(receiver.posts) == 2


def test_the_same_task_queued_twice_posts_once(world, worker, receiver):
    from publishing.tasks import deliver

    page = publish_news(world)
    for delivery in Delivery.objects.filter(page=page):
        deliver.delay(delivery.pk)
        deliver.delay(delivery.pk)
    assert wait_for(lambda: all_sent(page))
    time.sleep(1)  # let the duplicate tasks run too
    assert len(receiver.posts) == 2


def test_worker_killed_mid_delivery_delivers_exactly_once_after_restart(world, worker, receiver):
    receiver.fail_next("slow:8")  # the first post is created, its answer takes 8 s: the worker is mid-call
    page = publish_news(world)
    assert wait_for(lambda: len(receiver.posts) >= 1, timeout=30), worker.tail()
    worker.kill(signal.SIGKILL)
    assert Delivery.objects.filter(page=page, status=Delivery.Status.SENDING).exists()
    worker.start()
    assert wait_for(lambda: all_sent(page), timeout=60, dispatch=True), worker.tail()
    for delivery in Delivery.objects.filter(page=page):
        assert receiver.created_count(delivery.idempotency_key) == 1
    assert len(receiver.posts) == 2


def _use_broker(url):
    """Point the web side's Celery app at ``url`` (None: back to the real one), dropping cached connections.

    broker_write_url, because Celery lets a CELERY_BROKER_URL environment variable win over broker_url.
    """
    app.conf.broker_write_url = url
    # The embedded transport class is chosen by setting; another URL brings its own.
    app.conf.broker_transport = None if url else getattr(settings, "CELERY_BROKER_TRANSPORT", None)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.parametrize("broker", ["refused", "hangs"])
def test_broker_down_while_approving_is_delivered_by_the_dispatcher_after(world, worker, receiver, caplog, broker):
    hole = socket.socket()  # "hangs": takes the connection, never answers (a broker host half down)
    hole.bind(("127.0.0.1", 0))
    hole.listen(64)
    port = 9 if broker == "refused" else hole.getsockname()[1]  # nothing listens on 9
    _use_broker(f"redis://127.0.0.1:{port}/0")
    try:
        started = time.monotonic()
        page = publish_news(world)  # the approval itself must not fail, nor wait for the broker
        took = time.monotonic() - started
    finally:
        _use_broker(None)
        hole.close()
    # Not a speed figure: without a bound the approval waited ~6 s (refused) or for ever (hangs).
    assert took < 10, f"the approval waited {took:.1f} s for the broker"
    assert "enqueue failed" in caplog.text and "OperationalError" in caplog.text
    assert page.live
    # Not queued (a worker already draining may have picked them up all the same).
    assert not Delivery.objects.filter(page=page, enqueued_at__isnull=False).exists()
    assert wait_for(lambda: all_sent(page), timeout=45, dispatch=True), worker.tail()
    assert len(receiver.posts) == 2
