"""Channel renditions: every size and format each channel needs, made before the item goes out.

The public interface for channel code:

- ``CHANNEL_SIZES``: size name -> Wagtail filter spec;
- ``channel_rendition_url(image, size, fmt="jpeg")``: the absolute URL of a ready rendition;
- ``make_channel_renditions(image_ids)``: make every missing rendition of those images
  (what the Celery task ``media.tasks.make_renditions`` runs when an item is approved);
- ``queue_channel_renditions(image_ids)``: queue that task when the current transaction commits.

Each size is made in AVIF and WebP, with JPEG as the fallback every client reads.
"""

import logging

from django.db import transaction
from PIL import Image as PILImage
from wagtail.images.models import Filter, SourceImageIOError

from media.rendering import render_missing
from media.storage import absolute_url

logger = logging.getLogger(__name__)

# "fill-…-c100" crops to the exact size, keeping the focal point the editor set
# (c100: crop as close to it as the size allows); "max-…" keeps the whole picture.
CHANNEL_SIZES = {
    "facebook": "fill-1200x630-c100",  # Facebook's link and photo preview, 1.91:1
    "mobile": "fill-1080x608-c100",  # VssID app news feed card, 16:9 at phone width
    "portal": "max-1600x1600",  # the portal's article page, whole picture
    "portal_thumb": "fill-480x320-c100",  # the portal's lists and related items
}
FORMATS = ("avif", "webp", "jpeg")


def rendition_spec(size, fmt="jpeg"):
    """The Wagtail filter spec of ``size`` in ``fmt``; ValueError naming what is allowed."""
    if size not in CHANNEL_SIZES:
        raise ValueError(f"unknown rendition size {size!r}; choose one of {', '.join(CHANNEL_SIZES)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown rendition format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return f"{CHANNEL_SIZES[size]}|format-{fmt}"


def channel_specs():
    return [rendition_spec(size, fmt) for size in CHANNEL_SIZES for fmt in FORMATS]


def channel_rendition_url(image, size: str, fmt: str = "jpeg") -> str:
    """Absolute URL of ``image``'s rendition for ``size`` in ``fmt``.

    Normally made in the background when the item was approved; made here, at
    once, only when that has not happened yet (the task is queued, or the broker
    was down).
    """
    return rendition_urls(image, [(size, fmt)])[(size, fmt)]


def rendition_urls(image, wanted) -> dict:
    """{(size, fmt): absolute URL} for each of ``wanted``; the missing ones made together, from one decode."""
    specs = {(size, fmt): rendition_spec(size, fmt) for size, fmt in wanted}
    found = image.find_existing_renditions(*[Filter(spec=spec) for spec in specs.values()])
    by_spec = {filter_.spec: rendition for filter_, rendition in found.items()}
    missing = [spec for spec in specs.values() if spec not in by_spec]
    if missing:
        logger.info("renditions made on demand image=%s specs=%s", image.pk, len(missing))
        by_spec.update(render_missing(image, missing))
    return {key: absolute_url(by_spec[spec].url) for key, spec in specs.items()}


def make_channel_renditions(image_ids):
    """Make every channel rendition the images lack; returns {image id: number of renditions in place}.

    Safe to run twice or concurrently: existing renditions are kept and a clash
    with another worker keeps one row. An image whose file is missing or
    unreadable is logged and skipped; the others are still made.
    """
    from wagtail.images import get_image_model

    specs = channel_specs()
    done = {}
    for image in get_image_model().objects.filter(pk__in=list(image_ids)).order_by("pk"):
        if image.is_svg():
            logger.warning("renditions skipped image=%s: SVG", image.pk)
            continue
        try:
            done[image.pk] = len(render_missing(image, specs))
        except (SourceImageIOError, OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as exc:
            logger.warning("renditions failed image=%s: %s: %s", image.pk, type(exc).__name__, exc)
    return done


def queue_channel_renditions(image_ids):
    """Queue ``media.tasks.make_renditions`` once the current transaction has committed.

    A broker that is down loses nothing that matters: ``channel_rendition_url``
    makes a missing rendition when a channel first asks for it.
    """
    ids = sorted({int(pk) for pk in image_ids if pk})
    if not ids:
        return

    def send():
        from media.tasks import make_renditions

        try:
            make_renditions.apply_async((ids,), retry=False)
        except Exception as exc:  # kombu raises many connection errors; the on-demand path covers it
            logger.warning("could not queue renditions images=%s: %s", ids, type(exc).__name__)

    transaction.on_commit(send)
