"""The radio operators' pages at /radio/: server-rendered, no JavaScript, small enough for a slow phone.

Every view is bound to the operator's own commune: a script of another commune
answers 404 as if it did not exist, and nothing is written.
"""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from channels.loudspeaker import selectors
from channels.loudspeaker.bundles import parse_week, weekly_bundle
from channels.loudspeaker.forms import ConfirmForm, OperatorLoginForm, operator_commune
from channels.loudspeaker.services import broadcast_confirm
from media.storage import signed_url

DAYS_AHEAD = 6


def operator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('radio:login')}?next={request.path}")
        commune = operator_commune(request.user)
        if commune is None:
            raise PermissionDenied("not a commune radio operator")
        request.commune = commune
        return view(request, *args, **kwargs)

    return wrapper


class LoginView(auth_views.LoginView):
    template_name = "loudspeaker/login.html"
    authentication_form = OperatorLoginForm
    redirect_authenticated_user = False
    next_page = reverse_lazy("radio:scripts")


def _formats():
    from channels.loudspeaker.exports import FORMATS, tts_available

    return FORMATS, tts_available()


@require_GET
@operator_required
def script_list(request):
    today = selectors.today()
    scripts = list(selectors.scripts_for_commune(request.commune))
    last = today + datetime.timedelta(days=DAYS_AHEAD)
    formats, tts = _formats()
    later = [script for script in scripts if script.starts_on > last]
    year, week, _day = today.isocalendar()
    return render(request, "loudspeaker/scripts.html", {
        "commune": request.commune, "today": today, "days": selectors.days_of(scripts, today, last),
        "later": later, "formats": formats, "tts_available": tts, "week": f"{year}-W{week:02d}",
        "next_week": "%d-W%02d" % (today + datetime.timedelta(days=7)).isocalendar()[:2],
    })


def _script_or_404(request, pk):
    script = selectors.script_for_commune(request.commune, pk)
    if script is None:
        raise Http404("No such script")
    return script


@require_http_methods(["GET", "POST"])
@operator_required
def script_detail(request, pk):
    script = _script_or_404(request, pk)
    formats, tts = _formats()
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        if form.is_valid():
            broadcast_confirm(operator=request.user, script=script, **form.cleaned_data)
            messages.success(request, _("Recorded: “%(title)s” broadcast %(times)s time(s).") % {
                "title": script.title, "times": form.cleaned_data["times"]})
            return redirect("radio:scripts")
        status = 400
    else:
        form = ConfirmForm(initial={"broadcast_at": timezone.localtime().replace(second=0, microsecond=0),
                                    "times": script.repeats})
        status = 200
    return render(request, "loudspeaker/script.html", {
        "commune": request.commune, "script": script, "form": form, "formats": formats, "tts_available": tts,
        "broadcasts": script.commune.broadcasts.filter(page_id=script.page_id).order_by("-broadcast_at")[:5],
    }, status=status)


@require_GET
@operator_required
def script_download(request, pk, fmt):
    script = _script_or_404(request, pk)
    name = script.render.files.get(fmt)
    if not name:
        raise Http404("This format is not available for this script")
    response = HttpResponseRedirect(signed_url(name, download_name=selectors.download_name(script, fmt)))
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@operator_required
def week_bundle(request, week):
    try:
        year, number = parse_week(week)
    except ValueError:
        raise Http404("No such week") from None
    data, _count = weekly_bundle(commune=request.commune, year=year, week=number)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{request.commune.code}-{year}-W{number:02d}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
