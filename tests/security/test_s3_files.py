"""Files on S3 (moto's server over HTTP) follow the same scoping as local ones.

The bucket serves renditions (``images/``) to anyone, so channels' embedded URLs keep answering;
what keeps a fresh upload's thumbnail from another province is that its URL cannot be guessed
from the original's name, and that only staff who may see the image are ever shown it.
"""

import io
import posixpath
import re

import pytest
import requests
from django.core.files.images import ImageFile
from wagtail.images.models import Image

from tests.conftest import png_bytes
from tests.media.conftest import S3_BUCKET, s3, s3_server  # noqa: F401 (fixtures)

pytest.importorskip("moto", reason="moto is not installed (pip install -e '.[dev]')")


@pytest.fixture
def unpublished(s3, collections):  # noqa: F811
    image = Image(title="Ảnh nháp riêng Lào Cai", collection=collections["A"])
    image.file = ImageFile(io.BytesIO(png_bytes()), name="nhap-lao-cai.png")
    image.save()
    rendition = image.get_rendition("max-165x165")  # the admin's thumbnail, made on upload
    return image, rendition


def test_an_unpublished_images_rendition_on_s3_is_not_at_a_guessable_address(s3, unpublished):  # noqa: F811
    image, rendition = unpublished
    endpoint = s3.meta.client.meta.endpoint_url
    base = posixpath.splitext(posixpath.basename(image.file.name))[0]
    guessed = f"{endpoint}/{S3_BUCKET}/images/{base}.max-165x165.png"  # Wagtail's own naming
    assert requests.get(guessed, timeout=10).status_code in (403, 404)
    assert re.fullmatch(rf"images/[0-9a-f]{{24}}/{re.escape(base)}\.max-165x165\.png", rendition.file.name)
    assert requests.get(rendition.url, timeout=10).status_code == 200  # for whoever is shown it
    assert requests.get(image.file.url.split("?")[0], timeout=10).status_code == 403  # the original: signed only


def test_only_staff_who_may_see_it_are_shown_its_address(s3, unpublished, client, users):  # noqa: F811
    image, rendition = unpublished
    folder = rendition.file.name.split("/")[1]
    screens = ["/admin/api/main/images/?limit=100", f"/admin/api/main/images/{image.pk}/", "/admin/images/",
               "/admin/images/chooser/", f"/admin/images/{image.pk}/", "/api/v2/images/?limit=100"]
    shown = {}
    for username in ("editor_a", "editor_b", "approver_b"):
        client.force_login(users[username])
        shown[username] = [url for url in screens if folder in client.get(url).content.decode()]
    assert shown["editor_b"] == [] and shown["approver_b"] == []
    assert f"/admin/api/main/images/{image.pk}/" in shown["editor_a"] and "/admin/images/" in shown["editor_a"]
