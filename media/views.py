"""Serving media from local storage, for the setups without S3.

With S3 these views are not used: public files come from the bucket and private
ones through presigned URLs.
"""

import mimetypes
import posixpath

from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from media.storage import read_private_token, rendition_storage_proxy


def private_file(request, token):
    """A private file behind a signed, expiring token made by ``media.storage.signed_url``."""
    try:
        name, download_name = read_private_token(token)
    except signing.BadSignature:
        # Expired and forged links look the same from outside.
        raise Http404("No such file") from None
    if not default_storage.exists(name):
        raise Http404("No such file")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type,
                            as_attachment=bool(download_name), filename=download_name or posixpath.basename(name))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def public_rendition(request, path):
    """A rendition from local storage, when nothing else serves MEDIA_URL (DEBUG off, no S3).

    Only the renditions folder: originals of documents stay behind Wagtail's document view.
    """
    name = posixpath.normpath(f"images/{path}")
    if not name.startswith("images/") or ".." in name.split("/"):
        raise Http404("No such file")
    if not rendition_storage_proxy.exists(name):
        raise Http404("No such file")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(rendition_storage_proxy.open(name, "rb"), content_type=content_type)
    # A rendition's name changes whenever its content would (spec, focal point).
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
