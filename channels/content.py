"""Reading a content item for a channel: neutral fields every formatter starts from.

Rich text leaves the building sanitised (nh3, the maintained binding of the
ammonia sanitiser): only the tags and attributes below survive, links to
internal pages and documents are expanded to real URLs first.
"""

from urllib.parse import urljoin

import nh3
from django.conf import settings
from django.utils.html import strip_tags
from wagtail.rich_text import expand_db_html

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a", "figure", "figcaption"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitise_html(html: str) -> str:
    return nh3.clean(expand_db_html(html or ""), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     link_rel="noopener noreferrer", url_schemes={"http", "https", "mailto", "tel"})


def plain_text(html: str) -> str:
    return " ".join(strip_tags(sanitise_html(html).replace("</p>", "</p>\n")).split())


def absolute_url(path: str) -> str:
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path) if path else ""


def file_url(file_field) -> str:
    try:
        return absolute_url(file_field.url)
    except ValueError:
        return ""


def body_html(item) -> str:
    """The item's main text as sanitised HTML, whatever its type."""
    parts = []
    for name in ("body", "sections"):
        stream = getattr(item, name, None)
        if not stream:
            continue
        for block in stream:
            if block.block_type == "paragraph":
                parts.append(str(block.value.source if hasattr(block.value, "source") else block.value))
            elif block.block_type == "quote":
                parts.append(f"<blockquote>{block.value['text']}</blockquote>")
            elif block.block_type == "section":
                parts.append(f"<h2>{block.value['heading']}</h2>{block.value['body'].source}")
    for name in ("script", "caption", "transcript"):
        value = getattr(item, name, "")
        if value:
            parts.append(value if value.lstrip().startswith("<") else f"<p>{value}</p>")
    return sanitise_html("".join(parts))


def item_fields(item) -> dict:
    """Neutral, JSON-able fields of an item, read from the revision being delivered."""
    image = getattr(item, "image", None) or getattr(item, "hero_image", None) or getattr(item, "cover_image", None) \
        or getattr(item, "poster_image", None)
    language = getattr(item.locale, "language", None)
    campaign = getattr(item, "campaign", None)
    return {
        "id": item.pk,
        "translation_key": str(item.translation_key),
        "type": item._meta.model_name,
        "title": item.title,
        "summary": getattr(item, "summary", "") or "",
        "html": body_html(item),
        "language": language.bcp47 if language else item.locale.language_code,
        "unit": item.org_unit.code if item.org_unit_id else None,
        "policy_areas": sorted(area.code for area in item.policy_areas.all()),
        "hashtags": campaign.hashtags.split() if campaign and campaign.hashtags else [],
        "image": file_url(image.file) if image else "",
        "image_alt": getattr(item, "alt_text", "") or (image.title if image else ""),
        "file": file_url(item.pdf.file) if getattr(item, "pdf", None) else "",
        "video": getattr(item, "video_url", "") or (file_url(item.video.file) if getattr(item, "video", None) else ""),
        "first_published_at": item.first_published_at.isoformat() if item.first_published_at else None,
    }
