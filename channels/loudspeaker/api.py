"""The device pull API: smart loudspeaker boxes fetch their commune's scripts and MP3s themselves.

``GET /radio/device/v1/scripts`` with ``Authorization: Bearer <token>`` (or the
``X-Device-Token`` header). A token belongs to one box and one commune and sees
only that commune's scripts. Errors are JSON ``{"message", "extra"}``; a missing,
unknown or revoked token is 401. Wire format: README, "Device pull API".
"""

import datetime

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from channels.loudspeaker.selectors import script_entry, scripts_for_commune
from channels.loudspeaker.services import device_for_token

ALLOWED_PARAMETERS = {"from", "until"}
LINK_SECONDS = 6 * 3600  # a box on a slow line may take a while to fetch a morning's files


def _error(status, message, **extra):
    response = JsonResponse({"message": message, "extra": extra}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="vss-loudspeaker"'
    response["Cache-Control"] = "no-store"
    return response


def _token(request):
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-Device-Token", "").strip()


def _date(request, name):
    value = request.GET.get(name)
    return datetime.date.fromisoformat(value) if value else None


@require_GET
def device_scripts(request):
    device = device_for_token(_token(request))
    if device is None:
        return _error(401, "missing, unknown or revoked device token")
    unknown = sorted(set(request.GET) - ALLOWED_PARAMETERS)
    if unknown:
        return _error(400, "unknown query parameters", parameters=unknown, allowed=sorted(ALLOWED_PARAMETERS))
    try:
        first, last = _date(request, "from"), _date(request, "until")
    except ValueError:
        return _error(400, "from and until must be dates, YYYY-MM-DD")
    if first and last and last < first:
        return _error(400, "until is before from")
    scripts = scripts_for_commune(device.commune, first=first, last=last)
    response = JsonResponse({
        "commune": {"code": device.commune.code, "name": device.commune.full_name},
        "device": device.name,
        "generated_at": timezone.now().isoformat(),
        "links_expire_in": LINK_SECONDS,
        "scripts": [script_entry(script, expires=LINK_SECONDS) for script in scripts],
    }, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response
