"""Mounted at /api/ by cms/urls.py."""

from django.db.transaction import non_atomic_requests
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail.images.views.serve import ServeView

from cms.api import views
from cms.api.v2 import api_router

urlpatterns = [
    path("v2/", api_router.urls),
    path("items/", views.ItemListView.as_view(), name="api-item-list"),
    path("items/<str:pk>/", views.ItemDetailView.as_view(), name="api-item-detail"),
    path("preview/", views.PreviewView.as_view(), name="api-preview"),
    path("preview/tokens/", views.PreviewTokenView.as_view(), name="api-preview-token"),
    path("schema/", non_atomic_requests(SpectacularAPIView.as_view()), name="api-schema"),
    # Split: Swagger UI's start-up script is a file of its own, so the page needs no inline script (CSP).
    path("docs/", non_atomic_requests(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    # Renditions the API names before they exist are made when first fetched (then redirected to).
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(action="redirect"),
            name="wagtailimages_serve"),
]
