"""Cursor pagination (DRF's) with the API's rules: a bad cursor or page size is a 400, not a 404."""

from django.conf import settings
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from cms.api.errors import BadParameter


class ItemCursorPagination(CursorPagination):
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"

    def __init__(self, ordering):
        # The first field positions the cursor; the page id after it breaks ties.
        self.ordering = ordering
        self.page_size = settings.VSS_API_PAGE_SIZE
        self.max_page_size = settings.VSS_API_MAX_PAGE_SIZE

    def get_ordering(self, request, queryset, view):
        return self.ordering

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise BadParameter("page_size", "'page_size' must be a whole number.") from None
        if not 1 <= size <= self.max_page_size:
            raise BadParameter("page_size", f"'page_size' must be between 1 and {self.max_page_size}.",
                               maximum=self.max_page_size)
        return size

    def decode_cursor(self, request):
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        try:
            cursor = super().decode_cursor(request)
        except (NotFound, ValueError, UnicodeError):
            cursor = None
        if cursor is None or (cursor.position is not None and not _is_datetime(cursor.position)):
            raise BadParameter("cursor", "The cursor is malformed; use the 'next' or 'previous' link as given.")
        return cursor

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }



def _is_datetime(text):
    try:
        value = parse_datetime(text)
    except ValueError:
        return False
    return value is not None and 1900 <= value.year <= 9000  # beyond, SQLite's UTC conversion overflows
