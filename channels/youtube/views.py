""""Kết nối YouTube": Google's OAuth consent for a destination, and the callback that keeps its refresh token.

Staff who may re-authorise a destination start here; Google's consent screen is
asked for offline access (a refresh token) with ``prompt=consent`` (Google gives
a refresh token again only then) and the two scopes the channel needs. The
``state`` is signed, tied to the browser session and to the destination, and
expires, so a callback cannot be replayed or pointed at another destination.
The refresh token is handed to publishing's re-authorise action (through
channels.destinations, the port publishing installs), which stores it encrypted
like every secret, tests it and resumes the destination only when it works.
"""

import secrets
from urllib.parse import urlencode

import requests
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from channels.destinations import port
from channels.youtube import client
from channels.youtube.quota import DEFAULT_UNITS, DEFAULT_UPLOADS, Ledger, next_reset

STATE_SALT = "channels.youtube.oauth"
STATE_MAX_AGE = 15 * 60


def _destination(request, pk):
    return port().get(request.user, pk, channel="youtube")


def _callback_url(request):
    return request.build_absolute_uri(reverse("youtube_oauth_callback"))


def authorisation_url(destination, request):
    """Google's consent URL for ``destination``; remembers the state's nonce in the session."""
    nonce = secrets.token_urlsafe(16)
    request.session["youtube_oauth_nonce"] = nonce
    state = signing.dumps({"d": destination.pk, "n": nonce}, salt=STATE_SALT)
    query = {"client_id": client.client_id(destination.config), "redirect_uri": _callback_url(request),
             "response_type": "code", "scope": " ".join(client.SCOPES), "access_type": "offline",
             "prompt": "consent", "include_granted_scopes": "true", "state": state}
    return f"{destination.config.get('auth_url') or client.AUTH_URL}?{urlencode(query)}"


def youtube_destinations(request):
    """The YouTube destinations this person sees, each with its connection and today's quota."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    rows = []
    for destination in port().visible(request.user, channel="youtube"):
        ledger = Ledger(project=client.client_id(destination.config),
                        units=destination.config.get("daily_quota") or DEFAULT_UNITS,
                        uploads=destination.config.get("daily_uploads") or DEFAULT_UPLOADS)
        units, uploads = ledger.left()
        rows.append({"destination": destination, "units": units, "uploads": uploads,
                     "can_connect": port().can_manage(destination, request.user)})
    return render(request, "youtube/destinations.html", {"rows": rows, "reset": next_reset()})


def connect(request, pk):
    destination = _destination(request, pk)
    if not client.client_id(destination.config):
        messages.error(request, _("Set the OAuth client ID (the YOUTUBE_CLIENT_ID setting) first."))
        return redirect("youtube_destinations")
    return redirect(authorisation_url(destination, request))


def callback(request):
    try:
        state = signing.loads(request.GET.get("state", ""), salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except signing.BadSignature:
        return HttpResponseBadRequest(_("This YouTube connection link is not valid or has expired; start again."))
    if state.get("n") != request.session.pop("youtube_oauth_nonce", None):
        return HttpResponseBadRequest(_("This YouTube connection was started in another browser session; start again."))
    destination = _destination(request, state["d"])
    if request.GET.get("error"):
        messages.error(request, _("Google did not connect the channel: %(error)s") % {"error": request.GET["error"]})
        return redirect("youtube_destinations")
    config = destination.config
    try:
        answer = requests.post(config.get("token_url") or client.TOKEN_URL, timeout=30, data={
            "grant_type": "authorization_code", "code": request.GET.get("code", ""),
            "redirect_uri": _callback_url(request), "client_id": client.client_id(config),
            "client_secret": client.client_secret()})
        tokens = answer.json()
    except (requests.RequestException, ValueError) as exc:
        messages.error(request, _("Google's token service did not answer (%(error)s); try again.")
                       % {"error": type(exc).__name__})
        return redirect("youtube_destinations")
    refresh_token = tokens.get("refresh_token") if isinstance(tokens, dict) else None
    if not refresh_token:
        messages.error(request, _("Google gave no refresh token (%(error)s); try again.")
                       % {"error": (tokens or {}).get("error", answer.status_code)})
        return redirect("youtube_destinations")
    ok, message = port().reauthorise(destination, request.user, secret=refresh_token)
    if ok:
        messages.success(request, _("YouTube connected for %(destination)s: %(message)s")
                         % {"destination": destination, "message": message})
    else:
        messages.error(request, _("The connection does not work: %(message)s") % {"message": message})
    return redirect("youtube_destinations")
