"""Wagtail's stock API endpoints (/api/v2/ and /admin/api/main/) answer bad parameters with a 400.

Wagtail turns its own BadRequestError into a 400 but lets a filter value the database cannot
compare (``?first_published_at=x``), an id past the integer range, an offset past 64 bits or
a NUL in ``?search=`` reach the database and come back as a 500. Here the parameters are
checked before the query, errors that can only come from a parameter are mapped after it,
and every error leaves in the project's ``{message, code, extra}`` shape (cms.api.errors).
"""

from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError

from cms.api.errors import BadQuery

# SQLite and PostgreSQL both hold 64-bit signed integers; no page, offset or id is larger.
MAX_INTEGER = 2**63 - 1
INTEGER_PARAMETERS = {"offset", "limit", "id", "child_of", "descendant_of", "ancestor_of"}
# Raised while building or running the query only because of what the client sent.
INPUT_ERRORS = (ValidationError, ValueError, TypeError, OverflowError, DataError)


def _check(request):
    for name, values in request.GET.lists():
        for value in values:
            if "\x00" in name or "\x00" in value:
                raise BadQuery("Query parameters may not contain NUL characters.", code="bad_parameter")
            if name in INTEGER_PARAMETERS and value.strip().lstrip("-").isdigit() and abs(int(value)) > MAX_INTEGER:
                raise BadQuery(f"{name} is out of range.")


class SafeParametersMixin:
    """For Wagtail's API viewsets: no 500 for a bad query string."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _check(request)

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            exc = BadQuery(str(exc))
        elif isinstance(exc, Http404):
            exc = exceptions.NotFound(str(exc) or "Not found.")
        elif isinstance(exc, INPUT_ERRORS):
            exc = BadQuery(_message(exc))
        # DRF's own handling, with the project's EXCEPTION_HANDLER, not Wagtail's {"message"} only.
        return APIView.handle_exception(self, exc)


def _message(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, (OverflowError, DataError)):
        return "A number in the query is out of range."
    return "A query parameter has a value of the wrong type."
