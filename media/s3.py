"""The S3 storage of renditions: each file under a random folder of its own.

The bucket serves ``images/`` to anyone (the renditions channels embed must keep answering
without a signature), so a rendition's key is all that guards a fresh upload's thumbnail. Wagtail
names a rendition after the original file and the filter ("nhap.max-165x165.png"), which anyone
can guess; the random folder (96 bits) makes the URL one only those who are shown it can know,
and the admin, its API and the choosers show it only to staff who may see the image (cms.files).
Local storage needs none of this: there every image file is served through a view that checks.
"""

import posixpath
import secrets

from storages.backends.s3 import S3Storage

TOKEN_BYTES = 12


class RenditionS3Storage(S3Storage):
    def generate_filename(self, filename):
        folder, name = posixpath.split(str(filename).replace("\\", "/"))
        return super().generate_filename(posixpath.join(folder, secrets.token_hex(TOKEN_BYTES), name))
