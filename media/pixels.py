"""Pillow's decompression-bomb limit, taken from settings (by MediaConfig.ready() and on setting changes)."""

from django.conf import settings
from PIL import Image


def apply_pixel_limit():
    """Make Pillow refuse decompression bombs everywhere (renditions too), not only in the upload form.

    Pillow warns above MAX_IMAGE_PIXELS and raises above twice that.
    """
    Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
