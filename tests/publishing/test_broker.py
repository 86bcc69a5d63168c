"""The embedded broker (publishing/broker.py): a folder of message files that several
processes share. A reader never sees a half-written file, and a file that cannot be
read is set aside, not fatal; the outbox delivers the work it carried all the same."""

import logging
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import F
from kombu import Connection

from cms.settings.base import filesystem_broker_options
from publishing.broker import write_atomically
from publishing.models import Delivery
from publishing.services.dispatcher import REENQUEUE_AFTER, dispatch_due
from tests.publishing.test_worker import all_sent, publish_news, purge_broker, wait_for, world  # noqa: F401

embedded_only = pytest.mark.skipif(not settings.CELERY_BROKER_URL.startswith("filesystem://"),
                                   reason="the filesystem broker is only used without CELERY_BROKER_URL")


@pytest.fixture
def folders(tmp_path):
    return filesystem_broker_options(tmp_path)


def connection(options):
    """A kombu connection as Celery makes it. Each test uses its own queue name: kombu keeps
    declared exchanges in a process-wide state that outlives one test's folders."""
    return Connection("filesystem://", transport="publishing.broker:Transport", transport_options=options)


def test_a_message_goes_through_and_a_half_written_one_waits(folders):
    queue_folder = Path(folders["data_folder_in"])
    # What a writer that has not finished looks like: a temporary name in the queue folder.
    (queue_folder / ".1_abc.jobs.msg.0123.tmp").write_bytes(b'{"body": "hal')
    with connection(folders) as conn:
        queue = conn.SimpleQueue("jobs")
        queue.put({"hello": "xin chào"})
        message = queue.get(timeout=2)
        assert message.payload == {"hello": "xin chào"}
        message.ack()
        with pytest.raises(queue.Empty):
            queue.get(timeout=0.2)
        queue.close()
    assert (queue_folder / ".1_abc.jobs.msg.0123.tmp").exists(), "a file being written is left to its writer"
    assert not Path(folders["corrupt_folder"]).exists(), "nothing was set aside"


def test_garbage_and_truncated_messages_are_moved_aside_and_the_next_one_is_read(folders, caplog):
    queue_folder = Path(folders["data_folder_in"])
    (queue_folder / "1_garbage.chores.msg").write_bytes(b"\x00\xffnot json at all")
    (queue_folder / "2_truncated.chores.msg").write_bytes(b'{"body": "eyJoZWxsbyI6')
    (queue_folder / "3_empty.chores.msg").write_bytes(b"")
    with caplog.at_level(logging.ERROR, logger="publishing.broker"), connection(folders) as conn:
        queue = conn.SimpleQueue("chores")
        queue.put({"n": 1})
        message = queue.get(timeout=2)
        assert message.payload == {"n": 1}
        message.ack()
        queue.close()
    corrupt = sorted(path.name for path in Path(folders["corrupt_folder"]).iterdir())
    assert corrupt == ["1_garbage.chores.msg", "2_truncated.chores.msg", "3_empty.chores.msg"]
    assert not list(queue_folder.glob("*.msg"))
    assert caplog.text.count("unreadable message") == 3


def test_messages_are_read_oldest_first_whatever_the_length_of_their_stamps(folders):
    """Stamps are milliseconds of machine uptime: 987 ms is older than 1,060,188 ms, though it
    sorts after it as text. Read by text order, the older message waited behind the newer."""
    queue_folder = Path(folders["data_folder_in"])
    with connection(folders) as conn:
        queue = conn.SimpleQueue("order")
        for n, name in ((2, "1060188_b.order.msg"), (1, "987_a.order.msg")):
            before = set(queue_folder.glob("*.msg"))
            queue.put({"n": n})
            [written] = set(queue_folder.glob("*.msg")) - before
            written.rename(queue_folder / name)
        first, second = queue.get(timeout=2), queue.get(timeout=2)
        assert (first.payload, second.payload) == ({"n": 1}, {"n": 2})
        first.ack()
        second.ack()
        queue.close()


def test_an_atomic_write_leaves_no_temporary_file(tmp_path):
    write_atomically(tmp_path / "a.msg", b"{}")
    assert [path.name for path in tmp_path.iterdir()] == ["a.msg"]


@embedded_only
@pytest.mark.django_db(transaction=True)
def test_bad_message_files_do_not_stop_a_real_worker_and_the_outbox_delivers(world, receiver):  # noqa: F811
    from tests.doubles.worker import Worker
    from tests.publishing.test_worker import worker_env

    purge_broker()
    queue_folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
    corrupt_folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["corrupt_folder"])
    shutil.rmtree(corrupt_folder, ignore_errors=True)
    page = publish_news(world)  # no worker yet: its two messages wait in the folder
    messages = sorted(queue_folder.glob("*.deliveries.msg"))
    assert len(messages) == 2
    # The crash seen in the field: one message cut off half-way, one not JSON at all.
    messages[0].write_bytes(messages[0].read_bytes()[: messages[0].stat().st_size // 2])
    messages[1].write_bytes(b"\x00garbage\xff")
    (queue_folder / "0_junk.celery.msg").write_bytes(b"{")
    worker = Worker(env=worker_env()).start()
    try:
        assert wait_for(lambda: len(list(corrupt_folder.glob("*.msg"))) == 3, timeout=30), worker.tail()
        assert worker.process.poll() is None, "the worker keeps running:\n" + worker.tail()
        assert "moved to" in worker.tail(20000)
        assert not receiver.posts, "the messages were lost: nothing was sent yet"
        # The dispatcher finds the rows whose messages were lost once they have waited past REENQUEUE_AFTER.
        Delivery.objects.filter(page=page).update(enqueued_at=F("enqueued_at") - REENQUEUE_AFTER)
        assert dispatch_due().queued == 2
        assert wait_for(lambda: all_sent(page), timeout=45), worker.tail()
        assert len(receiver.posts) == 2
        assert worker.process.poll() is None
    finally:
        worker.stop()
