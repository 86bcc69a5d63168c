"""The demo stand-ins `make run` starts keep what they received across a restart
(``--store``), so the demo portal and demo Facebook show what the admin says was sent.
Started as `make run` starts them: separate processes, killed and started again."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from channels.signing import signed_headers

ROOT = Path(__file__).resolve().parents[2]
SECRET = "demo-portal-secret"
PAGE = "123456789012345"
ITEM = {"uri": "urn:vss:item:00000000-0000-0000-0000-000000000001:vi", "version": "1",
        "versioncreated": "2026-07-01T08:00:00+07:00", "type": "text", "language": "vi",
        "headlines": [{"value": "Ngày BHYT Việt Nam"}]}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StandIn:
    def __init__(self, module, *args):
        self.port = free_port()
        self.command = [sys.executable, "-m", module, "--port", str(self.port), *args]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(self.command, cwd=ROOT, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/", timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.command} did not answer")

    def kill(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def started():
    stand_ins = []

    def start(module, *args):
        stand_ins.append(StandIn(module, *args).start())
        return stand_ins[-1]

    yield start
    for stand_in in stand_ins:
        if stand_in.process.poll() is None:
            stand_in.kill()


def portal_post(url, key):
    data = json.dumps(ITEM).encode()
    headers = {**signed_headers(SECRET, "POST", "/lao-cai/items", data), "Idempotency-Key": key,
               "Content-Type": "application/json"}
    return requests.post(f"{url}/lao-cai/items", data=data, headers=headers, timeout=5)


def graph_post(url, message):
    return requests.post(f"{url}/v25.0/{PAGE}/feed", data={"message": message,
                                                           "access_token": f"demo-page-token-{PAGE}"}, timeout=5)


def test_the_demo_portal_shows_its_items_after_a_restart(tmp_path, started):
    portal = started("channels.portal.standin", "--default-secret", SECRET, "--store", str(tmp_path / "portal.json"))
    created = portal_post(portal.url, "key-1")
    assert created.status_code == 201
    portal.kill()
    portal.start()
    page = requests.get(created.json()["url"], timeout=5)
    assert page.status_code == 200 and "Ngày BHYT Việt Nam" in page.text
    assert "Ngày BHYT Việt Nam" in requests.get(f"{portal.url}/lao-cai/", timeout=5).text
    again = portal_post(portal.url, "key-1")  # a retry after the restart is still recognised
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    second = portal_post(portal.url, "key-2")
    assert second.status_code == 201 and second.json()["id"] != created.json()["id"], "ids are not reused"


def test_the_demo_facebook_shows_its_posts_after_a_restart_and_forgets_a_deleted_one(tmp_path, started):
    graph = started("channels.facebook.standin", "--demo", "--store", str(tmp_path / "facebook.json"))
    kept = graph_post(graph.url, "Tin giữ lại").json()["id"]
    deleted = graph_post(graph.url, "Tin gỡ xuống").json()["id"]
    token = {"access_token": f"demo-page-token-{PAGE}"}
    assert requests.delete(f"{graph.url}/v25.0/{deleted}", params=token, timeout=5).json() == {"success": True}
    graph.kill()
    graph.start()
    page = requests.get(f"{graph.url}/posts/{kept}", timeout=5)
    assert page.status_code == 200 and "Tin giữ lại" in page.text
    assert requests.get(f"{graph.url}/posts/{deleted}", timeout=5).status_code == 404
    newer = graph_post(graph.url, "Tin mới").json()["id"]
    assert newer not in (kept, deleted)


def test_without_a_store_nothing_is_written_and_a_restart_starts_empty(tmp_path, started):
    portal = started("channels.portal.standin", "--default-secret", SECRET)
    url = portal_post(portal.url, "key-1").json()["url"]
    portal.kill()
    portal.start()
    assert requests.get(url, timeout=5).status_code == 404
    assert list(tmp_path.iterdir()) == []
