"""Channel renditions: every size and format each channel needs, made before the item goes out.

The public interface for channel code:

- ``channel_sizes()``: size name -> RenditionSize, as the installed channels declared them;
- ``channel_rendition_url(image, size, fmt="jpeg")``: the absolute URL of a ready rendition;
- ``make_channel_renditions(image_ids)``: make every missing rendition of those images
  (what the Celery task ``media.tasks.make_renditions`` runs when an item is approved);
- ``queue_channel_renditions(image_ids)``: queue that task when the current transaction commits.

Each size is made in the formats its channel asked for (AVIF, WebP, and JPEG as the
fallback every client reads, unless it says otherwise).
"""

import logging

from celery import current_app
from django.db import transaction
from PIL import Image as PILImage
from wagtail.images.models import Filter, SourceImageIOError

from media.rendering import render_missing
from media.sizes import FORMATS, get_sizes  # noqa: F401  (FORMATS: every format a size may ask for)
from media.storage import absolute_url

# Sent by name: the task imports this module, never the other way round.
MAKE_RENDITIONS = "media.tasks.make_renditions"

logger = logging.getLogger(__name__)


def channel_sizes():
    """{size name: RenditionSize} for every size the installed channels declared (media/sizes.py)."""
    return get_sizes().all()


def rendition_spec(size, fmt="jpeg"):
    """The Wagtail filter spec of ``size`` in ``fmt``; ValueError naming what is allowed."""
    sizes = channel_sizes()
    if size not in sizes:
        raise ValueError(f"unknown rendition size {size!r}; choose one of {', '.join(sizes)}")
    if fmt not in sizes[size].formats:
        raise ValueError(f"unknown rendition format {fmt!r}; choose one of {', '.join(sizes[size].formats)}")
    return f"{sizes[size].spec}|format-{fmt}"


def channel_size_formats():
    """[(size name, format)] of every rendition the pipeline makes, in a stable order."""
    return [(name, fmt) for name, size in channel_sizes().items() for fmt in size.formats]


def channel_specs_by_size():
    """{filter spec: (size name, format)} of every rendition the pipeline makes."""
    return {f"{size.spec}|format-{fmt}": (name, fmt) for name, size in channel_sizes().items() for fmt in size.formats}


def channel_specs():
    return list(channel_specs_by_size())


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
        try:
            current_app.signature(MAKE_RENDITIONS).apply_async((ids,), retry=False)
        except Exception as exc:  # kombu raises many connection errors; the on-demand path covers it
            logger.warning("could not queue renditions images=%s: %s", ids, type(exc).__name__)

    transaction.on_commit(send)
