"""An item's public reading, shared by the headless API and every channel.

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


def item_image(item):
    """The picture that stands for the item on a channel: hero, infographic, cover or poster."""
    for name in ("image", "hero_image", "cover_image", "poster_image"):
        image = getattr(item, name, None)
        if image is not None:
            return image
    return None


def item_url(item) -> str:
    """The item's public address on this site (the headless front end's, in production)."""
    try:
        return absolute_url(item.url or "")
    except Exception:  # a page outside any site has no URL; channels fall back to other links
        return ""
