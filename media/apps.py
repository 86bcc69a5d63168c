"""Images, clips and leaflet PDFs: validation, renditions, storage.

Used by cms, publishing and channels; imports none of them.
"""
from django.apps import AppConfig

from media.sizes import RenditionSizes


def apply_pixel_limit():
    """Make Pillow refuse decompression bombs everywhere (renditions too), not only in the upload form.

    Pillow warns above MAX_IMAGE_PIXELS and raises above twice that.
    """
    from django.conf import settings
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


class MediaConfig(AppConfig):
    name = "media"
    label = "vss_media"
    verbose_name = "Media"
    default_auto_field = "django.db.models.BigAutoField"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sizes = RenditionSizes()  # filled by the channel apps; see media/sizes.py

    def ready(self):
        from media import signals

        apply_pixel_limit()
        signals.connect()
