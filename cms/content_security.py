"""The Content-Security-Policy (django-csp): inline scripts are refused everywhere but Wagtail's admin.

The project's own pages (radio pages, feeds, errors) carry no inline script, and Swagger UI is
served split (its start-up script is a file of its own), so 'self' is enough there; a template
that needs an inline script gives it ``nonce="{{ request.csp_nonce }}"``. Wagtail's admin (8.x)
still writes inline scripts in its widgets (date and time pickers, inline panels, choosers), so
under its prefix alone script-src also allows 'unsafe-inline'. Styles stay 'unsafe-inline': Swagger
UI and Wagtail set style attributes in their markup.
"""

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings


def content_security_policy(media_hosts=()):
    """The policy of cms.settings.production (a function, so tests apply the very same one)."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": [SELF, "data:", "blob:", *media_hosts],
            "media-src": [SELF, "blob:", *media_hosts],
            "font-src": [SELF, "data:"],
            "connect-src": [SELF],
            "frame-src": [SELF, "https://www.youtube.com", "https://www.youtube-nocookie.com",
                          "https://www.facebook.com"],
            "frame-ancestors": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
        },
    }


def inline_script_prefixes():
    """Paths whose third-party pages need inline scripts: Wagtail's admin (setting VSS_CSP_INLINE_SCRIPT_PREFIXES)."""
    from django.urls import reverse

    return tuple(getattr(settings, "VSS_CSP_INLINE_SCRIPT_PREFIXES", None) or (reverse("wagtailadmin_home"),))


class ScopedCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(inline_script_prefixes()) and getattr(request, "_csp_nonce", None) is None:
            # A nonce in the header would make browsers ignore 'unsafe-inline'; none was asked for here.
            parts.update = {**(parts.update or {}), "script-src": [UNSAFE_INLINE]}
        return parts
