"""Soak: the embedded stack as `make run` starts it, driven by editors over HTTP for a while.

``python -m bench soak [--minutes N]`` (or ``make soak``; SOAK_MINUTES, default 10)
prepares a temporary data folder as `make run` does (migrate, seed_demo, api_index),
starts ``python -m demo.run`` on free ports, then logs in to /admin/ as a province's
editor and approver and, until the time is up, creates items (news with and without
a body, infographics; some scheduled a minute or two ahead), submits and approves
them, edits and re-approves some and unpublishes others, all through the admin's
own forms. Then it stops the stack and reads what the demo portal and the demo
Facebook received (their --store files), and prints process restarts, worker
crashes, deliveries due / sent / lost / duplicated at the stand-ins, and the longest
wait from approval (or go-live) to the first delivery. The exit status is 1 on any
crash, restart, loss or duplicate.

With DATABASE_URL and CELERY_BROKER_URL set the same run uses PostgreSQL and Redis
(the database is flushed first: give it one of its own).
"""

import argparse
import datetime
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

ROOT = Path(__file__).resolve().parents[1]
PROVINCE = "15"  # Lào Cai, a demo province
SETTLE_SECONDS = 60  # after the last approval, how long deliveries get before anything missing counts as lost


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def step(message):
    print(f"[soak] {message}", flush=True)


class Stack:
    """`make run` in a temporary data folder: the same commands, other ports."""

    def __init__(self):
        self.data = Path(tempfile.mkdtemp(prefix="vss-soak-"))
        self.ports = {name: free_port() for name in ("web", "portal", "facebook", "zalo", "youtube")}
        self.url = f"http://127.0.0.1:{self.ports['web']}"
        self.env = {**os.environ, "VSS_DATA_DIR": str(self.data), "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
                    "DEMO_PORTAL_URL": f"http://127.0.0.1:{self.ports['portal']}",
                    "DEMO_GRAPH_URL": f"http://127.0.0.1:{self.ports['facebook']}",
                    "DEMO_ZALO_URL": f"http://127.0.0.1:{self.ports['zalo']}",
                    "DEMO_YOUTUBE_URL": f"http://127.0.0.1:{self.ports['youtube']}", "DEBUG": "0"}
        self.log = self.data / "run.log"
        self.process = None

    def manage(self, *args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**self.env, "LOG_LEVEL": "WARNING"},
                       check=True, stdout=subprocess.DEVNULL)

    def prepare(self):
        if "DATABASE_URL" in os.environ:
            self.manage("migrate", "--noinput", "-v", "0")
            self.manage("flush", "--noinput")
        if os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
            subprocess.run([sys.executable, "-m", "celery", "-A", "publishing", "purge", "-f"], cwd=ROOT,
                           env=self.env, check=True, stdout=subprocess.DEVNULL)
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("seed_demo")
        self.manage("api_index")

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "demo.run", "--port", str(self.ports["web"]),
             "--portal-port", str(self.ports["portal"]), "--facebook-port", str(self.ports["facebook"]),
             "--zalo-port", str(self.ports["zalo"]), "--youtube-port", str(self.ports["youtube"])],
            cwd=ROOT, env=self.env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        # Up means what the health check says: web answering, worker and beat heard from.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/health/", timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the stack did not come up:\n" + self.log.read_text()[-3000:])

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def text(self):
        return self.log.read_text(errors="replace")


class Lookup:
    """Read-only questions to the stack's database (ids the admin's URLs need, the outbox at the end)."""

    def __init__(self, env):
        os.environ.update({k: v for k, v in env.items() if k in ("VSS_DATA_DIR", "DJANGO_SETTINGS_MODULE")})
        import django

        django.setup()

    def section_id(self):
        from cms.models import OrgUnit

        return OrgUnit.objects.get(code=PROVINCE).section_page_id

    def image_id(self):
        from wagtail.images.models import Image

        return Image.objects.order_by("pk").values_list("pk", flat=True).first()

    def page_id(self, slug):
        from wagtail.models import Page

        return Page.objects.get(slug=slug).pk

    def task_state_id(self, page_id):
        from wagtail.models import Page

        state = Page.objects.get(pk=page_id).current_workflow_state
        return state.current_task_state.pk if state else None

    def backlog(self):
        """Deliveries due now or being sent: seed_demo's approvals, worked first when the stack starts."""
        from django.db import close_old_connections
        from django.utils import timezone

        from publishing.models import Delivery

        close_old_connections()
        return Delivery.objects.due(timezone.now()).count() + Delivery.objects.filter(
            status=Delivery.Status.SENDING).count()

    def deliveries(self, titles):
        """(title, channel, place, action, status, due) of the soak items' deliveries to the two stand-ins;
        the place is the portal site or the Facebook page, as the stand-in files them; due is when the
        outbox wrote the row at approval, or the go-live time of a scheduled item (epoch seconds)."""
        from django.db import close_old_connections

        from publishing.models import Delivery

        close_old_connections()
        rows = (Delivery.objects.filter(item_title__in=titles, destination__channel__in=("portal", "facebook"))
                .values_list("item_title", "destination__channel", "destination__config", "action", "status",
                             "due_at"))
        return [(title, channel, config["url"].rstrip("/").rsplit("/", 1)[-1] if channel == "portal"
                 else config["page_id"], action, status, due_at.timestamp())
                for title, channel, config, action, status, due_at in rows]


