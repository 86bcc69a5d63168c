"""The loudspeaker channel's place in the admin: the read-through view (Đọc thử) of broadcast scripts."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets

from channels.loudspeaker.read_through import read_through_view


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("loudspeaker/read-through/<int:page_id>/", read_through_view, name="loudspeaker_read_through")]


@hooks.register("register_page_header_buttons")
def read_through_button(page, user, view_name=None, next_url=None):
    specific = page.specific_deferred
    if hasattr(specific, "spoken_overrides") and page.permissions_for_user(user).can_edit():
        yield wagtailadmin_widgets.Button(
            _("Read-through"), reverse("loudspeaker_read_through", args=[page.pk]), icon_name="view", priority=70,
        )
