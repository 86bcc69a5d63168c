"""`make run`: the web server, a Celery worker, beat and the demo stand-ins in one command.

The stand-ins are the installed channels' own (Channel.demo_standin): each gets a
``--<kind>-port`` option, so this file names no channel.

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

from demo.standins import demo_channels, standin_command, standin_url

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


def installed_registry():
    """The channel registry of the settings the children will run with (read here, nothing is started)."""
    import django
    from django.apps import apps

    django.setup()
    return apps.get_app_config("vss_channels").registry


def port_dest(channel):
    """The option's name in the parsed arguments: ``--<kind>-port`` is ``<kind>_port``."""
    return channel.kind.replace("-", "_") + "_port"


def children(args, env, standins=()):
    python = sys.executable
    data = Path(env.get("VSS_DATA_DIR") or "data")
    data.mkdir(parents=True, exist_ok=True)
    web = Child("web", [python, "manage.py", "runserver", "--noreload", "--skip-checks", f"{args.host}:{args.port}"])
    if args.no_worker:
        return [web]
    found = [
        web,
        Child("worker", [python, "-m", "celery", "-A", "publishing", "worker", "-Q", "celery,deliveries",
                         "--loglevel", "WARNING", "--concurrency", "2", "--without-gossip", "--without-mingle"]),
        Child("beat", [python, "-m", "celery", "-A", "publishing", "beat", "--loglevel", "WARNING",
                       "--schedule", str(data / "celerybeat-schedule"), "--pidfile", str(data / "celerybeat.pid")]),
    ]
    # Each channel's stand-in, where seed_demo points its demo destinations; what they receive is
    # kept in data/ where the channel asks for it, so they still show it after a restart.
    for channel in standins:
        port = getattr(args, port_dest(channel))
        found.append(Child(f"{channel.kind} stand-in",
                           standin_command(channel, python=python, port=port, data=data)))
    return found


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
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "cms.settings.dev")}
    os.environ["DJANGO_SETTINGS_MODULE"] = env["DJANGO_SETTINGS_MODULE"]
    standins = demo_channels(installed_registry())
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    for channel in standins:
        parser.add_argument(f"--{channel.kind.replace('_', '-')}-port", dest=port_dest(channel), type=int,
                            default=channel.demo_standin.port, help=f"the {channel.kind} stand-in's port")
    parser.add_argument("--no-worker", action="store_true", help="web server only")
    args = parser.parse_args(argv)

    processes = children(args, env, standins)
    stopping = []

    def on_signal(signum, _frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    for child in processes:
        child.env = env
        child.start()
    say(f"serving on http://{args.host}:{args.port}/admin/ (Ctrl+C stops everything)")
    shown = [channel.demo_standin.shows.format(url=standin_url(channel, getattr(args, port_dest(channel))))
             for channel in standins if channel.demo_standin.shows]
    if not args.no_worker and shown:
        say(", ".join(shown))
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
