"""Where media live and the URLs that reach them: S3 (or MinIO) in production, local files otherwise.

Three kinds of URL leave this project:
- public URLs of renditions, which channels embed in posts and feeds and which must
  keep working for as long as the post exists, so they are never signed;
- ``absolute_url``: any URL made absolute, because a channel outside this server
  cannot follow ``/media/...``;
- ``signed_url``: private files (a leaflet's print master, an operator's download),
  reachable only for a while: an S3 presigned URL, or with local storage a signed,
  expiring token served by ``media.views.private_file``.
"""

import copy
import time

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage, storages
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.functional import LazyObject, empty

PRIVATE_SALT = "media.private-file"


class _RenditionStorage(LazyObject):
    """The ``renditions`` storage alias, looked up when first used.

    Wagtail evaluates WAGTAILIMAGES_RENDITION_STORAGE once, when the models load;
    a lazy proxy keeps it following STORAGES (and the tests' overrides of it), as
    Django's own ``default_storage`` does.
    """

    def _setup(self):
        self._wrapped = storages["renditions"]


rendition_storage_proxy = _RenditionStorage()


def rendition_storage():
    """For WAGTAILIMAGES_RENDITION_STORAGE: renditions are public, so their URLs are never signed."""
    return rendition_storage_proxy


def reset_storages(*, setting, **kwargs):
    """``setting_changed`` receiver: forget the rendition storage when STORAGES changes."""
    if setting == "STORAGES":
        rendition_storage_proxy._wrapped = empty


def is_s3(storage):
    from storages.backends.s3 import S3Storage

    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    return isinstance(storage, S3Storage)


def absolute_url(url):
    """``url`` as a channel outside this server can fetch it.

    S3 URLs are already absolute; local storage gives ``/media/...``, which is
    prefixed with WAGTAILADMIN_BASE_URL, the address this site is reached at.
    """
    if url.startswith(("http://", "https://", "//")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + url.lstrip("/")


def _name_and_storage(file_field_or_name):
    if isinstance(file_field_or_name, FieldFile):
        return file_field_or_name.name, file_field_or_name.storage
    if isinstance(file_field_or_name, str) and file_field_or_name:
        return file_field_or_name, default_storage
    raise ValueError("signed_url needs a stored file or the name of one")


def signed_url(file_field_or_name, *, expires=None, download_name=None):
    """An absolute URL that serves a private file for ``expires`` seconds, then stops working.

    ``file_field_or_name`` is a stored file (``document.file``) or a name in the
    default storage. ``download_name`` makes browsers save the file under that
    name instead of displaying it. With S3 this is a presigned GET, whatever
    S3_QUERYSTRING_AUTH says; with local storage it is a token signed with
    SECRET_KEY that carries its own expiry time.
    """
    name, storage = _name_and_storage(file_field_or_name)
    expires = int(expires if expires is not None else settings.VSS_SIGNED_URL_SECONDS)
    if expires <= 0:
        raise ValueError("expires must be a positive number of seconds")
    if is_s3(storage):
        signer = copy.copy(storage._wrapped if isinstance(storage, LazyObject) else storage)
        # A custom domain (a CDN) would be given unsigned; a private file must not be.
        signer.querystring_auth = True
        signer.custom_domain = None
        parameters = None
        if download_name:
            parameters = {"ResponseContentDisposition": _attachment(download_name)}
        return signer.url(name, parameters=parameters, expire=expires)
    token = signing.dumps({"n": name, "x": int(time.time()) + expires, "d": download_name or ""},
                          salt=PRIVATE_SALT, compress=True)
    return absolute_url(reverse("media_private_file", args=[token]))


def read_private_token(token):
    """The file name and download name a local signed URL grants; ``signing.BadSignature`` if none."""
    payload = signing.loads(token, salt=PRIVATE_SALT)
    if int(payload["x"]) < time.time():
        raise signing.SignatureExpired("The link has expired")
    return payload["n"], payload.get("d") or None


def _attachment(filename):
    from django.utils.http import content_disposition_header

    return content_disposition_header(as_attachment=True, filename=filename)
