"""Renditions: the full channel set (4 sizes x AVIF, WebP, JPEG) for 200 photos, against Wagtail's on-request path.

Figures, each against a baseline measured in the same run:
- seconds for the whole set of 200 photos with this project's pipeline
  (``media.renditions.make_channel_renditions``: each original decoded once,
  every size cut from it, encodes in two threads, libavif at speed VSS_AVIF_SPEED),
  against Wagtail's stock path, ``image.get_rendition(spec)`` once per spec as
  ``{% image %}`` calls it on a page request (each call decodes the original).
  The stock path takes about three seconds a photo here, so it is timed on a
  sample of the photos (BENCH_RENDITION_SAMPLE, default 16) and scaled to 200;
- the same pipeline with Wagtail's encoder settings in one thread, on that sample:
  what decoding once gives by itself;
- the bytes of the renditions each way, per format, on the same photos (a faster AVIF
  setting makes those files larger);
- peak memory (VmHWM) of each arm's process, against the 300 MB goal.

Every arm runs in a fresh process, so imports and caches are not shared and its
peak memory is its own.
"""

import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

N_PHOTOS = int(os.environ.get("BENCH_PHOTOS", "200"))
SAMPLE = int(os.environ.get("BENCH_RENDITION_SAMPLE", "16"))
SIZE = (3000, 2000)
PEAK_GOAL_MB = 300


def _base_pictures(count=6):
    """A few photo-like pictures: sky-to-ground gradients, shapes, and sensor noise."""
    from PIL import Image, ImageDraw, ImageFilter

    from demo.files import PALETTE

    rng = random.Random(7)
    noise = Image.effect_noise(SIZE, 18).convert("RGB")
    pictures = []
    for index in range(count):
        top, bottom = PALETTE[index % len(PALETTE)], PALETTE[(index + 2) % len(PALETTE)]
        gradient = Image.linear_gradient("L").resize(SIZE)
        picture = Image.composite(Image.new("RGB", SIZE, bottom), Image.new("RGB", SIZE, top), gradient)
        draw = ImageDraw.Draw(picture)
        for _ in range(40):
            x, y = rng.randrange(SIZE[0]), rng.randrange(SIZE[1])
            radius = rng.randrange(40, 400)
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=rng.choice(PALETTE))
        picture = picture.filter(ImageFilter.GaussianBlur(3))
        pictures.append(Image.blend(picture, noise, 0.25))
    return pictures


def _photos(count):
    """``count`` distinct 3000 x 2000 JPEGs with camera EXIF, as bytes."""
    from PIL import Image, ImageChops

    bases, rng = _base_pictures(), random.Random(11)
    for number in range(count):
        picture = ImageChops.offset(bases[number % len(bases)], rng.randrange(SIZE[0]), rng.randrange(SIZE[1]))
        exif = Image.Exif()
        exif[0x010F], exif[0x0110], exif[0x0132] = "Canon", "EOS 90D", f"2026:05:{1 + number % 28:02d} 09:30:00"
        out = io.BytesIO()
        picture.save(out, format="JPEG", quality=90, exif=exif)
        yield out.getvalue()


def _setup():
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    ids = []
    for number, data in enumerate(_photos(N_PHOTOS)):
        fields = {}
        if number % 3 == 0:  # a third of the photos have a focal point set by the editor
            fields = {"focal_point_x": 2200, "focal_point_y": 700, "focal_point_width": 500, "focal_point_height": 600}
        image = Image.objects.create(title=f"Ảnh thử {number}", file=ImageFile(io.BytesIO(data), name=f"p{number}.jpg"),
                                     **fields)
        ids.append(image.pk)
    return ids


def _clear_renditions():
    from django.conf import settings
    from wagtail.images.models import Rendition

    Rendition.objects.all().delete()
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "images", ignore_errors=True)
    Rendition.cache_backend.clear()


