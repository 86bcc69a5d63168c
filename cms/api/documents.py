"""The public document of one item: what the API returns, built once when the item is published.

The API is one more outlet for approved content, so it reads items the way the
channels do (cms.items): the same sanitised HTML leaves through both.
Things that can change without a publish (rendition URLs, the item's other
language versions) are added when a request is answered (cms.api.selectors).
"""

from cms.items import absolute_url, body_html, item_image, item_url
from cms.models import BroadcastScriptPage, ClipPage, InfographicPage, LeafletPage, NewsPage
from cms.text import fold

TYPE_NAMES = {
    NewsPage: "news",
    InfographicPage: "infographic",
    ClipPage: "clip",
    LeafletPage: "leaflet",
    BroadcastScriptPage: "broadcast_script",
}
TYPE_MODELS = {name: model for model, name in TYPE_NAMES.items()}


def _iso(value):
    return value.isoformat() if value else None


def _file_url(document):
    if document is None:
        return None
    try:
        return absolute_url(document.url)
    except ValueError:
        return None


def _details(page):
    """Fields only one content type has."""
    if isinstance(page, InfographicPage):
        return {"alt_text": page.alt_text, "caption": page.caption, "data_source": page.data_source}
    if isinstance(page, ClipPage):
        return {
            "video_url": page.video_url or _file_url(page.video),
            "duration_seconds": page.duration_seconds,
            "subtitle_languages": sorted(
                track.language.bcp47 for track in page.subtitles.all() if track.language_id
            ),
        }
    if isinstance(page, LeafletPage):
        return {"kind": page.kind, "pdf_url": _file_url(page.pdf), "print_quantity": page.print_quantity}
    if isinstance(page, BroadcastScriptPage):
        return {
            "target_duration_seconds": page.target_duration_seconds,
            "broadcast_from": _iso(page.broadcast_from),
            "broadcast_until": _iso(page.broadcast_until),
        }
    return {}


def _unit(unit):
    if unit is None:
        return None
    province = unit.province
    return {"code": unit.code, "name": unit.full_name, "kind": unit.kind,
            "province": province.code if province else None}


def locale_tag(locale):
    """The BCP 47 tag of a Wagtail locale ("km-Khmr"), or its code when it has no Language row."""
    language = getattr(locale, "language", None)
    return language.bcp47 if language else locale.language_code


def item_document(page) -> dict:
    """Public fields of ``page`` (a specific content page: live, or a draft for preview)."""
    image = item_image(page)
    campaign = page.campaign
    alt = getattr(page, "alt_text", "") or (image.title if image else "")
    return {
        "id": page.pk,
        "type": TYPE_NAMES[type(page)],
        "title": page.title,
        "slug": page.slug,
        "locale": locale_tag(page.locale),
        "translation_key": str(page.translation_key),
        "url": item_url(page),
        "first_published_at": _iso(page.first_published_at),
        "last_published_at": _iso(page.last_published_at),
        "summary": getattr(page, "summary", "") or "",
        "body_html": body_html(page),
        "unit": _unit(page.org_unit),
        "policy_areas": sorted(
            ({"code": area.code, "name": area.name} for area in page.policy_areas.all()), key=lambda a: a["code"]
        ),
        "audience_groups": sorted(
            ({"code": group.code, "name": group.name} for group in page.audience_groups.all()),
            key=lambda g: g["code"],
        ),
        "campaign": {"slug": campaign.slug, "name": campaign.name,
                     "hashtags": campaign.hashtags.split()} if campaign else None,
        "image": {"id": image.pk, "alt": alt, "width": image.width, "height": image.height} if image else None,
        "details": _details(page),
    }


def search_text(document) -> str:
    """Folded words of the searchable fields, between single spaces, padded at both ends.

    Folding (cms.text.fold) drops case and diacritics and maps "đ" to "d", so the
    same LIKE query finds "Bảo hiểm y tế" from "bao hiem y te" on SQLite and
    PostgreSQL alike; padding lets a query word match at the start of a word.
    """
    from django.utils.html import strip_tags

    details = document.get("details") or {}
    parts = [
        document["title"], document["summary"], strip_tags(document["body_html"]),
        details.get("alt_text", ""), details.get("caption", ""),
        " ".join(area["name"] for area in document["policy_areas"]),
        (document["campaign"] or {}).get("name", ""),
    ]
    return f" {' '.join(words(' '.join(part for part in parts if part)))} "


def words(text):
    """Folded words of ``text``: letters and digits only."""
    folded = fold(text)
    return "".join(ch if ch.isalnum() else " " for ch in folded).split()
