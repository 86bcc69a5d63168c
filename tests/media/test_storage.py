"""Local storage: signed, expiring URLs for private files, served by media.views.private_file."""

import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from media.storage import absolute_url, signed_url
from tests.conftest import make_document


def _path(url, settings):
    assert url.startswith(settings.WAGTAILADMIN_BASE_URL + "/media-private/")
    return url.removeprefix(settings.WAGTAILADMIN_BASE_URL)


@pytest.mark.django_db
def test_signed_url_serves_the_private_file_until_it_expires(client, settings, monkeypatch):
    document = make_document("Kịch bản", "kich-ban.txt", "Bản tin phát thanh".encode())
    url = signed_url(document.file, expires=30, download_name="kịch bản.txt")
    response = client.get(_path(url, settings))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "Bản tin phát thanh"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"

    later = time.time() + 31
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(_path(url, settings)).status_code == 404


@pytest.mark.django_db
def test_signed_url_for_a_name_and_a_forged_token(client, settings):
    name = default_storage.save("private/danh-sach.csv", ContentFile(b"ma_xa,ten\n"))
    url = signed_url(name)
    assert client.get(_path(url, settings)).status_code == 200
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = url.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert client.get(_path(forged, settings)).status_code == 404


def test_signed_url_needs_a_file_and_a_positive_time():
    with pytest.raises(ValueError):
        signed_url("")
    with pytest.raises(ValueError):
        signed_url("a.pdf", expires=0)


def test_absolute_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://cms.example/"
    assert absolute_url("/media/images/a.jpg") == "https://cms.example/media/images/a.jpg"
    assert absolute_url("https://s3.example/b/a.jpg") == "https://s3.example/b/a.jpg"
