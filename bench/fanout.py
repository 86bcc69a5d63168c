"""Fan-out: one approved item to 1,000 destinations on a loopback HTTP test double.

Figures, each against a baseline measured in the same run:
- deliveries per second through the pipeline (Celery worker processes, the outbox
  in the database) with 1 and with 2 worker processes, against a plain HTTP
  client loop POSTing the same payload to the same server;
- seconds from go_live_at to the first and to the last delivery, against the 2 s goal;
- the real channel adapters: one item to 200 provincial portals (signed ninjs push to
  the reference receiver) and 200 fanpages (Graph API double), against a plain client
  making the same HTTP calls (requests with the same HMAC signing and form posts).
"""

import datetime
import os
import time

import requests
from django.conf import settings
from django.utils import timezone

N_DESTINATIONS = int(os.environ.get("BENCH_DESTINATIONS", "1000"))
N_CHANNEL_EACH = int(os.environ.get("BENCH_CHANNEL_DESTINATIONS", "200"))
PORTAL_SECRET = "bench-portal-secret"
GO_LIVE_DELAY = 3.0  # seconds between approval and go-live: the publish itself is measured from go-live


def _setup(receiver):
    from cms.models import ChannelKind, OrgUnit
    from cms.services.languages import languages_load
    from cms.services.org_units import org_units_load, org_units_read
    from cms.services.staff import staff_create
    from cms.services.taxonomy import taxonomy_load
    from publishing.models import Destination
    from publishing.services.routing import default_routes_ensure

    languages_load()
    taxonomy_load()
    org_units_load(data=org_units_read(), only={"15"})
    province = OrgUnit.objects.get(code="15")
    editor = staff_create(username="bench_editor", unit=province, role="editor", password="bench-pass-1")
    approver = staff_create(username="bench_approver", unit=province, role="approver", password="bench-pass-1")
    portal = ChannelKind.objects.get(code="portal")
    Destination.objects.bulk_create(
        Destination(name=f"Bench portal {n}", channel="webhook", channel_kind=portal, org_unit=province,
                    config={"url": receiver.url, "timeout": "10"}) for n in range(N_DESTINATIONS))
    route = default_routes_ensure(Destination.objects.filter(org_unit=province).first())
    route.destinations.set(Destination.objects.filter(org_unit=province))
    return province, editor, approver


def _approve_for_later(province, editor, approver, title):
    from cms.models import NewsPage
    from cms.services.content import content_approve, content_create, content_submit

    page = NewsPage(title=title, summary="Một tin gửi tới nghìn điểm nhận.",
                    go_live_at=timezone.now() + datetime.timedelta(seconds=GO_LIVE_DELAY))
    content_create(section=province.section_page.specific, page=page, user=editor)
    page = NewsPage.objects.get(pk=page.pk)
    content_submit(page=page, user=editor)
    content_approve(page=page, user=approver)
    return page, page.go_live_at


def _wait_all_sent(page_id, expected, timeout=600):
    from publishing.models import Delivery

    deadline = time.monotonic() + timeout
    last_print = 0.0
    while time.monotonic() < deadline:
        sent = Delivery.objects.filter(page_id=page_id, status=Delivery.Status.SENT).count()
        if sent >= expected:
            return True
        if time.monotonic() - last_print > 5:
            print(f"      {sent}/{expected} sent", flush=True)
            last_print = time.monotonic()
        time.sleep(0.2)
    return False


def _plain_loop(receiver, payload):
    session = requests.Session()
    start = time.perf_counter()
    for n in range(N_DESTINATIONS):
        response = session.post(receiver.url, json=payload, headers={"Idempotency-Key": f"plain-{n}"}, timeout=10)
        response.raise_for_status()
    return time.perf_counter() - start


def _worker_env():
    from tests.doubles.worker import database_url

    return {"DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"], "DATABASE_URL": database_url(),
            "VSS_DATA_DIR": os.environ["VSS_DATA_DIR"], "CELERY_BROKER_URL": settings.CELERY_BROKER_URL}


def run(report):
    from publishing.models import Delivery
    from channels.webhook.standin import Receiver
    from tests.doubles.worker import Worker

    receiver = Receiver().start()
    try:
        print(f"      setting up {N_DESTINATIONS} destinations ...", flush=True)
        province, editor, approver = _setup(receiver)
        plain = None
        for processes in (1, 2):
            worker = Worker(env=_worker_env(), concurrency=processes).start()
            try:
                page, go_live = _approve_for_later(province, editor, approver, f"Tin thử tải {processes}")
                if plain is None:
                    payload = {"action": "publish", "title": page.title, "summary": page.summary, "html": ""}
                    plain = _plain_loop(receiver, payload)
                ok = _wait_all_sent(page.pk, N_DESTINATIONS)
                if not ok:
                    print(worker.tail())
                    raise RuntimeError("not every delivery was sent")
            finally:
                worker.stop()
            times = Delivery.objects.filter(page=page).values_list("started_at", "finished_at")
            first_sent = min(finished for _, finished in times)
            last_sent = max(finished for _, finished in times)
            first_start = min(started for started, _ in times)
            pipeline = (last_sent - first_start).total_seconds()
            report(f"{N_DESTINATIONS} deliveries, {processes} worker process(es): seconds", pipeline, plain,
                   "s", f"(rate {N_DESTINATIONS / pipeline:.0f}/s vs plain {N_DESTINATIONS / plain:.0f}/s; "
                        f"goal: ratio <= 2.0)")
            report(f"  go-live to first delivery ({processes} proc)", (first_sent - go_live).total_seconds(),
                   2.0, "s", "(baseline: the 2 s goal)")
            report(f"  go-live to last delivery ({processes} proc)", (last_sent - go_live).total_seconds(),
                   plain, "s", "(baseline: the plain loop)")
            assert len(receiver.posts) >= N_DESTINATIONS * processes
        _run_channels(report, province, editor, approver)
    finally:
        receiver.stop()


