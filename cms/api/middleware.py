"""Answers a still-current conditional GET of a public read with 304 before anything else runs.

The check costs one single-row query (cms.api.caching); placed first, it also skips the
session, authentication, CSRF and DRF machinery, which otherwise cost more than the check.
A 304 carries no content, so it is not counted by the throttles.
"""

from django.urls import Resolver404, resolve

from cms.api.caching import Validators

PUBLIC_READS = {"api-item-list", "api-item-detail"}


class ConditionalReadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method in ("GET", "HEAD") and request.path_info.startswith("/api/items")
                and ("HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META)):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and match.url_name in PUBLIC_READS and "HTTP_AUTHORIZATION" not in request.META:
                not_modified = Validators(request).not_modified(request)
                if not_modified is not None:
                    return not_modified
        return self.get_response(request)
