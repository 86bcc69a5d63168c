"""Fixtures for the media tests: upload helpers, an S3 server (moto), stand-in ffprobe/ffmpeg."""

import json
import os
import shutil
import socket
import stat
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Collection

S3_BUCKET = "vss-media-test"
S3_KEYS = {"access_key": "testing-key", "secret_key": "testing-secret", "region_name": "us-east-1"}


def stored_files():
    """Every file under MEDIA_ROOT, as relative paths: to show that a refusal stored nothing."""
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def collection_a(units):
    from tests.conftest import PROVINCE_A

    return Collection.objects.get(name=units[PROVINCE_A].name)


@pytest.fixture
def editor_client(client, users):
    client.force_login(users["editor_a"])
    return client


@pytest.fixture
def upload(editor_client, collection_a):
    """POST one file to Wagtail's multiple-upload view for images or documents, as the browser does."""

    def send(kind, name, data, **extra):
        url = reverse("wagtailimages:add_multiple" if kind == "image" else "wagtaildocs:add_multiple")
        response = editor_client.post(url, {"files[]": SimpleUploadedFile(name, data), "title": name,
                                            "collection": collection_a.pk, **extra})
        assert response.status_code == 200, response.content[:500]
        return response.json()

    return send


@pytest.fixture
def eager_celery():
    """Tasks queued on commit run at once, in this process (the real task code, without a worker)."""
    from publishing.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous


def public_read_policy(bucket, prefix):
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"],
        "Resource": [f"arn:aws:s3:::{bucket}/{prefix}*"]}]}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 in server mode on a loopback port: real HTTP, real boto3 and django-storages."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=S3_KEYS["access_key"],
                          aws_secret_access_key=S3_KEYS["secret_key"], region_name=S3_KEYS["region_name"])
    client.create_bucket(Bucket=S3_BUCKET)
    # As docker-compose's create-bucket step does for MinIO: renditions readable by anyone, the rest private.
    client.put_bucket_policy(Bucket=S3_BUCKET, Policy=json.dumps(public_read_policy(S3_BUCKET, "images/")))
    yield endpoint
    server.stop()


@pytest.fixture
def s3(s3_server):
    """STORAGES pointed at the S3 server as production configures them; yields a boto3 bucket."""
    import boto3

    options = {"bucket_name": S3_BUCKET, "endpoint_url": s3_server, "addressing_style": "path",
               "signature_version": "s3v4", "file_overwrite": False, **S3_KEYS}
    storages = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**options, "querystring_auth": True}},
        "renditions": {"BACKEND": "media.s3.RenditionS3Storage",
                       "OPTIONS": {**options, "querystring_auth": False}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    bucket = boto3.resource("s3", endpoint_url=s3_server, aws_access_key_id=S3_KEYS["access_key"],
                            aws_secret_access_key=S3_KEYS["secret_key"],
                            region_name=S3_KEYS["region_name"]).Bucket(S3_BUCKET)
    with override_settings(STORAGES=storages):
        yield bucket
    bucket.objects.all().delete()


FAKE_FFPROBE = """\
#!{python}
import json, sys
path = sys.argv[-1]
with open(path, "rb") as handle:
    head = handle.read(16)
if head[4:8] != b"ftyp" and not head.startswith(b"\\x1a\\x45\\xdf\\xa3"):
    print(path + ": Invalid data found when processing input", file=sys.stderr)
    sys.exit(1)
print(json.dumps({report}))
"""

FAKE_FFMPEG = """\
#!{python}
import io, sys
from PIL import Image
out = io.BytesIO()
Image.new("RGB", (320, 180), (12, 34, 56)).save(out, format="JPEG")
sys.stdout.buffer.write(out.getvalue())
"""


@pytest.fixture
def fake_tools(tmp_path, monkeypatch):
    """Stand-ins for ffprobe and ffmpeg on PATH (the machines that run the tests have neither).

    ffprobe answers with the JSON shape the real one prints; ffmpeg writes a JPEG
    to stdout as ``-f image2pipe pipe:1`` does.
    """
    report = {"format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "93.440000"},
              "streams": [{"codec_type": "video", "codec_name": "h264", "width": 1920, "height": 1080},
                          {"codec_type": "audio", "codec_name": "aac"}]}
    scripts = {"ffprobe": FAKE_FFPROBE.format(python=sys.executable, report=repr(report)),
               "ffmpeg": FAKE_FFMPEG.format(python=sys.executable)}
    for name, text in scripts.items():
        path = tmp_path / name
        path.write_text(textwrap.dedent(text))
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    return report


@pytest.fixture(params=["ffprobe", "python reader"])
def probe_path(request, monkeypatch):
    """Each way a clip is probed: ffprobe (what production installs) and the project's own readers.

    "python reader" is a machine without ffmpeg: ffprobe and ffmpeg are not found on PATH.
    """
    if request.param == "ffprobe":
        if shutil.which("ffprobe") is None:
            pytest.skip("ffprobe is not installed here (apt-get install ffmpeg); the python reader path still runs")
    else:
        which = shutil.which
        monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name in ("ffprobe", "ffmpeg")
                            else which(name, *a, **k))
    return request.param
