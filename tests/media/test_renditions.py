"""Channel renditions: made by the background task when an item is approved, in every size and
format, honouring the focal point, found by Wagtail's own lookups, reachable by URL."""

import io

import pytest
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageChops, ImageStat
from wagtail.images.models import Filter, Image, Rendition

from cms.services.content import content_approve, content_submit
from media.rendering import render_missing
from media.renditions import channel_rendition_url, channel_size_formats, channel_specs, make_channel_renditions
from tests.media import files

pytestmark = pytest.mark.django_db


def _image(title="Ảnh", data=None, name="anh.jpg", **fields):
    return Image.objects.create(title=title, file=ImageFile(io.BytesIO(data or files.jpeg(1600, 1200)), name=name),
                                **fields)


def _approve(page, users, capture):
    with capture(execute=True):
        content_submit(page=page, user=users["editor_a"])
        content_approve(page=page, user=users["approver_a"])


def _stored(rendition):
    with rendition.file.open("rb") as handle:
        return PILImage.open(io.BytesIO(handle.read()))


def test_approval_makes_every_channel_rendition_ahead_of_time(
        eager_celery, django_capture_on_commit_callbacks, make_news, section_a, users):
    hero, inline = _image("Ảnh chính"), _image("Ảnh trong bài", files.jpeg(1200, 1600, colour=(0, 150, 136)))
    body = [{"type": "image", "value": {"image": inline.pk, "alt_text": "Mô tả", "caption": ""}}]
    page = make_news(section_a, hero_image=hero, body=body)
    assert not Rendition.objects.filter(image__in=[hero, inline]).exists()  # not at upload, not on a draft

    _approve(page, users, django_capture_on_commit_callbacks)

    page.refresh_from_db()
    assert page.live
    for image in (hero, inline):
        renditions = {r.filter_spec: r for r in Rendition.objects.filter(image=image)}
        assert set(renditions) == set(channel_specs())
        for spec, rendition in renditions.items():
            picture = _stored(rendition)
            assert picture.format == spec.rsplit("format-", 1)[1].upper()
            assert rendition.file.storage.exists(rendition.file.name)
        assert _stored(renditions["fill-1200x630-c100|format-jpeg"]).size == (1200, 630)
        assert _stored(renditions["fill-480x320-c100|format-avif"]).size == (480, 320)


def test_scheduled_item_gets_its_renditions_at_approval_not_at_go_live(
        eager_celery, django_capture_on_commit_callbacks, make_news, section_a, users):
    import datetime

    from django.utils import timezone

    hero = _image()
    page = make_news(section_a, hero_image=hero, go_live_at=timezone.now() + datetime.timedelta(days=2))
    _approve(page, users, django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert not page.live
    assert Rendition.objects.filter(image=hero).count() == len(channel_specs())


def test_leaflet_approval_makes_renditions_of_its_first_page(
        eager_celery, django_capture_on_commit_callbacks, upload, section_a, users):
    from wagtail.documents.models import Document

    from cms.models import LeafletPage
    from cms.services.content import content_create

    answer = upload("document", "to-roi.pdf", files.pdf(2))
    document = Document.objects.get(pk=answer["doc_id"])
    page = LeafletPage(title="Tờ rơi BHYT", pdf=document, kind="household_hi")
    content_create(section=section_a, page=page, user=users["editor_a"])
    _approve(LeafletPage.objects.get(pk=page.pk), users, django_capture_on_commit_callbacks)
    preview = document.media_metadata.preview
    assert Rendition.objects.filter(image=preview).count() == len(channel_specs())


def test_crop_honours_the_focal_point_as_wagtail_does():
    # A white square picture with a red patch near its right edge, marked as the focal point.
    picture = PILImage.new("RGB", (2400, 2400), (255, 255, 255))
    picture.paste((200, 0, 0), (1900, 900, 2300, 1300))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=95)
    image = _image(data=out.getvalue(), focal_point_x=2100, focal_point_y=1100, focal_point_width=400,
                   focal_point_height=400)
    spec = "fill-1200x630-c100|format-jpeg"
    ours = _stored(make_and_get(image, spec)).convert("RGB")
    # Wagtail's own path, run on the same image and spec, for comparison.
    wagtail_output = Filter(spec=spec).run(image, io.BytesIO())
    theirs = PILImage.open(io.BytesIO(wagtail_output.f.getvalue())).convert("RGB")
    assert ours.size == (1200, 630)  # exactly what Facebook asks for (Wagtail's rounding gives 1200x631 here)
    theirs = theirs.resize(ours.size, PILImage.Resampling.LANCZOS)
    assert max(ImageStat.Stat(ImageChops.difference(ours, theirs)).mean) < 3  # same crop, same scaling
    # The focal point's centre sits where it sat in the original, relatively: 7/8 across, 11/24 down.
    red = ours.getpixel((round(ours.width * 2100 / 2400), round(ours.height * 1100 / 2400)))
    assert red[0] > 150 and red[1] < 60


def make_and_get(image, spec):
    make_channel_renditions([image.pk])
    return Rendition.objects.get(image=image, filter_spec=spec)


