"""Error pages in Vietnamese for the site, the admin and the radio pages (handler404/403/500).

Each page says what happened and offers the way back to the part of the site the person
was in; the exception's own text (English, for logs) is never shown.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

# (path prefix, where "back" goes, its label); the first that matches the request wins.
AREAS = [
    ("/radio/", "/radio/", lambda: _("Back to the radio scripts")),
    ("/admin/", "/admin/", lambda: _("Back to the admin")),
    ("", "/admin/", lambda: _("Back to the home page")),
]


def _area(request):
    path = getattr(request, "path", "") or ""
    for prefix, url, label in AREAS:
        if path.startswith(prefix):
            return {"area": prefix.strip("/") or "site", "back_url": url, "back_label": label()}
    return {}


def _render(request, template, status):
    response = render(request, template, _area(request), status=status)
    return response


def page_not_found(request, exception=None):
    return _render(request, "404.html", 404)


def permission_denied(request, exception=None):
    return _render(request, "403.html", 403)


def server_error(request):
    # Rendered without the context processors' database work: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render(_area(request)))
