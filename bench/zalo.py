"""Zalo OA fan-out: one approved news item to 200 OAs through the real adapter, against a plain client.

The adapter runs in one Celery worker process (the outbox, token lookup, the picture
read from media storage and uploaded, article/create, article/verify polled until
the stand-in's "processing" is over). The baseline is a bare requests loop making
the same calls to the same stand-in (upload, create, verify with the same polling
waits). Printed as deliveries per second, adapter over plain: the goal is >= 0.8.
"""

import os
import time

import requests

N_OAS = int(os.environ.get("BENCH_ZALO_OAS", "200"))
APP_ID, SECRET_KEY = "9900", "bench-zalo-secret"


def _setup(zalo):
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    from cms.models import ChannelKind, NewsPage, OrgUnit
    from cms.services.languages import languages_load
    from cms.services.org_units import org_units_load, org_units_read
    from cms.services.staff import staff_create
    from cms.services.taxonomy import taxonomy_load
    from demo.files import photo_jpeg
    from channels.zalo.tokens import store_pair
    from publishing.models import Destination
    from publishing.services.routing import default_routes_ensure

    languages_load()
    taxonomy_load()
    org_units_load(data=org_units_read(), only={"15"})
    province = OrgUnit.objects.get(code="15")
    editor = staff_create(username="zbench_editor", unit=province, role="editor", password="bench-pass-1")
    approver = staff_create(username="zbench_approver", unit=province, role="approver", password="bench-pass-1")
    kind = ChannelKind.objects.get(code="zalo")
    Destination.objects.bulk_create(
        Destination(name=f"Bench Zalo OA {n}", channel="zalo", channel_kind=kind, org_unit=province,
                    secret=SECRET_KEY, config={"app_id": APP_ID, "oa_id": str(500000 + n), "api_url": zalo.url,
                                               "oauth_url": zalo.url, "timeout": 10}) for n in range(N_OAS))
    for n in range(N_OAS):
        oa = str(500000 + n)
        zalo.add_oa(oa, app_id=APP_ID, secret_key=SECRET_KEY)
        store_pair(app_id=APP_ID, oa_id=oa, answer=zalo.issue(oa), secret_key=SECRET_KEY, oauth_url=zalo.url)
    route = default_routes_ensure(Destination.objects.filter(org_unit=province).first())
    route.destinations.set(Destination.objects.filter(org_unit=province))
    photo = Image.objects.create(title="Ảnh bench", file=ImageFile(ContentFile(photo_jpeg(7)), name="bench.jpg"))
    page = NewsPage(title="Tin gửi 200 OA Zalo", summary="Một tin tới 200 Zalo OA.", hero_image=photo)
    from cms.services.content import content_create

    content_create(section=province.section_page.specific, page=page, user=editor)
    return NewsPage.objects.get(pk=page.pk), editor, approver


def _plain(zalo, cover, payload):
    """The same calls with a bare client: for each OA, upload the cover, create, verify until done."""
    from channels.zalo.transmitter import verify_delays

    session = requests.Session()
    tokens = {oa: next(t for t, info in zalo.access.items() if info["oa"] == oa) for oa in
              (str(500000 + n) for n in range(N_OAS))}
    start = time.perf_counter()
    for oa, token in tokens.items():
        headers = {"access_token": token}
        up = session.post(f"{zalo.url}/v2.0/oa/upload/image", headers=headers, timeout=10,
                          files={"file": ("cover.jpg", cover, "image/jpeg")}).json()
        body = {**payload, "cover": {"cover_type": "photo", "photo_url": up["data"]["url"], "status": "show"}}
        created = session.post(f"{zalo.url}/v2.0/article/create", headers=headers, json=body, timeout=10).json()
        for delay in verify_delays(20):
            done = session.post(f"{zalo.url}/v2.0/article/verify", headers=headers, timeout=10,
                                json={"token": created["data"]["token"]}).json()
            if done["data"].get("id"):
                break
            time.sleep(delay)
    return time.perf_counter() - start


def run(report):
    from bench.fanout import _wait_all_sent, _worker_env
    from channels.zalo.standin import ZaloStandIn
    from channels.zalo.transmitter import rendition_bytes
    from cms.services.content import content_approve, content_submit
    from publishing.models import Delivery
    from tests.doubles.worker import Worker

    zalo = ZaloStandIn(processing=1).start()
    try:
        print(f"      setting up {N_OAS} Zalo OAs ...", flush=True)
        page, editor, approver = _setup(zalo)
        from django.conf import settings

        # The cover is read from media storage in the worker: it must see the bench's files.
        env = {**_worker_env(), "DJANGO_SETTINGS_MODULE": "bench._zalo_settings",
               "BENCH_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
        worker = Worker(env=env, concurrency=1).start()
        try:
            content_submit(page=page, user=editor)
            content_approve(page=page, user=approver)
            if not _wait_all_sent(page.pk, N_OAS, timeout=max(120, N_OAS)):
                print(worker.tail())
                print(list(Delivery.objects.filter(page=page).values_list("status", "last_error")[:5]))
                raise RuntimeError("not every Zalo delivery was sent")
        finally:
            worker.stop()
        times = Delivery.objects.filter(page=page).values_list("started_at", "finished_at")
        adapter = (max(f for _, f in times) - min(s for s, _ in times)).total_seconds()
        delivery = Delivery.objects.filter(page=page).first()
        cover = rendition_bytes(page.hero_image_id, "zalo_cover")
        payload = {k: delivery.payload[k] for k in ("type", "title", "author", "description", "comment")}
        payload |= {"status": "show", "tracking_link": f"{delivery.payload['link']}?vss=0123456789abcdef",
                    "body": [{"type": "text", "content": block["content"]} for block in delivery.payload["body"]]}
        plain = _plain(zalo, cover, payload)
        assert len(zalo.live_articles()) == 2 * N_OAS
        report(f"{N_OAS} Zalo OA articles, 1 worker process: per second", N_OAS / adapter, N_OAS / plain, "/s",
               f"(adapter {adapter:.1f} s, plain client {plain:.1f} s; goal: ratio >= 0.8)")
    finally:
        zalo.stop()
