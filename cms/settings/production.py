import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env_bool, env_list
from cms.content_security import content_security_policy

DEBUG = False
if os.environ.get("SECRET_KEY", "") in ("", "insecure-dev-key-change-me"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")

# --- Headers (docs/security.md) ----------------------------------------------------
# Behind a proxy that ends TLS and sets X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER above).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer's check speaks plain HTTP inside
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview opens pages in a frame of the admin
# Content-Security-Policy (django-csp), from cms/content_security.py: no inline script but in
# Wagtail's admin, whose widgets still write some; styles stay 'unsafe-inline' (Swagger UI, Wagtail).
INSTALLED_APPS += ["csp"]  # noqa: F405
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,  # noqa: F405
                  "cms.content_security.ScopedCSPMiddleware")
_MEDIA_HOSTS = env_list("CSP_MEDIA_HOSTS")  # the S3 bucket's or CDN's address, if media come from there
CONTENT_SECURITY_POLICY = content_security_policy(_MEDIA_HOSTS)
# W019: Wagtail's preview frames the site's own pages (SAMEORIGIN). W021: the HSTS preload
# list is a commitment an operator makes on purpose (SECURE_HSTS_PRELOAD=1).
SILENCED_SYSTEM_CHECKS = ["security.W019"] + ([] if SECURE_HSTS_PRELOAD else ["security.W021"])
