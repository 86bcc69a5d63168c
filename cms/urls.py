import re

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.file_views import image_file


def file_urls():
    """Image files under a local MEDIA_URL, each request checked (cms.file_views); with S3 the bucket serves them."""
    if getattr(settings, "AWS_STORAGE_BUCKET_NAME", "") or not settings.MEDIA_URL.startswith("/"):
        return []
    prefix = re.escape(settings.MEDIA_URL.strip("/"))
    return [re_path(rf"^{prefix}/(?P<folder>images|original_images)/(?P<path>.+)$", image_file, name="image_file")]


def app_urls():
    """Public pages an installed app serves itself, at the prefix it declares (AppConfig.url_prefix, .urls).

    The channels' feeds and screens come this way, so this file names none of them.
    """
    return [path(config.url_prefix, include(config.urls)) for config in apps.get_app_configs()
            if getattr(config, "urls", "") and getattr(config, "url_prefix", "")]


urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("cms.api.urls")),
    path("health/", include("publishing.urls")),
    path("schemas/", include("channels.urls")),
    *app_urls(),
    *file_urls(),
    path("calendar/", include("plans.urls")),
    path("", include("media.urls")),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]

urlpatterns += [path("pages/", include(wagtail_urls))]

handler404 = "cms.errors.page_not_found"
handler403 = "cms.errors.permission_denied"
handler500 = "cms.errors.server_error"