def _bytes(ids):
    """Bytes of the renditions of these images, by format."""
    from wagtail.images.models import Rendition

    totals = {"avif": 0, "webp": 0, "jpeg": 0}
    for rendition in Rendition.objects.filter(image_id__in=ids):
        totals[rendition.filter_spec.rsplit("format-", 1)[1]] += rendition.file.size
    return totals


def _run_arm(arm, ids, extra_env=None):
    from django.conf import settings

    env = {**os.environ, "BENCH_MEDIA_ROOT": str(settings.MEDIA_ROOT), **(extra_env or {})}
    completed = subprocess.run([sys.executable, "-m", "bench.renditions", arm, ",".join(map(str, ids))],
                               env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"arm {arm} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run(report):
    from django.conf import settings

    from media.renditions import channel_specs

    started = time.perf_counter()
    ids = _setup()
    print(f"      {len(ids)} photos of {SIZE[0]} x {SIZE[1]} stored in {time.perf_counter() - started:.0f}s; "
          f"{len(channel_specs())} renditions each", flush=True)
    sample = ids[:SAMPLE]

    stock = _run_arm("wagtail", sample)
    stock_bytes = _bytes(sample)
    _clear_renditions()
    plain = _run_arm("pipeline", sample, {"VSS_AVIF_SPEED": "6", "VSS_RENDITION_THREADS": "1"})
    _clear_renditions()
    pipeline = _run_arm("pipeline", ids)
    assert pipeline["renditions"] == len(ids) * len(channel_specs()), pipeline
    pipeline_bytes = _bytes(sample)

    per_photo_stock = stock["seconds"] / len(sample)
    stock_for_all = per_photo_stock * len(ids)
    report(f"{len(ids)} photos, full channel set: pipeline vs Wagtail per-spec (s)", pipeline["seconds"],
           stock_for_all, "s", f"(Wagtail timed on {len(sample)} photos, {per_photo_stock:.2f} s each; "
                               f"goal: ratio <= 0.50, i.e. 2x faster)")
    report(f"  decode once only (Wagtail's encoder settings, 1 thread), {len(sample)} photos (s)",
           plain["seconds"], stock["seconds"], "s", "(same sample, same encoders as Wagtail)")
    for fmt in ("avif", "webp", "jpeg"):
        report(f"  {fmt.upper()} bytes per photo, same {len(sample)} photos (kB)", pipeline_bytes[fmt] / len(sample) / 1000,
               stock_bytes[fmt] / len(sample) / 1000, "kB",
               f"(libavif speed {settings.VSS_AVIF_SPEED} against Wagtail's 6)" if fmt == "avif" else "(same settings)")
    report("  peak memory, pipeline process (MB)", pipeline["peak_mb"], PEAK_GOAL_MB, "MB",
           f"(baseline: the {PEAK_GOAL_MB} MB goal; Wagtail's process peaked at {stock['peak_mb']:.0f} MB)")


def _arm_main(arm, ids):
    """In a child process: make the renditions one way, print seconds and peak memory as JSON."""
    import django

    django.setup()
    from django.test.utils import override_settings

    override_settings(MEDIA_ROOT=os.environ["BENCH_MEDIA_ROOT"]).enable()
    from wagtail.images.models import Image, Rendition

    from media.renditions import channel_specs, make_channel_renditions

    specs = channel_specs()
    started = time.perf_counter()
    if arm == "wagtail":
        for image in Image.objects.filter(pk__in=ids).order_by("pk"):
            for spec in specs:  # as {% image %} does, one spec per call, on the first request
                image.get_rendition(spec)
    else:
        make_channel_renditions(ids)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(),
                      "renditions": Rendition.objects.filter(image_id__in=ids).count()}))


def _peak_mb():
    """This process's peak resident memory. Not ru_maxrss: Linux carries that over from the parent
    across fork and exec, so a child would report the benchmark's own peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    _arm_main(sys.argv[1], [int(pk) for pk in sys.argv[2].split(",")])
