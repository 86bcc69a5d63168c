from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from channels.youtube import views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("youtube/", views.youtube_destinations, name="youtube_destinations"),
        path("youtube/<int:pk>/connect/", views.connect, name="youtube_connect"),
        path("youtube/oauth/callback/", views.callback, name="youtube_oauth_callback"),
    ]


@hooks.register("register_settings_menu_item")
def youtube_menu_item():
    return MenuItem(_("YouTube channels"), reverse("youtube_destinations"), icon_name="media", order=620)
