"""Headless API: /api/items/ against Wagtail's stock /api/v2/pages/, and 304 against full answers.

BENCH_API_ITEMS live items (default 100,000; 90% news, 10% infographics, each with
taxonomy, a body and a hero image whose channel renditions exist) are written by a
bulk path (pages, their type rows, taxonomy links and the API's read model inserted in
batches, tree paths computed here) instead of one treebeard insert per page. Both APIs
are then served by one gunicorn (BENCH_API_WORKERS sync workers) and loaded from a
second process on loopback (wrk if installed, else bench/_load.py's threads), each
scenario for BENCH_API_SECONDS with BENCH_API_CONNECTIONS connections, in BENCH_API_ROUNDS
interleaved rounds (medians reported):

- list page of 20 news items, newest first, with the same fields (summary, unit, policy
  areas, audience groups, campaign, sanitised body, hero image and a social rendition);
- one item's detail;
- the list answered 304 (If-None-Match) against the full list.
"""

import datetime
import io
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import requests

N_ITEMS = int(os.environ.get("BENCH_API_ITEMS", "100000"))
WORKERS = int(os.environ.get("BENCH_API_WORKERS", "2"))
SECONDS = float(os.environ.get("BENCH_API_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_API_CONNECTIONS", "4"))
# Scenarios run in interleaved rounds and each figure is the median over rounds, so that
# load from other processes on a shared machine falls on every scenario alike.
ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "3"))
BATCH = 2000
N_IMAGES = 12
STOCK_FIELDS = ("summary,org_unit,policy_areas,audience_groups,campaign,body_html,hero_image,hero_image_social,"
                "first_published_at,locale")
OUR_FIELDS = ("title,summary,unit,policy_areas,audience_groups,campaign,body_html,image,first_published_at,"
              "last_published_at,url")

PARAGRAPHS = [
    "Từ ngày 1/7, người tham gia bảo hiểm y tế hộ gia đình được giảm mức đóng từ thành viên thứ hai.",
    "Bảo hiểm xã hội tỉnh khuyến nghị người dân cài đặt ứng dụng VssID để tra cứu quá trình tham gia.",
    "Học sinh, sinh viên tham gia BHYT theo năm học được Nhà nước hỗ trợ tối thiểu 30% mức đóng.",
    "Người lao động tự do có thể tham gia BHXH tự nguyện để hưởng lương hưu khi hết tuổi lao động.",
    "Cảnh báo: cơ quan BHXH không gọi điện yêu cầu chuyển tiền hay cung cấp mã OTP.",
]


def _images():
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    from media.renditions import make_channel_renditions

    images = []
    for number in range(N_IMAGES):
        buffer = io.BytesIO()
        PILImage.new("RGB", (1600, 1000), (20 * number % 255, 94, 170)).save(buffer, format="JPEG", quality=80)
        images.append(Image.objects.create(title=f"Ảnh minh hoạ {number}",
                                           file=ImageFile(buffer, name=f"bench-{number}.jpg")))
    make_channel_renditions([image.pk for image in images])
    return images


