from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("cms.api.urls")),
    path("health/", include("publishing.urls")),
    path("schemas/", include("channels.urls")),
    path("feeds/vssid/", include("channels.vssid.urls")),
    path("radio/", include("channels.loudspeaker.urls")),
    path("", include("media.urls")),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("pages/", include(wagtail_urls))]

handler404 = "cms.errors.page_not_found"
handler403 = "cms.errors.permission_denied"
handler500 = "cms.errors.server_error"
