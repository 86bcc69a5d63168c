"""Many renditions of one image from a single decode.

Wagtail's own path (``Image.get_rendition``) reads and decodes the original for
every rendition: twelve channel renditions of a 3000 x 2000 photo decode it twelve
times. Here the original is read once, decoded once (at half size or less when the
JPEG decoder can give that and it is still large enough for every size wanted),
each size is cut from that one picture once, and the formats of every size are
encoded in a few threads.

The renditions are stock Wagtail ``Rendition`` rows, with the same filter spec,
focal point key and file naming Wagtail uses, so ``image.get_rendition(spec)``,
templates and the API find them as if Wagtail had made them. Crop rectangles come
from Wagtail's own ``Filter.get_transform``, so focal points are honoured exactly
as Wagtail honours them.
"""

import io
import logging
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from PIL import Image as PILImage
from PIL import ImageOps
from wagtail.images.image_operations import FillOperation, FormatOperation
from wagtail.images.models import IMAGE_FORMAT_EXTENSIONS, Filter

logger = logging.getLogger(__name__)

PIL_FORMATS = {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF", "png": "PNG"}
ROTATING_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that swap width and height
# libavif needs some 45 MB for a 1600-pixel picture: one AVIF encode at a time per process
# keeps a worker's peak memory down while the other thread encodes WebP and JPEG.
AVIF_AT_ONCE = threading.BoundedSemaphore(1)


def _plan(image, filters, oriented_size):
    """(filter, crop box (left, top, right, bottom) in original pixels, output size, output format) for
    each filter we can make.

    Filters with operations other than resizing and a format are left to Wagtail.
    """
    planned, others = [], []
    for filter_ in filters:
        formats = [op for op in filter_.filter_operations if isinstance(op, FormatOperation)]
        if len(formats) != len(filter_.filter_operations) or not formats or formats[0].format not in PIL_FORMATS \
                or formats[0].options:
            others.append(filter_)
            continue
        transform = filter_.get_transform(image, oriented_size)
        rect = transform.get_rect().round()
        planned.append((filter_, (rect.left, rect.top, rect.right, rect.bottom), _exact_size(filter_, transform.size),
                        formats[0].format))
    return planned, others


def _exact_size(filter_, size):
    """The size a ``fill`` asks for when Wagtail's rounding gives a pixel more or less.

    Wagtail crops to a rounded rectangle and skips the resize when the crop is
    already at the target scale, so 1200x630 can come out 1200x631; a channel
    that wants exactly 1200x630 gets exactly that.
    """
    fills = [op for op in filter_.transform_operations if isinstance(op, FillOperation)]
    if fills:
        wanted = (fills[-1].width, fills[-1].height)
        if abs(size[0] - wanted[0]) <= 1 and abs(size[1] - wanted[1]) <= 1:
            return wanted
    return size


def _decode(content, planned):
    """The original decoded once, oriented, at the smallest scale that still serves every planned size."""
    picture = PILImage.open(io.BytesIO(content))
    orientation = picture.getexif().get(0x0112, 1)
    if picture.format == "JPEG" and planned:
        needed = max(min(1.0, size[0] / max(1, box[2] - box[0]), size[1] / max(1, box[3] - box[1]))
                     for _, box, size, _ in planned)
        wanted = (math.ceil(picture.width * needed), math.ceil(picture.height * needed))
        # Only when the decoder can halve the size at least: Pillow's draft mode also switches
        # libjpeg to its fast, less exact transform, which is worth it only for that gain.
        if picture.width // wanted[0] >= 2 and picture.height // wanted[1] >= 2:
            picture.draft("RGB" if picture.mode != "CMYK" else "CMYK", wanted)
    picture.load()
    if orientation in range(2, 9):  # 1 is upright; 2-8 mirror and/or turn
        picture = ImageOps.exif_transpose(picture)
    if picture.mode in ("P", "1", "LA", "L", "CMYK", "I;16", "I", "F", "PA"):
        has_alpha = picture.mode in ("LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
        picture = picture.convert("RGBA" if has_alpha else "RGB")
    return picture


def _resize(picture, box, size, scale):
    """The part ``box`` (in original pixels) of the decoded ``picture``, at ``size``."""
    left, top, right, bottom = (edge * scale for edge in box)
    if (right - left, bottom - top) == size and (left, top) == (0, 0):
        return picture
    return picture.resize(size, PILImage.Resampling.LANCZOS, box=(left, top, right, bottom), reducing_gap=3.0)


def _encode(resized, fmt, icc_profile):
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if fmt == "jpeg":
        if resized.mode == "RGBA":  # as Wagtail does: transparent areas on white
            background = PILImage.new("RGB", resized.size, (255, 255, 255))
            background.paste(resized, mask=resized.getchannel("A"))
            resized = background
        options.update(quality=getattr(settings, "WAGTAILIMAGES_JPEG_QUALITY", 76), optimize=True, progressive=True)
    elif fmt == "webp":
        options.update(quality=getattr(settings, "WAGTAILIMAGES_WEBP_QUALITY", 80),
                       method=settings.VSS_WEBP_METHOD)
    elif fmt == "avif":
        options.update(quality=getattr(settings, "WAGTAILIMAGES_AVIF_QUALITY", 61), speed=settings.VSS_AVIF_SPEED)
    elif fmt == "png":
        options.update(optimize=True)
    out = io.BytesIO()
    if fmt == "avif":
        with AVIF_AT_ONCE:
            resized.save(out, format=PIL_FORMATS[fmt], **options)
    else:
        resized.save(out, format=PIL_FORMATS[fmt], **options)
    return out.getvalue()


def _interleaved(planned):
    """AVIF encodes (slow, and one at a time) alternating with the others, so both threads keep busy."""
    avif = [plan for plan in planned if plan[3] == "avif"]
    rest = [plan for plan in planned if plan[3] != "avif"]
    rest.sort(key=lambda plan: plan[3] != "webp")  # WebP, the slower of the rest, first
    order = []
    for index in range(max(len(avif), len(rest))):
        order.extend(avif[index:index + 1] + rest[index:index + 1])
    return order


def rendition_file_name(image, filter_, fmt):
    """The name Wagtail would give this rendition's file (``generate_rendition_file``)."""
    base = os.path.splitext(os.path.basename(image.file.name))[0]
    suffix = filter_.spec.replace("|", ".") + IMAGE_FORMAT_EXTENSIONS[fmt]
    cache_key = filter_.get_cache_key(image)
    if cache_key:
        suffix = f"{cache_key}.{suffix}"
    return f"{base[:59 - len(suffix)]}.{suffix}"


def _save(image, made):
    """Insert the new renditions; a twin made meanwhile by another worker wins, and our file is removed."""
    Rendition = image.get_rendition_model()
    if not made:
        return {}
    clash = Q()
    for rendition in made:
        clash |= Q(filter_spec=rendition.filter_spec, focal_point_key=rendition.focal_point_key)
    taken = {(r.filter_spec, r.focal_point_key) for r in image.renditions.filter(clash)}
    fresh = [r for r in made if (r.filter_spec, r.focal_point_key) not in taken]
    Rendition.objects.bulk_create(fresh, ignore_conflicts=True)
    stored = {(r.filter_spec, r.focal_point_key): r for r in image.renditions.filter(clash)}
    for rendition in fresh:
        winner = stored.get((rendition.filter_spec, rendition.focal_point_key))
        if winner is not None and winner.file.name != rendition.file.name:
            rendition.file.storage.delete(rendition.file.name)
    return stored


def render_missing(image, specs):
    """Make those of ``specs`` that ``image`` lacks; returns {spec: Rendition} for all of them."""
    filters = [Filter(spec=spec) for spec in dict.fromkeys(specs)]
    found = image.find_existing_renditions(*filters)
    missing = [f for f in filters if f not in found]
    result = {f.spec: r for f, r in found.items()}
    if not missing:
        return result
    with image.open_file() as handle:
        content = handle.read()
    probe = PILImage.open(io.BytesIO(content))
    width, height = probe.size
    if probe.getexif().get(0x0112, 1) in ROTATING_ORIENTATIONS:
        width, height = height, width
    planned, others = _plan(image, missing, (width, height))
    picture = _decode(content, planned)
    scale = picture.width / width
    icc_profile = picture.info.get("icc_profile")
    del content, probe

    # Each size is cut once and then encoded in every format; the work is spread over
    # a few threads, as Pillow releases the GIL while it resizes and encodes.
    crops = list(dict.fromkeys((box, size) for _, box, size, _ in planned))

    def cut(crop):
        return crop, _resize(picture, crop[0], crop[1], scale)

    resized = {}  # (box, size) -> the cut image, filled by the pool below before any encode

    def make(plan):
        filter_, box, size, fmt = plan
        # A copy per encode: Pillow keeps a save's options on the image object itself, so two
        # threads saving one image at once would mix their settings (JPEG at AVIF's quality).
        data = _encode(resized[(box, size)].copy(), fmt, icc_profile)
        return image.get_rendition_model()(
            image=image, filter_spec=filter_.spec, focal_point_key=filter_.get_cache_key(image),
            file=ContentFile(data, name=rendition_file_name(image, filter_, fmt)))

    threads = max(1, settings.VSS_RENDITION_THREADS)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        resized.update(pool.map(cut, crops))
        picture = None  # the decoded original (18 MB for 3000 x 2000) is not needed for encoding
        made = list(pool.map(make, _interleaved(planned)))
    resized.clear()
    stored = _save(image, made)
    result.update({spec: rendition for (spec, _key), rendition in stored.items()})
    for filter_ in others:
        result[filter_.spec] = image.get_rendition(filter_)
    logger.debug("renditions image=%s made=%s", image.pk, len(made))
    return result
