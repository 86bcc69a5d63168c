"""An item as a VssID feed entry: a JSON Feed 1.1 item, formatted once when it is approved.

The same dict feeds both formats (feeds.py turns it into RSS 2.0) and is what
the optional push sends. Pure: the picture is a placeholder for its mobile
rendition (16:9 JPEG), which the worker binds to the rendition's URL before the
transmitter writes the entry (channels.content.bind_renditions).
"""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from channels.content import item_fields, plain_text, rendition_ref
from cms.text import truncate

PLACEHOLDERS = {"uri": "", "translation_key": "", "language": "", "slug": "", "id": 0}
SUMMARY_CHARS = 300  # graphemes: when an item has no summary, the start of its text stands in


def deep_link_template(config):
    return (config.get("deep_link_template") or "").strip() or settings.VSSID_DEEP_LINK_TEMPLATE


def deep_link(fields, template):
    """The address that opens the item in the VssID app (an https universal link or an app scheme)."""
    return template.format(uri=quote(fields["uri"], safe=""), translation_key=fields["translation_key"],
                           language=quote(fields["language"], safe=""), slug=fields["slug"], id=fields["id"])


def to_entry(fields, *, image, link, modified):
    summary = fields["summary"] or truncate(plain_text(fields["html"]), SUMMARY_CHARS)
    entry = {
        "id": fields["uri"],
        "url": link,
        "external_url": fields["url"],
        "title": fields["title"],
        "summary": summary,
        # JSON Feed needs content_html or content_text; an item with no body still has its summary.
        "content_html": fields["html"] or (f"<p>{escape(summary)}</p>" if summary else ""),
        "content_text": "" if fields["html"] or summary else fields["title"],
        "image": image,
        "date_published": _utc(fields["first_published_at"]),
        "date_modified": _utc(modified),
        "tags": [fields["policy_area_names"][code] for code in fields["policy_areas"]],
        "language": fields["language"],
        "_vssid": {
            "about": settings.VSSID_EXTENSION_ABOUT,
            "deep_link": link,
            "type": fields["type"],
            "translation_key": fields["translation_key"],
            "policy_areas": fields["policy_areas"],
            "unit": fields["unit"],
            "image_alt": fields["image_alt"] if image else "",
            "revision": fields["revision"],
        },
    }
    return {key: value for key, value in entry.items() if value not in ("", None)}


def _utc(value):
    """RFC 3339 in UTC, whatever offset the value came with: one form for every date in a feed."""
    return datetime.datetime.fromisoformat(value).astimezone(datetime.UTC).isoformat()


def format_entry(item, *, config):
    fields = item_fields(item)
    # Formatted as the revision goes live, so "now" is its modification date: the revision's own
    # snapshot still carries the previous publication's time (item_fields' published_at).
    modified = max(timezone.now(), datetime.datetime.fromisoformat(fields["published_at"])).isoformat()
    return {"language": fields["language"],
            "entry": to_entry(fields, image=rendition_ref(fields["image_id"], "mobile", "jpeg"),
                              link=deep_link(fields, deep_link_template(config)), modified=modified)}
