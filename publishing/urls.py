from django.urls import path

from publishing.views import health

urlpatterns = [path("", health, name="health")]
