import json

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import path
from wagtail import hooks

from channels.models import LoggedPost


def logged_post(request, pk):
    """What the "log" channel received: the demo's stand-in for a post on a real channel."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    post = get_object_or_404(LoggedPost, pk=pk)
    return render(request, "channels/logged_post.html", {
        "post": post, "payload": json.dumps(post.payload, ensure_ascii=False, indent=2)})


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("log-posts/<int:pk>/", logged_post, name="channels_logged_post")]
