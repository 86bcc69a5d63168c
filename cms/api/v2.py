"""Wagtail's API v2 (/api/v2/): pages, images and documents, with the content types' api_fields.

Wagtail's page endpoint already serves only live, public pages of the site. Its image
and document endpoints would list every file in the library, drafts' included (a
leaflet waiting for approval, with its download link), so here they list only the
files live items show: their main pictures, leaflets' PDFs and clips' videos.
"""

from django.db.models import Q
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.api.v2_errors import SafeParametersMixin
from cms.files import visible_to


class SafePagesAPIViewSet(SafeParametersMixin, PagesAPIViewSet):
    pass


class SafePagesAdminAPIViewSet(SafeParametersMixin, PagesAdminAPIViewSet):
    pass


class LiveImagesAPIViewSet(SafeParametersMixin, ImagesAPIViewSet):
    def get_queryset(self):
        from cms.models import PublishedItem

        return super().get_queryset().filter(pk__in=PublishedItem.objects.exclude(image=None).values("image_id"))


class LiveDocumentsAPIViewSet(SafeParametersMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        from cms.models import ClipPage, LeafletPage

        live = Q(pk__in=LeafletPage.objects.live().values("pdf_id")) | Q(pk__in=ClipPage.objects.live().values("video_id"))
        return super().get_queryset().filter(live)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", SafePagesAPIViewSet)
api_router.register_endpoint("images", LiveImagesAPIViewSet)
api_router.register_endpoint("documents", LiveDocumentsAPIViewSet)


class ScopedImagesAdminAPIViewSet(SafeParametersMixin, ImagesAdminAPIViewSet):
    """/admin/api/main/images/: Wagtail's lists every image; here only those of the person's collections."""

    def get_queryset(self):
        return visible_to(self.request.user, super().get_queryset())


class ScopedDocumentsAdminAPIViewSet(SafeParametersMixin, DocumentsAdminAPIViewSet):
    """/admin/api/main/documents/: only the documents of the person's collections."""

    def get_queryset(self):
        return visible_to(self.request.user, super().get_queryset())
