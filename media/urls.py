"""Included by the project's root URLconf: the private-file view and, without S3, local renditions."""

import re

from django.conf import settings
from django.urls import path, re_path

from media import views

urlpatterns = [
    path("media-private/<str:token>/", views.private_file, name="media_private_file"),
]

if not getattr(settings, "AWS_STORAGE_BUCKET_NAME", "") and settings.MEDIA_URL.startswith("/"):
    # Local storage: served even with DEBUG off, as the URLs channels were given must answer.
    urlpatterns.append(re_path(r"^%s/images/(?P<path>.+)$" % re.escape(settings.MEDIA_URL.strip("/")),
                               views.public_rendition, name="media_public_rendition"))