def _plain_channels(portal, graph, payload):
    """The same calls with a bare HTTP client: one signed POST per portal, one form POST per page."""
    import json

    from channels.signing import signed_headers

    session = requests.Session()
    body = json.dumps(payload, ensure_ascii=False).encode()
    start = time.perf_counter()
    for n in range(N_CHANNEL_EACH):
        path = f"/plain-{n}/items"
        headers = {**signed_headers(PORTAL_SECRET, "POST", path, body), "Idempotency-Key": f"plain-{n}",
                   "Content-Type": "application/json"}
        session.post(portal.url + path, data=body, headers=headers, timeout=10).raise_for_status()
        page = str(200000000000000 + n)
        session.post(f"{graph.url}/v25.0/{page}/feed", headers={"Authorization": f"OAuth token-{page}"},
                     data={"message": payload["headlines"][0]["value"], "link": "https://example.vn/a"},
                     timeout=10).raise_for_status()
    return time.perf_counter() - start


def _run_channels(report, province, editor, approver):
    from channels.facebook.standin import GraphDouble
    from channels.portal.standin import ReceiverServer
    from cms.models import ChannelKind, NewsPage
    from cms.services.content import content_approve, content_create, content_submit
    from publishing.models import Delivery, Destination, Route
    from tests.doubles.worker import Worker

    portal = ReceiverServer(default_secret=PORTAL_SECRET).start()
    graph = GraphDouble().start()
    try:
        print(f"      setting up {N_CHANNEL_EACH} portals and {N_CHANNEL_EACH} fanpages ...", flush=True)
        kinds = {kind.code: kind for kind in ChannelKind.objects.filter(code__in=["portal", "fanpage"])}
        new = []
        for n in range(N_CHANNEL_EACH):
            page_id = str(100000000000000 + n)
            graph.add_page(page_id, f"token-{page_id}")
            graph.add_page(str(200000000000000 + n), f"token-{200000000000000 + n}")
            new.append(Destination(name=f"Bench portal site {n}", channel="portal", channel_kind=kinds["portal"],
                                   org_unit=province, secret=PORTAL_SECRET,
                                   config={"url": f"{portal.url}/site-{n}", "timeout": "10"}))
            new.append(Destination(name=f"Bench fanpage {n}", channel="facebook", channel_kind=kinds["fanpage"],
                                   org_unit=province, secret=f"token-{page_id}",
                                   config={"page_id": page_id, "graph_url": graph.url, "timeout": "10"}))
        Destination.objects.bulk_create(new)
        for route in Route.objects.filter(org_unit=province):
            route.destinations.set(Destination.objects.filter(channel__in=["portal", "facebook"]))
        plain = None
        expected = 2 * N_CHANNEL_EACH
        for processes in (1, 2):
            worker = Worker(env=_worker_env(), concurrency=processes).start()
            try:
                page = NewsPage(title=f"Tin gửi cổng và fanpage {processes}", summary="Một tin tới 400 kênh thật.")
                content_create(section=province.section_page.specific, page=page, user=editor)
                page = NewsPage.objects.get(pk=page.pk)
                content_submit(page=page, user=editor)
                content_approve(page=page, user=approver)
                if plain is None:
                    payload = Delivery.objects.filter(page=page, destination__channel="portal").first().payload
                    plain = _plain_channels(portal, graph, payload)
                if not _wait_all_sent(page.pk, expected):
                    print(worker.tail())
                    raise RuntimeError("not every channel delivery was sent")
            finally:
                worker.stop()
            times = Delivery.objects.filter(page=page).values_list("started_at", "finished_at")
            elapsed = (max(f for _, f in times) - min(s for s, _ in times)).total_seconds()
            report(f"{expected} portal + fanpage deliveries, {processes} proc: seconds", elapsed, plain, "s",
                   f"(rate {expected / elapsed:.0f}/s vs plain client {expected / plain:.0f}/s)")
        assert len(graph.live_posts()) >= expected and all(portal.receiver.live_items(f"site-{n}")
                                                           for n in range(N_CHANNEL_EACH))
    finally:
        portal.stop()
        graph.stop()
