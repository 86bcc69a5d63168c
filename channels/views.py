from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from channels.portal.standin import SCHEMA_PATH


@require_GET
@cache_control(public=True, max_age=3600)
def portal_item_schema(request):
    """The JSON Schema of what portals receive: the contract portal teams build against."""
    return HttpResponse(SCHEMA_PATH.read_bytes(), content_type="application/schema+json")