def _insert_rows(model, objects):
    """INSERT the type table's own columns of ``objects`` (Django's bulk_create refuses
    multi-table inheritance)."""
    from django.db import connection

    fields = [field for field in model._meta.local_concrete_fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [[field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                           f"VALUES ({marks})", rows)


def _seed(count):
    """``count`` live items through the bulk path; returns (a news id, seconds taken)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Locale, Page
    from wagtail.rich_text import RichText

    from cms.api.indexing import published_index_touch, published_item_row
    from cms.models import (AudienceGroup, Campaign, InfographicPage, NewsPage, OrgUnit, PolicyArea, PublishedItem)
    from cms.services.languages import languages_load
    from cms.services.org_units import org_units_load, org_units_read
    from cms.services.taxonomy import taxonomy_load

    started = time.perf_counter()
    languages_load()
    taxonomy_load()
    org_units_load(data=org_units_read(), only={"15", "52"})
    images = _images()
    locale = Locale.get_default()
    areas, groups = list(PolicyArea.objects.all()), list(AudienceGroup.objects.all())
    campaigns = list(Campaign.objects.all())
    provinces = list(OrgUnit.objects.provinces().filter(code__in=["15", "52"]).select_related("section_page"))
    units = {province.pk: [province, *OrgUnit.objects.filter(parent=province).select_related("parent")]
             for province in provinces}
    sections = {province.pk: province.section_page for province in provinces}
    children = {province.pk: sections[province.pk].numchild for province in provinces}
    content_types = {model: ContentType.objects.get_for_model(model) for model in (NewsPage, InfographicPage)}
    rng = random.Random(4)
    epoch = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    first_news = None

    for start in range(0, count, BATCH):
        with transaction.atomic():
            specific, pages = [], []
            for number in range(start, min(start + BATCH, count)):
                province = provinces[number % len(provinces)]
                section = sections[province.pk]
                children[province.pk] += 1
                model = InfographicPage if number % 10 == 9 else NewsPage
                title = f"{rng.choice(['Tin', 'Bài', 'Thông báo'])} số {number}: {rng.choice(PARAGRAPHS)[:60]}"
                slug = f"bench-{number}"
                when = epoch + datetime.timedelta(minutes=number)
                page = Page(
                    title=title, draft_title=title, slug=slug, content_type=content_types[model], locale=locale,
                    path=Page._get_path(section.path, section.depth + 1, children[province.pk]),
                    depth=section.depth + 1, numchild=0, url_path=f"{section.url_path}{slug}/", live=True,
                    has_unpublished_changes=False, first_published_at=when, last_published_at=when,
                    translation_key=uuid.uuid4(),
                )
                pages.append(page)
                fields = {"org_unit": rng.choice(units[province.pk]), "campaign": rng.choice(campaigns + [None]),
                          "for_all_provinces": False}
                image = images[number % len(images)]
                if model is NewsPage:
                    fields.update(summary=rng.choice(PARAGRAPHS), hero_image=image, body=[
                        ("paragraph", RichText("".join(f"<p>{p}</p>" for p in rng.sample(PARAGRAPHS, 3))))])
                else:
                    fields.update(image=image, alt_text="Biểu đồ số người tham gia BHYT",
                                  caption=rng.choice(PARAGRAPHS), data_source="BHXH Việt Nam")
                item = model(**fields)
                item.policy_areas = rng.sample(areas, 2)
                item.audience_groups = rng.sample(groups, 1)
                specific.append((page, item))
            Page.objects.bulk_create(pages)
            rows, area_links, group_links, item_areas, item_groups = [], [], [], [], []
            for page, item in specific:
                # The specific object is the page: copy the base row's values onto it.
                for field in Page._meta.concrete_fields:
                    setattr(item, field.attname, getattr(page, field.attname))
                item.page_ptr_id = page.pk
                item.locale = locale
            for model in (NewsPage, InfographicPage):
                mine = [item for _, item in specific if type(item) is model]
                if not mine:
                    continue
                _insert_rows(model, mine)
                model.policy_areas.through.objects.bulk_create(
                    model.policy_areas.through(**{f"{model._meta.model_name}_id": item.pk, "policyarea_id": area.pk})
                    for item in mine for area in item.policy_areas.all())
                model.audience_groups.through.objects.bulk_create(
                    model.audience_groups.through(**{f"{model._meta.model_name}_id": item.pk,
                                                     "audiencegroup_id": group.pk})
                    for item in mine for group in item.audience_groups.all())
            for _, item in specific:
                row, row_areas, row_groups = published_item_row(item)
                rows.append(row)
                item_areas += [(item.pk, pk) for pk in row_areas]
                item_groups += [(item.pk, pk) for pk in row_groups]
                if first_news is None and isinstance(item, NewsPage):
                    first_news = item.pk
            PublishedItem.objects.bulk_create(rows)
            area_links = [PublishedItem.policy_areas.through(publisheditem_id=a, policyarea_id=b) for a, b in item_areas]
            group_links = [PublishedItem.audience_groups.through(publisheditem_id=a, audiencegroup_id=b)
                           for a, b in item_groups]
            PublishedItem.policy_areas.through.objects.bulk_create(area_links)
            PublishedItem.audience_groups.through.objects.bulk_create(group_links)
        done = min(start + BATCH, count)
        elapsed = time.perf_counter() - started
        print(f"    seeded {done:>7,}/{count:,} items  {elapsed:6.1f}s  ({done / elapsed:,.0f}/s)", flush=True)
    for province in provinces:
        Page.objects.filter(pk=sections[province.pk].pk).update(numchild=children[province.pk])
    published_index_touch()
    _analyse()
    return first_news, time.perf_counter() - started


def _analyse():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _gunicorn():
    from tests.doubles.worker import database_url

    port = _free_port()
    env = dict(os.environ, DATABASE_URL=database_url(), DJANGO_SETTINGS_MODULE="cms.settings.test",
               VSS_API_ANON_RATE="", VSS_API_USER_RATE="", LOG_LEVEL="WARNING")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"],
        env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/api/items/?page_size=1", timeout=60)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _load(url, headers=()):
    command = [sys.executable, "-m", "bench._load", url, "--seconds", str(SECONDS),
               "--connections", str(CONNECTIONS)]
    for header in headers:
        command += ["--header", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    if result["bad"] or result["errors"]:
        print(f"    warning: {result['bad']} bad answers, {result['errors']} errors for {url}", flush=True)
    return result


def _warm(url, headers=None, times=20):
    for _ in range(times):
        answer = requests.get(url, headers=headers or {}, timeout=60)
        assert answer.status_code in (200, 304), (url, answer.status_code, answer.text[:300])
    return answer


def run(report):
    from django.db import connection

    item_id, seeding = _seed(N_ITEMS)
    print(f"    {N_ITEMS:,} items in {connection.vendor} in {seeding:.0f}s; {WORKERS} gunicorn workers, "
          f"{CONNECTIONS} connections, {SECONDS:.0f}s a scenario", flush=True)
    with _gunicorn() as base:
        ours_list = f"{base}/api/items/?type=news&page_size=20&fields={OUR_FIELDS}"
        stock_list = f"{base}/api/v2/pages/?type=cms.NewsPage&order=-first_published_at&limit=20&fields={STOCK_FIELDS}"
        ours_detail = f"{base}/api/items/{item_id}/"
        stock_detail = f"{base}/api/v2/pages/{item_id}/"
        ours = _warm(ours_list)
        stock = _warm(stock_list, times=5)
        assert len(ours.json()["results"]) == 20 and len(stock.json()["items"]) == 20
        assert [i["id"] for i in ours.json()["results"]] == [i["id"] for i in stock.json()["items"]]
        _warm(ours_detail)
        _warm(stock_detail)
        etag = ours.headers["ETag"]
        _warm(ours_list, {"If-None-Match": etag})

        scenarios = (
            ("ours list", ours_list, ()), ("stock list", stock_list, ()),
            ("ours detail", ours_detail, ()), ("stock detail", stock_detail, ()),
            ("ours list 304", ours_list, (f"If-None-Match: {etag}",)),
        )
        rounds = {name: [] for name, _, _ in scenarios}
        for number in range(1, ROUNDS + 1):
            for name, url, headers in scenarios:
                r = _load(url, headers)
                rounds[name].append(r)
                print(f"    round {number} {name:<14} {r['rps']:8.1f} req/s  p50 {r['p50']:7.2f} ms  "
                      f"p99 {r['p99']:7.2f} ms  ({r['tool']})", flush=True)
        results = {name: {key: statistics.median(r[key] for r in runs) for key in ("rps", "p50", "p99")}
                   for name, runs in rounds.items()}

    def pair(label, mine, theirs, goal=""):
        a, b = results[mine], results[theirs]
        report(f"{label}: requests/s", a["rps"], b["rps"], "r/s", goal)
        report(f"{label}: p50 latency", a["p50"], b["p50"], "ms")
        report(f"{label}: p99 latency", a["p99"], b["p99"], "ms")

    pair("list of 20, ours vs Wagtail v2", "ours list", "stock list",
         f"goal: >= 3x; our p99 {results['ours list']['p99']:.1f} ms, goal < 50 ms")
    pair("detail, ours vs Wagtail v2", "ours detail", "stock detail")
    pair("list of 20, 304 vs full answer", "ours list 304", "ours list", "goal: >= 10x")
