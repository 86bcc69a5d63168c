"""Reading a content item for a channel: neutral fields every formatter starts from.

The item's sanitised body, main picture and public address come from cms.items,
which the headless API shares; this module adds what only channels need.
"""

import re

from django.utils import timezone

from cms.items import absolute_url, body_html, item_image, item_url, plain_text, sanitise_html  # noqa: F401

RENDITION_REF = "vss-rendition:"
_REF = re.compile(r"^vss-rendition:\d+/[a-z_]+/[a-z]+$")  # anything else that starts so is left as text


def file_url(file_field) -> str:
    try:
        return absolute_url(file_field.url)
    except ValueError:
        return ""


def rendition_ref(image_id, size: str, fmt: str = "jpeg") -> str:
    """A placeholder for the URL of an image's channel rendition, bound when the delivery is sent.

    Payloads are formatted inside the publish transaction, before the rendition task
    has run; making renditions there would hold the approval (and the database) for
    a second a photo. The placeholder is stored in the payload instead and
    ``bind_renditions`` puts the rendition's URL in its place in the worker, making
    the rendition there if the task has not yet.
    """
    from media.renditions import rendition_spec

    rendition_spec(size, fmt)  # ValueError for a size or format the pipeline does not make
    return f"{RENDITION_REF}{int(image_id)}/{size}/{fmt}" if image_id else ""


def bind_renditions(payload):
    """``payload`` with every rendition placeholder replaced by the rendition's absolute URL.

    The renditions of one image are looked up (and any missing made, from one
    decode) together. Raises PermanentError when the image was deleted and
    RetryableError when its file cannot be read right now.
    """
    refs = set()
    _walk(payload, lambda text: refs.add(text) if _REF.match(text) else None)
    if not refs:
        return payload
    urls = _rendition_urls(refs)
    return _walk(payload, lambda text: urls.get(text, text))


def _walk(value, visit):
    if isinstance(value, str):
        return visit(value)
    if isinstance(value, dict):
        return {key: _walk(item, visit) for key, item in value.items()}
    if isinstance(value, list):
        return [_walk(item, visit) for item in value]
    return value


def _rendition_urls(refs):
    from PIL import Image as PILImage
    from wagtail.images import get_image_model
    from wagtail.images.models import SourceImageIOError

    from channels.exceptions import PermanentError, RetryableError
    from media.renditions import rendition_urls

    wanted = {}
    for ref in refs:
        image_id, size, fmt = ref.removeprefix(RENDITION_REF).split("/")
        wanted.setdefault(int(image_id), []).append((ref, size, fmt))
    images = get_image_model().objects.in_bulk(list(wanted))
    urls = {}
    for image_id, items in wanted.items():
        image = images.get(image_id)
        if image is None:
            raise PermanentError(f"image {image_id} was deleted after the item was approved")
        try:
            found = rendition_urls(image, [(size, fmt) for _, size, fmt in items])
        except (SourceImageIOError, OSError, PILImage.DecompressionBombError) as exc:
            raise RetryableError(f"image {image_id} could not be read: {type(exc).__name__}",
                                 whole_destination=False) from exc
        urls.update({ref: found[(size, fmt)] for ref, size, fmt in items})
    return urls


def storage_name(file_field) -> str:
    """The file's name in our media storage (local folder or S3), for channels that upload bytes."""
    return getattr(file_field, "name", "") or ""


def file_size(file_field) -> int | None:
    try:
        return file_field.size
    except (OSError, ValueError):
        return None


def item_fields(item) -> dict:
    """Neutral, JSON-able fields of an item, read from the revision being delivered.

    Read once per item object: the outbox formats one item for every channel (and,
    for a channel whose payload depends on the destination, for every destination),
    and each would otherwise query the item's taxonomy again.
    """
    fields = item.__dict__.get("_vss_channel_fields")
    if fields is None:
        fields = item.__dict__["_vss_channel_fields"] = _read_fields(item)
    return fields


def _read_fields(item) -> dict:
    image = item_image(item)
    language = getattr(item.locale, "language", None)
    campaign = getattr(item, "campaign", None)
    pdf = getattr(item, "pdf", None)
    video = getattr(item, "video", None)
    # A revision's snapshot predates its own publication: formatted at publish time, "now" is when it went live.
    when = getattr(item, "last_published_at", None) or getattr(item, "first_published_at", None) or timezone.now()
    return {
        "id": item.pk,
        "revision": getattr(item, "live_revision_id", None) or getattr(item, "latest_revision_id", None),
        "translation_key": str(item.translation_key),
        # One name for the item in one language, the same in every version and on every channel.
        "uri": f"urn:vss:item:{item.translation_key}:{language.bcp47 if language else item.locale.language_code}",
        "type": item._meta.model_name,
        "title": item.title,
        "slug": item.slug,
        "url": item_url(item),
        "summary": getattr(item, "summary", "") or "",
        "html": body_html(item),
        "language": language.bcp47 if language else item.locale.language_code,
        "unit": item.org_unit.code if item.org_unit_id else None,
        "unit_name": item.org_unit.name if item.org_unit_id else None,
        "policy_areas": sorted(area.code for area in item.policy_areas.all()),
        "policy_area_names": {area.code: area.name for area in item.policy_areas.all()},
        "audience_groups": {group.code: group.name for group in item.audience_groups.all()},
        "campaign": {"slug": campaign.slug, "name": campaign.name} if campaign else None,
        "hashtags": campaign.hashtags.split() if campaign and campaign.hashtags else [],
        "image": file_url(image.file) if image else "",
        "image_id": image.pk if image else None,
        "image_alt": getattr(item, "alt_text", "") or (image.title if image else ""),
        "file": file_url(pdf.file) if pdf else "",
        "video": getattr(item, "video_url", "") or (file_url(video.file) if video else ""),
        "video_size": file_size(video.file) if video else None,
        "video_name": storage_name(video.file) if video else "",
        "first_published_at": (item.first_published_at or when).isoformat(),
        "published_at": when.isoformat(),
    }
