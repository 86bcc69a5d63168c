from django.urls import path

from channels.vssid import views

app_name = "vssid"
urlpatterns = [
    path("", views.feed_index, name="index"),
    path("<str:province>/<str:language>/<str:fmt>", views.feed_view, name="feed"),
]
