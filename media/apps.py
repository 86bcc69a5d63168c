"""Images, clips and leaflet PDFs: validation, renditions, storage.

Used by cms, publishing and channels; imports none of them.
"""
from django.apps import AppConfig

from media.pixels import apply_pixel_limit
from media.sizes import RenditionSizes


class MediaConfig(AppConfig):
    name = "media"
    label = "vss_media"
    verbose_name = "Media"
    default_auto_field = "django.db.models.BigAutoField"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sizes = RenditionSizes()  # filled by the channel apps; see media/sizes.py

    def ready(self):
        # Both need the models loaded. Loading the tasks registers them with Celery, so what
        # media.renditions queues by name resolves to the task here too (eager mode in tests).
        from media import signals, tasks  # noqa: F401

        apply_pixel_limit()
        signals.connect()
