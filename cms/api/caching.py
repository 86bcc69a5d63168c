"""HTTP caching of public reads: ETag and Last-Modified from the read model's version.

Every publish, update or withdrawal bumps one version (cms.api.indexing), so the
check costs one single-row query and no list query: a client or cache holding
the current ETag gets a 304 at once.
"""

import datetime
import hashlib

from django.conf import settings
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from cms.models import PublishedIndexState

EPOCH = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)


class Validators:
    def __init__(self, request):
        row = PublishedIndexState.objects.filter(pk=1).values_list("version", "changed_at").first()
        version, changed_at = row or (0, EPOCH)
        # The version names the data; the path and query name the representation.
        digest = hashlib.blake2b(request.get_full_path().encode(), digest_size=6).hexdigest()
        self.etag = f'"{version}-{digest}"'
        self.last_modified = int(changed_at.timestamp())

    def not_modified(self, request):
        """A 304 answer when the client's ETag or date is current, else None."""
        response = get_conditional_response(request, etag=self.etag, last_modified=self.last_modified)
        if response is not None:
            self.apply(response)
        return response

    def apply(self, response):
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        response["Cache-Control"] = cache_control()
        response["Vary"] = "Accept, Authorization"
        return response


def cache_control():
    seconds = settings.VSS_API_CACHE_SECONDS
    if seconds > 0:
        return f"public, max-age={seconds}"
    return "public, no-cache"  # store, but ask again: answered by a 304 while nothing changed
