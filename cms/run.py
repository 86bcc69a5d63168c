"""`make run`: the web server, a Celery worker, beat and the demo stand-ins in one command.

Production runs them as separate containers (docker-compose.yml). Here one process
supervises them all: a child that exits is started again after a short backoff and
said so in one line, so a worker that dies does not take the admin down with it.
Ctrl+C (or SIGTERM) stops every child, each in its own process group, within ten
seconds. Beat runs as a process of its own with a pidfile lock, so a restarted
worker never brings a second beat, and a second `make run` on the same data
folder cannot start one either.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

STOP_WITHIN = 10.0  # seconds from Ctrl+C to every child gone
BACKOFF = (1, 2, 5, 10, 30)  # seconds before the 1st, 2nd, ... restart in a row
STEADY_AFTER = 60.0  # a child that ran this long is well again: its backoff starts over


def say(message):
    print(f"[run] {message}", flush=True)


@dataclass
class Child:
    name: str
    command: list
    process: subprocess.Popen = None
    started_at: float = 0.0
    restarts: int = 0
    failures_in_a_row: int = 0
    restart_at: float = None
    env: dict = field(default_factory=dict)

    def start(self):
        self.process = subprocess.Popen(self.command, env=self.env, start_new_session=True)
        self.started_at = time.monotonic()
        self.restart_at = None
        say(f"{self.name} started (pid {self.process.pid})")

    def signal_group(self, sig):
        """Signal the child's whole process group (a worker's pool too, even after its parent died)."""
        if self.process:
            try:
                os.killpg(self.process.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass

    def check(self, now):
        """Notice an exit and plan the restart; start it when its time has come."""
        if self.process is not None and self.restart_at is None and self.process.poll() is not None:
            uptime = now - self.started_at
            self.failures_in_a_row = 1 if uptime >= STEADY_AFTER else self.failures_in_a_row + 1
            delay = BACKOFF[min(self.failures_in_a_row, len(BACKOFF)) - 1]
            self.restart_at = now + delay
            self.signal_group(signal.SIGKILL)  # orphans in its group (a worker's pool) go with their parent
            say(f"{self.name} (pid {self.process.pid}) exited with code {self.process.returncode} after "
                f"{uptime:.0f} s; restarting in {delay} s")
        if self.restart_at is not None and now >= self.restart_at:
            self.restarts += 1
            self.start()
            say(f"{self.name} restarted ({self.restarts} restart{'s' if self.restarts > 1 else ''} so far)")


def children(args, env):
    python = sys.executable
    data = Path(env.get("VSS_DATA_DIR") or "data")
    data.mkdir(parents=True, exist_ok=True)
    web = Child("web", [python, "manage.py", "runserver", "--noreload", "--skip-checks", f"{args.host}:{args.port}"])
    if args.no_worker:
        return [web]
    return [
        web,
        Child("worker", [python, "-m", "celery", "-A", "publishing", "worker", "-Q", "celery,deliveries",
                         "--loglevel", "WARNING", "--concurrency", "2", "--without-gossip", "--without-mingle"]),
        Child("beat", [python, "-m", "celery", "-A", "publishing", "beat", "--loglevel", "WARNING",
                       "--schedule", str(data / "celerybeat-schedule"), "--pidfile", str(data / "celerybeat.pid")]),
        # Stand-ins for the provincial portals and Facebook, where seed_demo points the demo destinations;
        # what they receive is kept in data/, so they still show it after a restart.
        Child("portal stand-in", [python, "-m", "channels.portal.receiver", "--port", str(args.portal_port),
                                  "--default-secret", "demo-portal-secret", "--store", str(data / "portal.json")]),
        Child("facebook stand-in", [python, "-m", "channels.facebook.double", "--port", str(args.facebook_port),
                                    "--demo", "--store", str(data / "facebook.json")]),
        # The Zalo OA and YouTube stand-ins keep their demo tokens across restarts; YouTube keeps its uploads.
        Child("zalo stand-in", [python, "-m", "channels.zalo.standin", "--port", str(args.zalo_port), "--demo"]),
        Child("youtube stand-in", [python, "-m", "channels.youtube.standin", "--port", str(args.youtube_port),
                                   "--folder", str(data / "youtube")]),
    ]


def stop(processes):
    """SIGTERM to every group, SIGKILL to what is left when the time is up."""
    for child in processes:
        child.signal_group(signal.SIGTERM)
    deadline = time.monotonic() + STOP_WITHIN - 1.5
    while time.monotonic() < deadline and any(c.process and c.process.poll() is None for c in processes):
        time.sleep(0.1)
    for child in processes:
        if child.process and child.process.poll() is None:
            say(f"{child.name} did not stop in time; killed")
        child.signal_group(signal.SIGKILL)
        if child.process:
            child.process.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--portal-port", type=int, default=8010)
    parser.add_argument("--facebook-port", type=int, default=8020)
    parser.add_argument("--zalo-port", type=int, default=8030)
    parser.add_argument("--youtube-port", type=int, default=8040)
    parser.add_argument("--no-worker", action="store_true", help="web server only")
    args = parser.parse_args(argv)

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "cms.settings.dev")}
    processes = children(args, env)
    stopping = []

    def on_signal(signum, _frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    for child in processes:
        child.env = env
        child.start()
    say(f"serving on http://{args.host}:{args.port}/admin/ (Ctrl+C stops everything)")
    if not args.no_worker:
        say(f"demo portals on http://127.0.0.1:{args.portal_port}/<province>/, "
            f"demo Facebook posts on http://127.0.0.1:{args.facebook_port}/posts/<id>, "
            f"demo Zalo OAs on http://127.0.0.1:{args.zalo_port}/, demo YouTube on http://127.0.0.1:{args.youtube_port}/")
    while not stopping:
        now = time.monotonic()
        for child in processes:
            child.check(now)
        time.sleep(0.2)
    say("stopping " + ", ".join(child.name for child in processes))
    stop(processes)
    say("stopped")


if __name__ == "__main__":
    main()
