from django.urls import path

from channels import views

urlpatterns = [
    path("portal-item.json", views.portal_item_schema, name="portal_item_schema"),
]
