"""Uploads through the real admin views, as a province's editor: bad files refused with a reason,
nothing stored; good files stored the way channels need them."""

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from media.models import DocumentMetadata
from tests.media import files
from tests.media.conftest import stored_files

REFUSED = [
    # (what, image or document, file name, bytes, words the message must contain)
    ("truncated JPEG", "image", "anh-cat-do.jpg", files.truncated_jpeg(), "damaged or incomplete"),
    ("50,000 x 50,000 PNG", "image", "bom.png", files.png_bomb(), "2,500 megapixels"),
    ("SVG with a script", "image", "logo.svg", files.SVG_WITH_SCRIPT, "contains a script"),
    ("MP4 renamed .pdf", "document", "to-roi.pdf", files.mp4(), "named .pdf but it is an MP4 video"),
    ("PDF with JavaScript", "document", "to-roi-js.pdf", files.pdf_with_javascript(), "JavaScript"),
    ("zero-byte image", "image", "rong.jpg", b"", "empty (0 bytes)"),
    ("zero-byte document", "document", "rong.pdf", b"", "empty (0 bytes)"),
]


def _counts():
    return Image.objects.count(), Document.objects.count(), DocumentMetadata.objects.count()


@pytest.mark.parametrize("what, kind, name, data, reason", REFUSED, ids=[case[0] for case in REFUSED])
@override_settings(LANGUAGE_CODE="en")
def test_bad_upload_is_refused_with_its_reason_and_nothing_is_stored(upload, what, kind, name, data, reason):
    before, files_before = _counts(), stored_files()
    answer = upload(kind, name, data)
    assert answer["success"] is False
    assert reason in answer["error_message"], answer["error_message"]
    assert _counts() == before
    assert stored_files() == files_before


@pytest.mark.parametrize("kind, name, data, setting", [
    ("image", "anh-lon.jpg", files.noisy_jpeg(), {"WAGTAILIMAGES_MAX_UPLOAD_SIZE": 200_000}),
    ("document", "to-roi-lon.pdf", files.pdf(2), {"VSS_MAX_PDF_BYTES": 10_000}),
    ("document", "clip-lon.mp4", files.mp4(), {"VSS_MAX_VIDEO_BYTES": 1_000}),
], ids=["image", "pdf", "video"])
@override_settings(LANGUAGE_CODE="en")
def test_file_over_the_size_limit_is_refused(upload, kind, name, data, setting):
    before, files_before = _counts(), stored_files()
    with override_settings(**setting):
        answer = upload(kind, name, data)
    assert answer["success"] is False
    assert "the limit is" in answer["error_message"] and "MB" in answer["error_message"]
    assert _counts() == before
    assert stored_files() == files_before


def test_refusal_messages_are_in_vietnamese_for_editors(upload):
    answer = upload("image", "logo.svg", files.SVG_WITH_SCRIPT)
    assert answer["success"] is False
    assert "SVG" in answer["error_message"] and "mã lệnh" in answer["error_message"]


@override_settings(LANGUAGE_CODE="en")
def test_single_upload_form_shows_the_reason_and_saves_nothing(editor_client, collection_a):
    before, files_before = _counts(), stored_files()
    response = editor_client.post(reverse("wagtailimages:add"), {
        "title": "Ảnh hỏng", "collection": collection_a.pk,
        "file": SimpleUploadedFile("anh.jpg", files.truncated_jpeg())})
    assert response.status_code == 200
    assert "damaged or incomplete" in " ".join(response.context["form"].errors["file"])
    assert _counts() == before and stored_files() == files_before


