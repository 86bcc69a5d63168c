"""Image files from local storage (originals and renditions), each checked against who asks.

Without S3 nothing else serves MEDIA_URL: a file a live item shows is public and cached
for a year; a fresh upload's opens only for staff who may see it (cms.files), uncached,
so a thumbnail URL read from the admin API of another province leads nowhere.
"""

import mimetypes
import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from cms.files import image_for_file, image_is_public, may_see
from media.storage import rendition_storage_proxy

FOLDERS = {"images": rendition_storage_proxy, "original_images": default_storage}


def image_file(request, folder, path):
    name = posixpath.normpath(f"{folder}/{path}")
    if not name.startswith(f"{folder}/") or ".." in name.split("/"):
        raise Http404("No such file")
    storage = FOLDERS[folder]
    image = image_for_file(name)
    if image is None or not storage.exists(name) or not may_see(request.user, image):
        raise Http404("No such file")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    # A public file's name changes whenever its content would (spec, focal point); a
    # private one must not linger in shared caches once the person loses access.
    response["Cache-Control"] = ("public, max-age=31536000, immutable" if image_is_public(image)
                                 else "private, no-store")
    response["X-Content-Type-Options"] = "nosniff"
    return response
