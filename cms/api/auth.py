"""Bearer tokens for the API's non-public endpoints: Wagtail's own API tokens.

Wagtail 8 stores only a digest of each token and gives staff a screen to create and
revoke them (and ``manage.py api_tokens``), but ships the check for its django-ninja
API only; this is the same check for DRF.
"""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from django.utils import timezone
from rest_framework import authentication, exceptions
from wagtail.models import APIToken


class APITokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token as: Authorization: Bearer <token>")
        try:
            token = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        if not APIToken.validate_token_format(token):
            raise exceptions.AuthenticationFailed("The token is not valid.")
        api_token = (APIToken.objects.select_related("user")
                     .filter(key_hash__in=APIToken.candidate_key_hashes(token), revoked_at__isnull=True).first())
        if api_token is None or not api_token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is not valid or has been revoked.")
        interval = getattr(settings, "WAGTAILAPI_TOKEN_LAST_USED_INTERVAL", 60)
        now = timezone.now()
        if interval is not None and (api_token.last_used_at is None
                                     or (now - api_token.last_used_at).total_seconds() >= interval):
            APIToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token.user, api_token

    def authenticate_header(self, request):
        return self.keyword


class APITokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the bearer token (drf-spectacular finds this subclass by itself)."""

    target_class = "cms.api.auth.APITokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A Wagtail API token (Settings → API tokens, or manage.py api_tokens create)."}