@pytest.mark.parametrize("name, data, reason", [
    ("to-roi.pdf", files.pdf_with_open_action_javascript(), "JavaScript"),
    ("to-roi.pdf", files.pdf_with_escaped_javascript_name(), "JavaScript"),
    ("to-roi.pdf", files.pdf_with_embedded_file(), "attached file"),
    ("to-roi.pdf", files.pdf_with_launch_action(), "starts a program"),
    ("to-roi.pdf", files.truncated_pdf(), "incomplete"),
    ("clip.mp4", files.pdf(1), "named .mp4 but it is a PDF document"),
    ("anh.jpg", files.mp4(), "MP4 video, not an image"),
    ("phu-de.vtt", b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nSai\n", "ends before it starts"),
    ("phu-de.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nchữ\n".encode("utf-16"), "UTF-8"),
], ids=["open-action-js", "escaped-js-name", "embedded-file", "launch", "truncated-pdf", "pdf-as-mp4",
        "mp4-as-jpg", "vtt-order", "vtt-utf16"])
@override_settings(LANGUAGE_CODE="en")
def test_more_bad_files_are_refused(upload, name, data, reason):
    before, files_before = _counts(), stored_files()
    answer = upload("image" if name.endswith(".jpg") else "document", name, data)
    assert answer["success"] is False
    assert reason in answer["error_message"], answer["error_message"]
    assert _counts() == before and stored_files() == files_before


@pytest.mark.parametrize("name, data, reason", [
    ("clip.mp4", files.mp4(video=None), "no picture"),
    ("clip.mp4", files.mp4(video=b"apcn"), "prores"),
    ("clip.mp4", files.mp4()[:40], "could not be read"),
    ("clip.webm", files.webm(doctype=b"matroska"), "could not be read"),
], ids=["audio-only", "prores", "truncated-mp4", "matroska-as-webm"])
@override_settings(LANGUAGE_CODE="en")
def test_bad_clips_are_refused_the_same_with_and_without_ffprobe(upload, probe_path, name, data, reason):
    before, files_before = _counts(), stored_files()
    answer = upload("document", name, data)
    assert answer["success"] is False
    assert reason in answer["error_message"], answer["error_message"]
    assert _counts() == before and stored_files() == files_before


def test_photo_is_turned_upright_and_loses_its_location(upload):
    # Orientation 6: the camera was turned; viewers must rotate the stored pixels 90° clockwise.
    answer = upload("image", "anh-doc.jpg", files.jpeg(640, 480, orientation=6, gps=True))
    assert answer["success"] is True
    image = Image.objects.get(pk=answer["image_id"])
    assert (image.width, image.height) == (480, 640)
    with image.open_file() as handle:
        stored = PILImage.open(io.BytesIO(handle.read()))
        stored.load()
    exif = stored.getexif()
    assert exif.get(0x0112, 1) == 1
    assert not exif.get_ifd(0x8825)
    assert exif.get(0x010F) == "Test Camera"  # other metadata kept
    # The red corner the camera saw top-left is now top-right, as a person holding the phone saw it.
    assert stored.getpixel((470, 5))[0] > 180 and stored.getpixel((5, 5))[0] < 60


def test_location_is_stripped_without_re_encoding_an_upright_jpeg(upload):
    original = files.jpeg(640, 480, gps=True)
    answer = upload("image", "anh.jpg", original)
    image = Image.objects.get(pk=answer["image_id"])
    with image.open_file() as handle:
        stored = handle.read()
    assert not PILImage.open(io.BytesIO(stored)).getexif().get_ifd(0x8825)
    scan = original.index(b"\xff\xda")  # the compressed picture itself is byte for byte the same
    assert stored.endswith(original[scan:])


def test_image_type_comes_from_the_content_not_the_name(upload):
    answer = upload("image", "thuc-ra-la-png.jpg", files.png())
    assert answer["success"] is True
    image = Image.objects.get(pk=answer["image_id"])
    assert image.file.name.endswith(".png")


def test_clip_upload_is_probed_and_shown_to_editors(upload, editor_client, settings, probe_path):
    settings.LANGUAGE_CODE = "en"
    answer = upload("document", "clip-bhyt.mp4", files.mp4(seconds=95.2, width=1920, height=1080))
    assert answer["success"] is True, answer
    document = Document.objects.get(pk=answer["doc_id"])
    metadata = document.media_metadata
    assert (metadata.kind, metadata.container, metadata.video_codec, metadata.audio_codec) == \
           ("video", "mp4", "h264", "aac")
    assert (metadata.width, metadata.height, round(metadata.duration_seconds, 1)) == (1920, 1080, 95.2)
    assert metadata.probed_with == {"ffprobe": "ffprobe", "python reader": "python"}[probe_path]
    assert metadata.preview is None  # the test clip holds no frames to take a poster from
    page = editor_client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert "1920 × 1080" in page and "1 min 35 s" in page
    if probe_path == "python reader":
        assert metadata.notes == ["no_ffmpeg_poster"] and "ffmpeg is not installed" in page
    else:
        assert metadata.notes == ["poster_failed"] and "No frame could be taken" in page


def test_webm_clip_is_accepted(upload, probe_path):
    answer = upload("document", "clip.webm", files.webm(seconds=8))
    assert answer["success"] is True, answer
    metadata = Document.objects.get(pk=answer["doc_id"]).media_metadata
    assert (metadata.container, metadata.video_codec, metadata.audio_codec, metadata.duration_seconds) == \
           ("webm", "vp9", "opus", 8.0)
    assert (metadata.width, metadata.height) == (640, 360)


def test_clip_with_ffprobe_and_ffmpeg_gets_a_poster_frame(upload, fake_tools):
    answer = upload("document", "clip.mp4", files.mp4())
    assert answer["success"] is True, answer
    metadata = Document.objects.get(pk=answer["doc_id"]).media_metadata
    assert metadata.probed_with == "ffprobe" and metadata.duration_seconds == pytest.approx(93.44)
    assert (metadata.width, metadata.height) == (1920, 1080)
    assert metadata.notes == []
    assert (metadata.preview.width, metadata.preview.height) == (320, 180)


def test_leaflet_pdf_gets_its_page_count_and_a_first_page_image(upload):
    answer = upload("document", "to-roi-bhyt.pdf", files.pdf(pages=3))
    assert answer["success"] is True, answer
    document = Document.objects.get(pk=answer["doc_id"])
    metadata = document.media_metadata
    assert metadata.kind == "pdf" and metadata.page_count == 3
    preview = metadata.preview
    assert preview.collection_id == document.collection_id
    assert preview.height > preview.width  # an A4 page, upright
    with preview.open_file() as handle:
        first_page = PILImage.open(io.BytesIO(handle.read())).convert("RGB")
    assert first_page.getpixel((first_page.width // 2, 5)) != (255, 255, 255)  # the coloured band on top


def test_valid_subtitles_upload_is_accepted(upload):
    answer = upload("document", "phu-de-vi.vtt", files.VTT.encode())
    assert answer["success"] is True, answer
    assert Document.objects.get(pk=answer["doc_id"]).media_metadata.kind == "subtitles"


def test_editing_an_image_without_a_new_file_still_works(editor_client, upload):
    from wagtail.test.utils.form_data import querydict_from_html

    image = Image.objects.get(pk=upload("image", "anh.jpg", files.jpeg())["image_id"])
    url = reverse("wagtailimages:edit", args=[image.pk])
    form = editor_client.get(url).content.decode()
    data = querydict_from_html(form, form_id="w-editor-form").copy()
    data["title"] = "Ảnh đã đổi tên"
    data.pop("file", None)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    image.refresh_from_db()
    assert image.title == "Ảnh đã đổi tên"


@pytest.fixture(scope="session")
def encoded_clips(tmp_path_factory):
    """One second of a test pattern encoded by the real ffmpeg, as WebM and as Matroska (same codecs)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.skip("ffmpeg is not installed here (apt-get install ffmpeg): no real clips to encode")
    folder = tmp_path_factory.mktemp("clips")
    clips = {}
    for container in ("webm", "matroska"):
        path = folder / f"clip.{container}"
        subprocess.run([ffmpeg, "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1",
                        "-c:v", "libvpx", "-deadline", "realtime", "-f", container, str(path)],
                       check=True, capture_output=True, timeout=120)
        clips[container] = path.read_bytes()
    return clips


@override_settings(LANGUAGE_CODE="en")
def test_a_real_webm_is_accepted_and_a_real_mkv_named_webm_refused(upload, probe_path, encoded_clips):
    accepted = upload("document", "clip-that.webm", encoded_clips["webm"])
    assert accepted["success"] is True, accepted
    metadata = Document.objects.get(pk=accepted["doc_id"]).media_metadata
    assert (metadata.container, metadata.video_codec, metadata.width, metadata.height) == ("webm", "vp8", 160, 120)
    refused = upload("document", "clip-mkv.webm", encoded_clips["matroska"])
    assert refused["success"] is False and "could not be read" in refused["error_message"]