class Editor:
    """A person in the admin: a logged-in session that fills in and posts Wagtail's own forms."""

    def __init__(self, url, username, password):
        from wagtail.test.utils.form_data import querydict_from_html

        self.parse = querydict_from_html
        self.url = url
        self.session = requests.Session()
        form = self.form("/admin/login/", form_id=None)
        form.update(username=username, password=password)
        answer = self.session.post(f"{url}/admin/login/", data=form, timeout=60, allow_redirects=False)
        if answer.status_code != 302:
            raise RuntimeError(f"{username} could not log in ({answer.status_code})")

    def form(self, path, form_id="page-edit-form"):
        answer = self.session.get(self.url + path, timeout=60)
        answer.raise_for_status()
        if form_id is None:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.text).group(1)
            return {"csrfmiddlewaretoken": token}
        return {key: values[-1] if len(values) == 1 else values
                for key, values in self.parse(answer.text, form_id=form_id).lists()}

    def post(self, path, data):
        """POST a form; anything but a redirect or a JSON answer is a refusal, reported with its errors."""
        answer = self.session.post(self.url + path, data=data, timeout=60, allow_redirects=False,
                                   headers={"X-CSRFToken": self.session.cookies.get("csrftoken", "")})
        if answer.status_code == 302 or answer.headers.get("Content-Type", "").startswith("application/json"):
            return answer
        errors = re.findall(r'class="[^"]*error-message[^"]*"[^>]*>(?:\s*<[^>]+>)*\s*([^<]+)', answer.text)
        raise RuntimeError(f"POST {path}: {answer.status_code} {errors[:3] or answer.text[:300]}")


