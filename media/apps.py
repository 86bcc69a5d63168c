from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "media"
    label = "vss_media"
    verbose_name = "Media"
