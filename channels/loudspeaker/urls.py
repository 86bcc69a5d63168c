"""/radio/: the operators' pages, and the device pull API under /radio/device/."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path, reverse_lazy

from channels.loudspeaker import api, views

app_name = "radio"

urlpatterns = [
    path("", views.script_list, name="scripts"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page=reverse_lazy("radio:login")), name="logout"),
    path("scripts/<int:pk>/", views.script_detail, name="script"),
    re_path(r"^scripts/(?P<pk>\d+)/(?P<fmt>[a-z0-9]{2,5})/$", views.script_download, name="download"),
    re_path(r"^week/(?P<week>\d{4}-W\d{2})\.zip$", views.week_bundle, name="bundle"),
    path("device/v1/scripts", api.device_scripts, name="device_scripts"),
]
