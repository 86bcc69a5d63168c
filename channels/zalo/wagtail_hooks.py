from django.urls import path
from wagtail import hooks

from channels.zalo import views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("zalo/connect/", views.connect, name="zalo_connect"),
            path("zalo/callback/", views.callback, name="zalo_callback")]
