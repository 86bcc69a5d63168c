"""The admin's "Kết nối Zalo OA": send the OA's admin to Zalo's consent page (PKCE), take the code back.

The pair never passes through a person's hands or a form: Zalo redirects the
browser to the callback with a one-time code, which is exchanged, with the PKCE
verifier kept in the session, for the OA's tokens.
"""

import logging
import secrets

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from channels.destinations import port
from channels.exceptions import ChannelError
from channels.zalo import tokens

logger = logging.getLogger(__name__)
SESSION_KEY = "zalo_connect"


def _destination(request, pk):
    # Destinations and who may manage them are publishing's: asked through the port, same rule as its views.
    return port().get(request.user, pk, channel="zalo")


def connect(request):
    """Start: ?destination=<id>, or ?app_id=&oa_id= (the link in a paused destination's explanation)."""
    pk = request.GET.get("destination")
    if not pk:
        found = [d for d in port().visible(request.user, channel="zalo")
                 if str(d.config.get("app_id")) == request.GET.get("app_id")
                 and str(d.config.get("oa_id")) == request.GET.get("oa_id")]
        if not found:
            return HttpResponseBadRequest(_("No Zalo OA destination you may manage has this app and OA."))
        pk = found[0].pk
    destination = _destination(request, pk)
    verifier, challenge = tokens.pkce_pair()
    state = secrets.token_urlsafe(24)
    pending = request.session.get(SESSION_KEY, {})
    pending[state] = {"verifier": verifier, "destination": destination.pk}
    request.session[SESSION_KEY] = dict(list(pending.items())[-5:])  # a few tabs at most
    return redirect(tokens.authorization_url(
        app_id=destination.config["app_id"], redirect_uri=request.build_absolute_uri(reverse("zalo_callback")),
        code_challenge=challenge, state=state, oauth_url=destination.config.get("oauth_url", "")))


def callback(request):
    """Zalo sends the browser back here with ?code=&oa_id=&state=."""
    pending = request.session.get(SESSION_KEY, {})
    attempt = pending.pop(request.GET.get("state", ""), None)
    request.session[SESSION_KEY] = pending
    if attempt is None or not request.GET.get("code"):
        return HttpResponseBadRequest(_("This Zalo connection link has expired or was not started here. "
                                        "Start again from \"Connect Zalo OA\"."))
    destination = _destination(request, attempt["destination"])
    config = destination.config
    edit = reverse("wagtailsnippets_publishing_destination:edit", args=[destination.pk])
    if request.GET.get("oa_id") and request.GET["oa_id"] != str(config.get("oa_id")):
        messages.error(request, _("Zalo authorised OA %(given)s, but this destination is OA %(wanted)s. Sign in "
                                  "to Zalo as that OA's admin and try again.")
                       % {"given": request.GET["oa_id"], "wanted": config.get("oa_id")})
        return redirect(edit)
    try:
        tokens.exchange_code(app_id=config["app_id"], oa_id=config["oa_id"], secret_key=destination.secret,
                             code=request.GET["code"], code_verifier=attempt["verifier"],
                             oauth_url=config.get("oauth_url", ""))
    except (ValueError, ChannelError) as exc:
        logger.warning("zalo connect failed destination=%s: %s", destination.pk, exc)
        messages.error(request, _("Zalo did not connect the OA: %(reason)s") % {"reason": exc})
        return redirect(edit)
    port().resume(destination, request.user)
    messages.success(request, _("Zalo OA %(oa)s is connected; its waiting posts go out now.") % {"oa": config["oa_id"]})
    return redirect(edit)
