"""Token rotation that cannot lose access: two workers refreshing at once, and a worker killed
between Zalo's answer and our save. Committed data, so threads and a subprocess share it.

Runs on SQLite, and on PostgreSQL when DATABASE_URL points at one (SELECT ... FOR UPDATE).
"""

import datetime
import subprocess
import sys
import threading
import time

import pytest
from django.db import close_old_connections
from django.utils import timezone

from channels.exceptions import NeedsReauthError
from channels.zalo.client import ZaloHTTP
from channels.zalo.models import ZaloToken
from channels.zalo.standin import ZaloStandIn
from channels.zalo.tokens import access_token, claim_seconds, refresh_due, store_pair
from tests.channels.zalo_fixtures import APP_ID, OA_ID, SECRET_KEY
from tests.doubles.worker import ROOT, database_url

pytestmark = pytest.mark.django_db(transaction=True)


def standin(strict=True):
    server = ZaloStandIn(strict=strict).start()
    server.add_oa(OA_ID, app_id=APP_ID, secret_key=SECRET_KEY)
    return server


def connected(zalo, *, expired=True):
    store_pair(app_id=APP_ID, oa_id=OA_ID, answer=zalo.issue(OA_ID), secret_key=SECRET_KEY, oauth_url=zalo.url)
    if expired:
        ZaloToken.objects.filter(oa_id=OA_ID).update(access_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    return ZaloToken.objects.get(oa_id=OA_ID)


def works(zalo, token):
    """The token opens the OA's article list on the stand-in."""
    answer = ZaloHTTP(api_url=zalo.url).request("GET", f"{zalo.url}/v2.0/article/getslice", operation="check",
                                                headers={"access_token": token})
    return answer.get("error") == 0


def test_two_workers_refreshing_at_once_make_one_refresh_call_and_both_proceed():
    zalo = standin(strict=True)
    try:
        before = connected(zalo)
        zalo.fail_next("slow:1")  # the first refresh is slow: the second worker arrives during it
        results, errors = [], []
        barrier = threading.Barrier(2)

        def worker():
            close_old_connections()  # a connection of its own, like another process
            try:
                barrier.wait()
                results.append(access_token(ZaloHTTP(oauth_url=zalo.url), app_id=APP_ID, oa_id=OA_ID,
                                            secret_key=SECRET_KEY))
            except Exception as exc:  # noqa: BLE001 (reported below)
                errors.append(exc)
            finally:
                close_old_connections()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, errors
        assert len(zalo.refreshes) == 1  # exactly one refresh call reached Zalo
        assert len(results) == 2 and results[0] == results[1] and works(zalo, results[0])
        row = ZaloToken.objects.get(oa_id=OA_ID)
        assert row.generation == before.generation + 1 and row.refresh_claim == "" and row.refused == ""
        # And the OA is not locked out: the saved refresh token is the live one.
        ZaloToken.objects.filter(pk=row.pk).update(access_expires_at=timezone.now())
        assert works(zalo, access_token(ZaloHTTP(oauth_url=zalo.url), app_id=APP_ID, oa_id=OA_ID,
                                        secret_key=SECRET_KEY))
    finally:
        zalo.stop()


KILLED_WORKER = """
import django, sys
django.setup()
from channels.zalo.client import ZaloHTTP
from channels.zalo.tokens import access_token
print(access_token(ZaloHTTP(oauth_url=sys.argv[1]), app_id=sys.argv[2], oa_id=sys.argv[3], secret_key=sys.argv[4]))
"""


def refresh_in_a_process_killed_after_zalo_answered(zalo):
    """A worker process refreshes; Zalo issues the new pair; the process is SIGKILLed before it reads it."""
    zalo.fail_next("slow:60")  # Zalo does the refresh, then answers late
    process = subprocess.Popen([sys.executable, "-c", KILLED_WORKER, zalo.url, APP_ID, OA_ID, SECRET_KEY], cwd=ROOT,
                               env={"DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": database_url(),
                                    "PATH": "/usr/bin:/bin"},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not zalo.refreshes:
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode()[-2000:]
        time.sleep(0.05)
    process.kill()
    process.wait(timeout=10)
    assert process.returncode == -9
    row = ZaloToken.objects.get(oa_id=OA_ID)
    assert row.refresh_claim  # it had claimed the refresh, committed, before calling Zalo
    # The claim's lease runs out (no worker will finish it).
    ZaloToken.objects.filter(pk=row.pk).update(
        refresh_claimed_at=timezone.now() - datetime.timedelta(seconds=claim_seconds() + 1))
    return row


def test_a_worker_killed_between_refresh_and_save_is_recovered_when_zalo_keeps_the_old_token_until_use():
    zalo = standin(strict=False)
    try:
        before = connected(zalo)
        refresh_in_a_process_killed_after_zalo_answered(zalo)
        token = access_token(ZaloHTTP(oauth_url=zalo.url), app_id=APP_ID, oa_id=OA_ID, secret_key=SECRET_KEY)
        assert works(zalo, token) and len(zalo.refreshes) == 2
        row = ZaloToken.objects.get(oa_id=OA_ID)
        assert row.generation == before.generation + 1 and row.refused == "" and row.refresh_claim == ""
    finally:
        zalo.stop()


def test_a_worker_killed_between_refresh_and_save_under_strict_zalo_asks_a_person_with_the_reason():
    zalo = standin(strict=True)
    try:
        connected(zalo)
        refresh_in_a_process_killed_after_zalo_answered(zalo)
        with pytest.raises(NeedsReauthError) as caught:
            access_token(ZaloHTTP(oauth_url=zalo.url), app_id=APP_ID, oa_id=OA_ID, secret_key=SECRET_KEY)
        message = caught.value.user_message
        assert "bị gián đoạn" in message and "Kết nối Zalo OA" in message and f"oa_id={OA_ID}" in message
        row = ZaloToken.objects.get(oa_id=OA_ID)
        assert row.refused == message and row.refresh_claim == ""
        # Nothing keeps hammering Zalo with a dead token: the next use asks no refresh.
        with pytest.raises(NeedsReauthError):
            access_token(ZaloHTTP(oauth_url=zalo.url), app_id=APP_ID, oa_id=OA_ID, secret_key=SECRET_KEY)
        assert len(zalo.refreshes) == 1
    finally:
        zalo.stop()


def test_beat_refreshes_ahead_of_expiry_and_leaves_fresh_pairs_alone():
    zalo = standin(strict=True)
    try:
        connected(zalo, expired=False)  # 25 hours left: not due
        assert refresh_due() == {"refreshed": 0, "failed": 0}
        ZaloToken.objects.filter(oa_id=OA_ID).update(access_expires_at=timezone.now() + datetime.timedelta(hours=3))
        assert refresh_due() == {"refreshed": 1, "failed": 0} and len(zalo.refreshes) == 1
        row = ZaloToken.objects.get(oa_id=OA_ID)
        assert row.access_expires_at > timezone.now() + datetime.timedelta(hours=24)
    finally:
        zalo.stop()
