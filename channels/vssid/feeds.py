"""The two formats of a feed: JSON Feed 1.1 (built here) and RSS 2.0 (Django's syndication framework).

JSON Feed is a dict written by hand: Django's syndication framework only speaks
XML formats, and the one Python JSON Feed package on PyPI is an unmaintained
1.0-era draft. jsonfeed.schema.json beside this file is the JSON Schema the
tests check every feed against.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed as SyndicationFeed
from django.utils.dateparse import parse_datetime
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import escape

from channels.vssid.selectors import feed_items, feed_withdrawals

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
PUBLISHER = "Bảo hiểm xã hội Việt Nam"
EMPTY_FEED_DATE = datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC)  # the new organisation tree's first day
VSSID_NS = "urn:vss:rss:vssid"  # our RSS extension elements; see README, "VssID feed"


def feed_title(feed):
    return f"VssID · {feed.unit.full_name} · {feed.language.name_vi}"


def feed_description(feed):
    return (f"Tin đã duyệt về chính sách BHXH, BHYT, BHTN của {feed.unit.full_name} "
            f"cho ứng dụng VssID ({feed.language.name_vi}).")


def json_feed(feed, *, feed_url, page=1, next_url=None):
    items, more = feed_items(feed, page=page)
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed_title(feed),
        "home_page_url": settings.VSSID_HOME_PAGE_URL,
        "feed_url": feed_url,
        "description": feed_description(feed),
        "language": feed.bcp47,
        "authors": [{"name": PUBLISHER, "url": settings.VSSID_HOME_PAGE_URL}],
        "items": items,
    }
    if settings.VSSID_FEED_ICON:
        document["icon"] = settings.VSSID_FEED_ICON
    if more and next_url:
        document["next_url"] = next_url
    if page == 1:
        document["_vssid"] = {
            "about": settings.VSSID_EXTENSION_ABOUT,
            "province": feed.unit.code,
            "withdrawn": [{"id": uri, "date_withdrawn": when.astimezone(datetime.UTC).isoformat()}
                          for uri, when in feed_withdrawals(feed)],
        }
    return document


class VssidRss(Rss201rev2Feed):
    """RSS 2.0 with the full text (content:encoded) and the app's deep link (vssid:deepLink)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
                "xmlns:vssid": VSSID_NS}

    def latest_post_date(self):
        # Django answers "now" for an empty feed; a fixed date keeps the body, and so its ETag, stable.
        if not self.items:
            return EMPTY_FEED_DATE
        return super().latest_post_date()

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if item.get("deep_link"):
            handler.addQuickElement("vssid:deepLink", item["deep_link"])


def _http(url):
    return url if str(url).startswith(("http://", "https://")) else ""


class RssFeed(SyndicationFeed):
    """The RSS 2.0 view; the feed is resolved by the caller and passed as ``feed``."""

    feed_type = VssidRss

    def get_object(self, request, feed):
        return feed

    def get_feed(self, obj, request):
        generator = super().get_feed(obj, request)
        generator.feed["language"] = obj.bcp47
        return generator

    def title(self, obj):
        return feed_title(obj)

    def description(self, obj):
        return feed_description(obj)

    def link(self, obj):
        return settings.VSSID_HOME_PAGE_URL

    def feed_copyright(self, obj):
        return PUBLISHER

    def ttl(self, obj):
        return max(1, settings.VSSID_FEED_MAX_AGE // 60)

    def items(self, obj):
        return feed_items(obj)[0]

    def item_title(self, item):
        return item.get("title", "")

    def item_description(self, item):
        # RSS readers render <description> as HTML; the summary is plain text, so it is
        # escaped here and once more by the XML writer (the reader undoes only the latter).
        return escape(item.get("summary", ""))

    def item_link(self, item):
        # RSS readers need a web address here; an app-scheme deep link travels in vssid:deepLink.
        return _http(item.get("url")) or _http(item.get("external_url")) or settings.VSSID_HOME_PAGE_URL

    def item_guid(self, item):
        return item["id"]

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return parse_datetime(item["date_published"])

    def item_updateddate(self, item):
        return parse_datetime(item.get("date_modified") or item["date_published"])

    def item_categories(self, item):
        return item.get("tags", [])

    def item_enclosures(self, item):
        # The rendition's size is not known here; 0 is what the RSS Advisory Board asks for then.
        return [Enclosure(item["image"], "0", "image/jpeg")] if item.get("image") else []

    def item_extra_kwargs(self, item):
        return {"content_html": item.get("content_html", ""), "deep_link": item.get("url", "")}
