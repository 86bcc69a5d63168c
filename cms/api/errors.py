"""Every API error leaves through one handler, as {"message": ..., "extra": {...}}."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)


class BadParameter(exceptions.APIException):
    """A query parameter the API cannot use: 400, naming the parameter and why."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_parameter"

    def __init__(self, parameter, message, **extra):
        super().__init__(message)
        self.parameter = parameter
        self.extra = {"parameter": parameter, **extra}


class BadQuery(exceptions.APIException):
    """A query the stock Wagtail endpoints cannot answer (a date that is no date, an id out of range)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_parameter"


class PreviewTokenInvalid(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "preview_token_invalid"


def api_exception_handler(exc, context):
    """DRF's exception hook: one JSON shape for every error, never a traceback."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's 500 handler logs it
    extra = dict(getattr(exc, "extra", {}) or {})
    detail = exc.detail
    if isinstance(detail, (dict, list)):
        message = "Invalid input."
        extra["errors"] = detail
    else:
        message = str(detail)
    code = exc.get_codes() if not isinstance(detail, (dict, list)) else "invalid"
    body = {"message": message, "code": code, "extra": extra}
    headers = {"Cache-Control": "no-store"}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if exc.status_code >= 500:
        logger.warning("api error status=%s code=%s", exc.status_code, code)
    return Response(body, status=exc.status_code, headers=headers)
