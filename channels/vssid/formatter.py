"""An item as a VssID feed entry: a JSON Feed 1.1 item, formatted once when it is approved.

The same dict feeds both formats (feeds.py turns it into RSS 2.0) and is what
the optional push sends. Pure apart from asking media for the mobile rendition,
which is made in the background at approval and only made here if missing.
"""

import datetime
import logging
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from wagtail.images.models import SourceImageIOError

from channels.content import item_fields, item_image, plain_text
from cms.text import truncate
from media.renditions import channel_rendition_url

logger = logging.getLogger(__name__)

PLACEHOLDERS = {"uri": "", "translation_key": "", "language": "", "slug": "", "id": 0}
SUMMARY_CHARS = 300  # graphemes: when an item has no summary, the start of its text stands in


def deep_link_template(config):
    return (config.get("deep_link_template") or "").strip() or settings.VSSID_DEEP_LINK_TEMPLATE


def deep_link(fields, template):
    """The address that opens the item in the VssID app (an https universal link or an app scheme)."""
    return template.format(uri=quote(fields["uri"], safe=""), translation_key=fields["translation_key"],
                           language=quote(fields["language"], safe=""), slug=fields["slug"], id=fields["id"])


def mobile_image(item):
    """The item's picture at phone width (16:9 JPEG), or "" when it has none or its file is unreadable.

    Read once per item object: a central item for every province is formatted once per
    province (each destination's config names its province).
    """
    if "_vss_vssid_image" not in item.__dict__:
        image, url = item_image(item), ""
        if image is not None:
            try:
                url = channel_rendition_url(image, "mobile", "jpeg")
            except (SourceImageIOError, OSError, ValueError) as exc:
                # A broken picture must not keep the news out of the app: the entry goes without it.
                logger.warning("no mobile rendition item=%s image=%s: %s", item.pk, image.pk, type(exc).__name__)
        item.__dict__["_vss_vssid_image"] = url
    return item.__dict__["_vss_vssid_image"]


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
            "entry": to_entry(fields, image=mobile_image(item), link=deep_link(fields, deep_link_template(config)),
                              modified=modified)}
