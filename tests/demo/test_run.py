"""`make run`'s supervisor (demo/run.py) with its real children: a child that dies is
started again and the admin keeps answering; SIGTERM stops every one of them."""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from tests.doubles.worker import database_url

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Supervisor:
    def __init__(self, data_dir):
        self.ports = {name: free_port() for name in ("web", "portal", "facebook", "zalo", "youtube")}
        self.log = Path(tempfile.mkstemp(prefix="vss-run-", suffix=".log")[1])
        self.env = env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": database_url(),
               "VSS_DATA_DIR": str(data_dir)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "demo.run", "--port", str(self.ports["web"]),
             "--portal-port", str(self.ports["portal"]), "--facebook-port", str(self.ports["facebook"]),
             "--zalo-port", str(self.ports["zalo"]), "--youtube-port", str(self.ports["youtube"])],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)

    def text(self):
        return self.log.read_text()

    def pids(self):
        """The latest pid of each child, from the supervisor's 'started' lines."""
        return dict(re.findall(r"\[run\] (.+?) started \(pid (\d+)\)", self.text()))

    def answers(self, name, path="/"):
        try:
            return requests.get(f"http://127.0.0.1:{self.ports[name]}{path}", timeout=5).status_code
        except requests.ConnectionError:
            return None


def wait_for(condition, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def alive(pid):
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    return True


def test_a_dead_child_is_restarted_the_web_stays_up_and_sigterm_stops_all(tmp_path):
    run = Supervisor(tmp_path)
    try:
        assert wait_for(lambda: run.answers("web", "/admin/login/") == 200 and run.answers("portal") == 200
                        and run.answers("facebook") is not None), run.text()
        first = run.pids()
        assert set(first) == {"web", "worker", "beat", "portal stand-in", "facebook stand-in",
                              "zalo stand-in", "youtube stand-in"}
        web_pid = first["web"]

        os.killpg(int(first["worker"]), signal.SIGKILL)  # the whole worker, pool and all
        os.kill(int(first["portal stand-in"]), signal.SIGKILL)
        assert wait_for(lambda: run.pids()["worker"] != first["worker"]
                        and run.pids()["portal stand-in"] != first["portal stand-in"]), run.text()
        assert re.search(r"worker \(pid \d+\) exited with code -9 after \d+ s; restarting in \d+ s", run.text())
        assert "worker restarted (1 restart so far)" in run.text()
        assert wait_for(lambda: run.answers("portal") == 200), run.text()
        assert run.answers("web", "/admin/login/") == 200
        assert run.pids()["web"] == web_pid, "the web server was not restarted"
        assert run.text().count("beat started") == 1, "beat never runs twice"
        # The pidfile lock: a beat started by hand on the same data folder refuses to run beside it.
        second = subprocess.run(
            [sys.executable, "-m", "celery", "-A", "publishing", "beat", "--schedule", str(tmp_path / "other"),
             "--pidfile", str(tmp_path / "celerybeat.pid")],
            cwd=ROOT, env=run.env, capture_output=True, text=True, timeout=60)
        assert second.returncode != 0 and "already exists" in second.stdout + second.stderr, second.stderr

        children = run.pids().values()
        run.process.send_signal(signal.SIGTERM)
        run.process.wait(timeout=15)  # the supervisor gives its children 10 s
        assert "[run] stopped" in run.text()
        assert not [pid for pid in children if alive(pid)]
        assert run.answers("web", "/admin/login/") is None
    finally:
        if run.process.poll() is None:
            run.process.kill()
            for pid in run.pids().values():
                if alive(pid):
                    os.killpg(int(pid), signal.SIGKILL)