def test_channel_rendition_url_makes_only_what_is_missing_and_the_url_answers(client, settings, users):
    settings.WAGTAILADMIN_BASE_URL = "https://cms.baohiemxahoi.example"
    image = _image()
    url = channel_rendition_url(image, "facebook", "webp")
    assert url.startswith("https://cms.baohiemxahoi.example/media/images/") and url.endswith(".webp")
    assert list(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True)) == \
           ["fill-1200x630-c100|format-webp"]
    assert channel_rendition_url(image, "facebook", "webp") == url  # found, not made again
    assert Rendition.objects.filter(image=image).count() == 1
    client.force_login(users["root"])  # no live item shows it yet: staff only (tests/security/test_files.py)
    response = client.get(url.removeprefix(settings.WAGTAILADMIN_BASE_URL))  # served even with DEBUG off
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert PILImage.open(io.BytesIO(b"".join(response.streaming_content))).size == (1200, 630)


def test_wagtail_finds_the_pipeline_renditions_instead_of_making_its_own():
    image = _image()
    made = make_channel_renditions([image.pk])
    assert made == {image.pk: len(channel_specs())}
    before = set(Rendition.objects.filter(image=image).values_list("pk", flat=True))
    image = Image.objects.get(pk=image.pk)
    renditions = image.get_renditions(*channel_specs())
    assert {r.pk for r in renditions.values()} == before
    assert Rendition.objects.filter(image=image).count() == len(before)


def test_running_twice_makes_nothing_twice_and_leaves_no_stray_files():
    image = _image(name="lap-lai.jpg")
    make_channel_renditions([image.pk])
    make_channel_renditions([image.pk])
    renditions = Rendition.objects.filter(image=image)
    assert renditions.count() == len(channel_size_formats())
    storage = renditions.first().file.storage
    on_disk = {name for name in storage.listdir("images")[1] if name.startswith("lap-lai")}
    assert on_disk == {r.file.name.split("/")[-1] for r in renditions}


def test_an_unreadable_image_is_skipped_and_the_others_are_made():
    broken, good = _image("Hỏng", name="hong.jpg"), _image("Tốt", name="tot.jpg")
    broken.file.storage.delete(broken.file.name)
    assert make_channel_renditions([broken.pk, good.pk]) == {good.pk: len(channel_specs())}
    assert not Rendition.objects.filter(image=broken).exists()


def test_transparent_png_gets_a_white_background_in_jpeg():
    picture = PILImage.new("RGBA", (1300, 700), (0, 0, 0, 0))
    picture.paste((0, 94, 170, 255), (0, 0, 300, 700))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    image = _image(data=out.getvalue(), name="logo.png")
    jpeg = _stored(make_and_get(image, "fill-1200x630-c100|format-jpeg")).convert("RGB")
    assert jpeg.getpixel((1100, 300)) == pytest.approx((255, 255, 255), abs=3)
    webp = _stored(Rendition.objects.get(image=image, filter_spec="fill-1200x630-c100|format-webp"))
    assert webp.mode == "RGBA"


def test_unknown_size_or_format_is_refused_clearly():
    image = _image()
    with pytest.raises(ValueError, match="facebook"):
        channel_rendition_url(image, "instagram")
    with pytest.raises(ValueError, match="jpeg"):
        channel_rendition_url(image, "facebook", "bmp")


def test_broker_down_at_approval_loses_nothing_that_matters(django_capture_on_commit_callbacks, make_news, section_a,
                                                             users, caplog):
    from tests.publishing.test_worker import _use_broker

    hero = _image()
    page = make_news(section_a, hero_image=hero)
    _use_broker("redis://127.0.0.1:9/0")  # the web side's Celery app pointed where nothing listens
    try:
        _approve(page, users, django_capture_on_commit_callbacks)  # the approval itself must not fail
    finally:
        _use_broker(None)
    assert "could not queue renditions" in caplog.text
    page.refresh_from_db()
    assert page.live
    assert not Rendition.objects.filter(image=hero).exists()
    assert channel_rendition_url(hero, "mobile").endswith(".jpg")  # made when a channel first asks


def test_rendition_view_refuses_paths_outside_the_renditions_folder(client):
    assert client.get(reverse("media_public_rendition", args=["../original_images/x.jpg"])).status_code == 404
    assert client.get("/media/images/nothing-here.jpg").status_code == 404


def test_jpeg_and_webp_come_out_as_wagtail_makes_them(settings):
    """Same settings, same bytes (give or take the metadata Wagtail copies): the parallel encodes do
    not mix their settings (Pillow keeps a save's options on the image object)."""
    settings.VSS_RENDITION_THREADS = 2
    image = _image(data=files.noisy_jpeg(1600, 1200), name="nhieu.jpg")
    ours = {spec: rendition.file.size for spec, rendition in render_missing(image, channel_specs()).items()}
    for spec, size in ours.items():
        if spec.endswith(("jpeg", "webp")):
            theirs = len(Filter(spec=spec).run(image, io.BytesIO()).f.getvalue())
            assert abs(size - theirs) / theirs < 0.02, (spec, size, theirs)
