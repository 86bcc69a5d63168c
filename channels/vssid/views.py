"""The public feeds at /feeds/vssid/: an index, and each feed in JSON Feed 1.1 and RSS 2.0.

Every answer carries Cache-Control, and each feed an ETag and a Last-Modified
computed from one aggregate query (the newest write to the feed, tombstones
included, and the number of entries), so a conditional request is answered
304 before any entry is read. A wrong address is a 404 whose JSON body says
what is wrong, never a 500.
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from channels.vssid.feeds import RssFeed, json_feed
from channels.vssid.selectors import FeedNotFound, feed_resolve, feed_version, feeds_list, withdrawals_since

FORMATS = {"feed.json": "application/feed+json; charset=utf-8", "rss.xml": "application/rss+xml; charset=utf-8"}
# Part of every ETag: bump it when the way a feed is written changes, so caches fetch it anew.
RENDERING = "vssid-feed-1"
ABOUT = {
    "description": "Approved news of Vietnam Social Security for the VssID app, per province and language.",
    "formats": {"feed.json": "JSON Feed 1.1 (https://jsonfeed.org/version/1.1)", "rss.xml": "RSS 2.0"},
    "_vssid": {
        "item": "deep_link (opens the item in the app), type, translation_key (the same in every language), "
                "policy_areas (codes; their names are the item's tags), unit (owner's code), image_alt, revision",
        "feed": "province, withdrawn: [{id, date_withdrawn}] for recent withdrawals (first page only)",
    },
    "caching": "ETag and Last-Modified on every feed; send If-None-Match or If-Modified-Since for a 304.",
}


def _error(status, message, **extra):
    response = JsonResponse({"message": message, "extra": extra}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=60)
    return response


def _cached(response):
    patch_cache_control(response, public=True, max_age=settings.VSSID_FEED_MAX_AGE)
    return response


@require_safe
def feed_index(request):
    feeds = []
    for feed, count in feeds_list():
        urls = {fmt: request.build_absolute_uri(reverse("vssid:feed", kwargs={
            "province": feed.unit.code, "language": feed.code, "fmt": fmt})) for fmt in FORMATS}
        feeds.append({"province": feed.unit.code, "province_name": feed.unit.full_name, "language": feed.bcp47,
                      "language_name": feed.language.name_vi, "items": count,
                      "json_feed": urls["feed.json"], "rss": urls["rss.xml"]})
    return _cached(JsonResponse({"about": ABOUT, "feeds": feeds}, json_dumps_params={"ensure_ascii": False}))


MAX_PAGE = 10_000


@require_safe
def feed_view(request, province, language, fmt):
    if fmt not in FORMATS:
        return _error(404, f"No feed format {fmt!r}: use feed.json (JSON Feed 1.1) or rss.xml (RSS 2.0).")
    page = 1
    if fmt == "feed.json" and "page" in request.GET:
        try:
            page = int(request.GET["page"])
            if not 1 <= page <= MAX_PAGE:  # a larger OFFSET overflows the database's integer
                raise ValueError
        except ValueError:
            return _error(400, f"page must be a whole number from 1 to {MAX_PAGE}.", page=request.GET["page"][:20])
    try:
        feed = feed_resolve(province, language)
    except FeedNotFound as exc:
        return _error(404, exc.message, province=province[:40], language=language[:40])

    last_modified, count = feed_version(feed)
    feed_url = request.build_absolute_uri(request.path)
    # Everything the body depends on; the day too, as withdrawals older than VSSID_WITHDRAWN_DAYS leave the list.
    fingerprint = json.dumps([RENDERING, fmt, page, feed_url, feed.unit.full_name, feed.language.name_vi,
                              last_modified.isoformat() if last_modified else "", count,
                              withdrawals_since().isoformat(),
                              settings.VSSID_FEED_SIZE, settings.VSSID_HOME_PAGE_URL, settings.VSSID_FEED_ICON,
                              settings.VSSID_EXTENSION_ABOUT, settings.VSSID_FEED_MAX_AGE])
    etag = quote_etag(hashlib.sha256(fingerprint.encode()).hexdigest()[:32])
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        if fmt == "feed.json":
            next_url = f"{feed_url}?page={page + 1}"
            document = json_feed(feed, feed_url=feed_url, page=page, next_url=next_url)
            response = HttpResponse(json.dumps(document, ensure_ascii=False, separators=(",", ":")),
                                    content_type=FORMATS[fmt])
        else:
            response = RssFeed()(request, feed=feed)
            response["Content-Type"] = FORMATS[fmt]
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    elif "Last-Modified" in response:
        del response["Last-Modified"]
    return _cached(response)