class Soak:
    def __init__(self, stack, lookup, minutes):
        from django.conf import settings

        password = settings.VSS_DEMO_PASSWORD
        from cms.models import OrgUnit

        slug = OrgUnit.objects.get(code=PROVINCE).slug
        self.stack, self.lookup, self.minutes = stack, lookup, minutes
        self.editor = Editor(stack.url, f"bientap.{slug}", password)
        self.approver = Editor(stack.url, f"duyet.{slug}", password)
        self.section = lookup.section_id()
        self.image = lookup.image_id()
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.items = {}  # title -> {"page": id, "due": epoch seconds of approval or go-live, "unpublished": bool}
        self.counts = {"created": 0, "scheduled": 0, "edited": 0, "unpublished": 0, "errors": 0}

    def create(self, number):
        kind = ("newspage", "newspage", "infographicpage")[number % 3]
        title = f"Soak {number:04d}: tin thử nghiệm BHYT"
        slug = f"soak-{number:04d}-{os.getpid()}"
        form = self.editor.form(f"/admin/pages/add/cms/{kind}/{self.section}/")
        form.update(title=title, slug=slug)
        if kind == "newspage":
            # The body is a StreamField, drawn by JavaScript: its empty management field is sent as the browser would.
            form.update(summary=f"Tóm tắt số {number}.", **{"body-count": "0"})
        else:
            form.update(image=str(self.image), alt_text=f"Biểu đồ số {number}")
        scheduled = number % 10 == 7
        go_live = None
        if scheduled:
            go_live = (datetime.datetime.now(self.zone) + datetime.timedelta(minutes=2)).replace(second=0,
                                                                                                 microsecond=0)
            form["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
        form["action-submit"] = "1"  # the button's name; Wagtail checks for a value
        self.editor.post(f"/admin/pages/add/cms/{kind}/{self.section}/", form)
        page = self.lookup.page_id(slug)
        self.approve(page)
        self.items[title] = {"page": page, "due": go_live.timestamp() if go_live else time.time(),
                             "unpublished": False}
        self.counts["created"] += 1
        self.counts["scheduled"] += scheduled
        return title

    def approve(self, page):
        task = self.lookup.task_state_id(page)
        path = f"/admin/pages/workflow/action/{page}/approve/{task}/"
        self.approver.post(path, {**self.approver.form(f"/admin/pages/{page}/edit/", form_id=None), "comment": ""})

    def edit(self, title):
        page = self.items[title]["page"]
        form = self.editor.form(f"/admin/pages/{page}/edit/")
        form.setdefault("body-count", "0")
        if "summary" in form:
            form["summary"] = f"{form['summary']} Đã cập nhật."
        else:
            form["caption"] = "Đã cập nhật."
        form["action-submit"] = "1"  # the button's name; Wagtail checks for a value
        self.editor.post(f"/admin/pages/{page}/edit/", form)
        self.approve(page)
        self.counts["edited"] += 1

    def unpublish(self, title):
        page = self.items[title]["page"]
        form = self.approver.form(f"/admin/pages/{page}/unpublish/", form_id=None)
        self.approver.post(f"/admin/pages/{page}/unpublish/", form)
        self.items[title]["unpublished"] = True
        self.counts["unpublished"] += 1

    def drive(self):
        until = time.monotonic() + self.minutes * 60
        number = 0
        while time.monotonic() < until:
            number += 1
            try:
                self.create(number)
                live = [t for t, item in self.items.items() if not item["unpublished"] and item["due"] < time.time() - 5]
                if number % 4 == 0 and live:
                    self.edit(live[-1])
                if number % 9 == 0 and len(live) > 2:
                    self.unpublish(live[-2])
            except (RuntimeError, requests.RequestException) as exc:
                self.counts["errors"] += 1
                step(f"editor action failed: {exc}")
            if number % 20 == 0:
                step(f"{number} items, {int((until - time.monotonic()) // 1)} s left")


def stand_in_records(data):
    """What the stand-ins received: (title, channel, place) -> [(created, updated)], from their --store files."""
    received = {}
    portal = json.loads((data / "portal.json").read_text()) if (data / "portal.json").exists() else {"items": []}
    for site, _item_id, item in portal["items"]:
        title = item["payload"]["headlines"][0]["value"]
        received.setdefault((title, "portal", site), []).append((item["created"], bool(item["updated"])))
    facebook = json.loads((data / "facebook.json").read_text()) if (data / "facebook.json").exists() else {"posts": {}}
    for post in facebook["posts"].values():
        match = re.search(r"Soak \d{4}: [^\n]*BHYT", post.get("message") or "")
        if match:
            received.setdefault((match.group(), "facebook", post["page"]), []).append(
                (post["created"], post["edits"] > 0))
    return received


def results(soak, stack):
    received = stand_in_records(stack.data)
    rows = soak.lookup.deliveries(list(soak.items))
    due = {(title, channel, place): due_at for title, channel, place, action, status, due_at in rows
           if action == "publish" and status != "cancelled"}
    updates = {(title, channel, place) for title, channel, place, action, status, _ in rows
               if action == "update" and status != "cancelled"}
    sent = sum(1 for *_, action, status, _ in rows if action == "publish" and status == "sent")
    lost = sorted(key for key in due if key not in received)
    duplicated = {key: len(copies) for key, copies in received.items() if key in due and len(copies) > 1}
    waits = [min(created for created, _ in received[key]) - due_at for key, due_at in due.items() if key in received]
    log = stack.text()
    return {
        "items": soak.counts, "restarts": len(re.findall(r"\[run\] .+ restarted", log)),
        "worker_crashes": len(re.findall(r"\[run\] worker \(pid \d+\) exited", log)) + log.count("Unrecoverable error"),
        "deliveries_due": len(due), "marked_sent": sent, "seen_at_stand_ins": sum(key in received for key in due),
        "lost": len(lost), "duplicated": sum(n - 1 for n in duplicated.values()),
        "updates_due": len(updates), "updates_seen": sum(any(u for _, u in received.get(key, [])) for key in updates),
        "longest_wait_s": round(max(waits), 2) if waits else None,
        "median_wait_s": round(sorted(waits)[len(waits) // 2], 2) if waits else None,
        "lost_examples": lost[:5], "duplicated_examples": list(duplicated)[:5],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", "10")))
    args = parser.parse_args(argv)
    stack = Stack()
    broker = "Redis" if os.environ.get("CELERY_BROKER_URL", "").startswith("redis") else "filesystem broker"
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    step(f"{database} + {broker}, data in {stack.data}; preparing as make run does (migrate, seed_demo, api_index)")
    started = time.monotonic()
    stack.prepare()
    step(f"prepared in {time.monotonic() - started:.0f} s; starting python -m demo.run on {stack.url}")
    stack.start()
    lookup = Lookup(stack.env)
    # The demo content's own deliveries (loudspeaker renders among them) are worked first; the
    # waits measured are those of editors working on a stack that has caught up.
    started = time.monotonic()
    while lookup.backlog() and time.monotonic() - started < 600:
        time.sleep(1)
    step(f"up; seed_demo's deliveries worked in {time.monotonic() - started:.0f} s after that")
    soak = Soak(stack, lookup, args.minutes)
    step(f"driving the admin for {args.minutes:g} min")
    try:
        soak.drive()
        last_due = max((item["due"] for item in soak.items.values()), default=time.time())
        settle_until = max(time.time(), last_due) + SETTLE_SECONDS
        step(f"settling: deliveries get until {SETTLE_SECONDS} s after the last approval or go-live")
        while time.time() < settle_until:
            received = stand_in_records(stack.data)
            titles = {title for (title, _, _) in received}
            if {t for t in soak.items} <= titles and time.time() > last_due + 10:
                break
            time.sleep(2)
    finally:
        stack.stop()
    figures = results(soak, stack)
    for name, value in figures.items():
        step(f"{name:<20} {value}")
    failed = figures["worker_crashes"] or figures["restarts"] or figures["lost"] or figures["duplicated"] \
        or figures["items"]["errors"]
    step("FAILED" if failed else "passed: 0 crashes, 0 restarts, 0 lost, 0 duplicated")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
