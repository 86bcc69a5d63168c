"""VssID feed: what a poll costs when nothing changed (304) against a full fetch of the same feed.

Figures, each against a baseline measured in the same run:
- milliseconds per conditional GET answered 304 (If-None-Match), against a plain GET of the
  same JSON Feed page (VSSID_FEED_SIZE items with full text), then the same for RSS;
- the bytes of one JSON Feed page, against JSON Feed's suggested ceiling of 100 KB.

Entries are written through the feed's own service, as the transmitter writes them; the
requests go through Django's whole stack (test client), not over a socket.
"""

import datetime
import os
import time

REQUESTS = int(os.environ.get("BENCH_VSSID_REQUESTS", "200"))
PARAGRAPH = ("Từ ngày 1/7, người tham gia BHYT hộ gia đình được giảm mức đóng từ thành viên thứ hai; "
             "cơ quan BHXH khuyến cáo người dân cài đặt ứng dụng VssID để tra cứu quá trình tham gia. ")


def _entries(unit, count):
    from channels.vssid.services import entry_write

    start = datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC)
    for number in range(count):
        when = (start + datetime.timedelta(hours=number)).isoformat()
        uri = f"urn:vss:item:00000000-0000-0000-0000-{number:012d}:vi"
        item = {"id": uri, "url": f"https://vssid.baohiemxahoi.gov.vn/news/{number}", "title": f"Tin số {number}",
                "summary": PARAGRAPH[:160], "content_html": "".join(f"<p>{PARAGRAPH}</p>" for _ in range(6)),
                "image": f"https://media.example/images/{number}.fill-1080x608-c100.format-jpeg.jpg",
                "date_published": when, "date_modified": when, "tags": ["Bảo hiểm y tế"], "language": "vi",
                "_vssid": {"deep_link": f"https://vssid.baohiemxahoi.gov.vn/news/{number}", "type": "newspage",
                           "policy_areas": ["bhyt"], "unit": unit.code}}
        entry_write(unit=unit, payload={"language": "vi", "entry": item}, key=f"bench-{number}")


def _per_request(client, url, **headers):
    status = client.get(url, **headers).status_code  # warm: the first request pays for imports
    started = time.perf_counter()
    for _ in range(REQUESTS):
        client.get(url, **headers)
    return (time.perf_counter() - started) / REQUESTS * 1000, status


def run(report):
    from django.conf import settings
    from django.test import Client

    from cms.models import OrgUnit
    from cms.services.languages import languages_load
    from cms.services.org_units import org_units_load, org_units_read

    languages_load()
    org_units_load(data=org_units_read(), only={"15"})
    _entries(OrgUnit.objects.get(code="15"), settings.VSSID_FEED_SIZE + 20)
    client = Client()
    for fmt in ("feed.json", "rss.xml"):
        url = f"/feeds/vssid/15/vi/{fmt}"
        response = client.get(url)
        full, _ = _per_request(client, url)
        cached, status = _per_request(client, url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert status == 304, status
        report(f"{fmt}: conditional GET answered 304 (ms/request)", cached, full, "ms",
               f"baseline: full GET of {settings.VSSID_FEED_SIZE} items")
        if fmt == "feed.json":
            report("feed.json: bytes of one page", len(response.content) / 1024, 100, "KB",
                   "baseline: JSON Feed's suggested 100 KB")
