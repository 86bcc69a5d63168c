"""Production storage: S3 through django-storages and boto3, against moto's S3 server over HTTP.

Uploads land in the bucket (refused ones do not); approving an item puts every
channel rendition in the bucket, and the URLs channels are given answer 200;
private files are reached through presigned URLs.
"""

import io

import pytest
import requests
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image, Rendition

from cms.services.content import content_approve, content_submit
from media.renditions import channel_rendition_url, channel_specs
from media.storage import signed_url
from tests.media import files

pytestmark = pytest.mark.django_db


def _keys(bucket, prefix=""):
    return {item.key for item in bucket.objects.filter(Prefix=prefix)}


def test_uploads_go_to_the_bucket_and_refused_ones_do_not(s3, upload):
    answer = upload("image", "anh.jpg", files.jpeg(gps=True))
    assert answer["success"] is True
    image = Image.objects.get(pk=answer["image_id"])
    assert _keys(s3, "original_images/") == {image.file.name}
    stored = s3.Object(image.file.name).get()["Body"].read()
    assert not PILImage.open(io.BytesIO(stored)).getexif().get_ifd(0x8825)  # stripped before it was stored

    before = _keys(s3)
    for kind, name, data in [("image", "cut.jpg", files.truncated_jpeg()), ("image", "bomb.png", files.png_bomb()),
                             ("image", "x.svg", files.SVG_WITH_SCRIPT), ("document", "x.pdf", files.mp4()),
                             ("document", "js.pdf", files.pdf_with_javascript()), ("document", "zero.pdf", b"")]:
        assert upload(kind, name, data)["success"] is False
    assert _keys(s3) == before


def test_approval_puts_every_rendition_in_the_bucket_and_their_urls_answer(
        s3, eager_celery, django_capture_on_commit_callbacks, make_news, section_a, users):
    hero = Image.objects.create(title="Ảnh", file=ImageFile(io.BytesIO(files.jpeg(1600, 1200)), name="anh.jpg"))
    page = make_news(section_a, hero_image=hero)
    with django_capture_on_commit_callbacks(execute=True):
        content_submit(page=page, user=users["editor_a"])
        content_approve(page=page, user=users["approver_a"])

    renditions = Rendition.objects.filter(image=hero)
    assert set(renditions.values_list("filter_spec", flat=True)) == set(channel_specs())
    assert _keys(s3, "images/") == {rendition.file.name for rendition in renditions}

    for size, fmt, mime in [("facebook", "jpeg", "image/jpeg"), ("mobile", "webp", "image/webp"),
                            ("portal", "avif", "image/avif")]:
        url = channel_rendition_url(hero, size, fmt)
        assert url.startswith(s3.meta.client.meta.endpoint_url) and "Signature" not in url  # public, lasting
        response = requests.get(url, timeout=10)
        assert response.status_code == 200, url
        assert PILImage.open(io.BytesIO(response.content)).format == fmt.upper()
        assert response.headers["Content-Type"] == mime
    assert Rendition.objects.filter(image=hero).count() == len(channel_specs())  # nothing made on demand


def test_private_file_gets_an_expiring_presigned_url(s3, upload):
    answer = upload("document", "to-roi-in.pdf", files.pdf(1))
    document = Document.objects.get(pk=answer["doc_id"])
    url = signed_url(document.file, expires=60, download_name="tờ rơi.pdf")
    assert "X-Amz-Expires=60" in url and "X-Amz-Signature=" in url
    assert requests.get(url.split("?")[0], timeout=10).status_code == 403  # the bucket keeps it private
    response = requests.get(url, timeout=10)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].startswith("attachment")
    # (moto does not enforce the expiry; S3 and MinIO do, from the signed X-Amz-Expires.)
    assert "X-Amz-Expires=3600" in signed_url(document.file)  # VSS_SIGNED_URL_SECONDS by default
