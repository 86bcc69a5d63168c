"""The campaign calendar in the admin (month and week, server-rendered), and each unit's iCalendar feed.

Server-rendered HTML and a CSS grid rather than a JavaScript calendar: `make run` must work on
a machine with Python alone (no npm build, no CDN), and the month is one page a person reads.
"""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cms.models import Campaign, ChannelKind, OrgUnit
from plans import access
from plans.calendar import calendar_cells, month_grid
from plans.ics import unit_calendar
from plans.models import CalendarToken
from plans.models.calendar import new_token
from plans.views.base import UnitScopedMixin
from reports.periods import REPORT_TZ

MONTH_LIMIT, WEEK_LIMIT = 6, 60


def _unit_ids(unit):
    return set(OrgUnit.objects.within(unit).values_list("pk", flat=True)) if unit.kind != OrgUnit.Kind.CENTRAL \
        else {unit.pk}


class CalendarView(UnitScopedMixin, TemplateView):
    template_name = "plans/calendar.html"

    def get(self, request, *args, **kwargs):
        params = request.GET
        today = timezone.now().astimezone(REPORT_TZ).date()
        view = params.get("view") if params.get("view") in ("month", "week") else "month"
        try:
            day = datetime.date.fromisoformat(params["day"]) if params.get("day") else today
            if not 2000 <= day.year <= 2100:
                raise ValueError
        except ValueError:
            return self.render_to_response({"page_title": _("Campaign calendar"),
                                            "error": _("“%(value)s” is not a date (YYYY-MM-DD).")
                                            % {"value": params.get("day")}}, status=400)
        unit = self.get_unit()
        unit_ids = access.visible_unit_ids(request.user) if unit is None else _unit_ids(unit)
        campaign = None
        if params.get("campaign"):
            campaign = Campaign.objects.filter(slug=params["campaign"]).first()
            if campaign is None:
                raise Http404("No such campaign")
        channels = list(ChannelKind.objects.all())
        channel = params.get("channel") or None
        if channel and channel not in {kind.code for kind in channels}:
            raise Http404("No such channel")
        if view == "month":
            weeks = month_grid(day.year, day.month)
            limit = MONTH_LIMIT
            previous = (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
            following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
            title = _("Month %(month)s/%(year)s") % {"month": day.month, "year": day.year}
        else:
            monday = day - datetime.timedelta(days=day.weekday())
            weeks = [[monday + datetime.timedelta(days=n) for n in range(7)]]
            limit = WEEK_LIMIT
            previous, following = monday - datetime.timedelta(days=7), monday + datetime.timedelta(days=7)
            title = _("Week of %(day)s") % {"day": monday.strftime("%d/%m/%Y")}
        cut = calendar_cells(weeks[0][0], weeks[-1][-1], per_day=limit, unit_ids=unit_ids, campaign=campaign,
                             channel=channel)
        keep = {key: value for key, value in params.items() if key in ("unit", "campaign", "channel", "view")}
        cells = [[{"day": d, "entries": cut.get(d, ([], 0))[0], "more": cut.get(d, ([], 0))[1],
                   "in_month": view == "week" or d.month == day.month, "today": d == today,
                   "week_url": "?" + urlencode({**keep, "view": "week", "day": d.isoformat()})} for d in week]
                 for week in weeks]
        return self.render_to_response({
            "page_title": _("Campaign calendar"), "title": title, "view": view, "weeks": cells, "units": self.units,
            "unit": unit, "sees_all": self.sees_all, "campaigns": Campaign.objects.all(), "campaign": campaign,
            "channels": channels, "channel": channel, "day": day,
            "previous_url": "?" + urlencode({**keep, "day": previous.isoformat()}),
            "next_url": "?" + urlencode({**keep, "day": following.isoformat()}),
            "month_url": "?" + urlencode({**keep, "view": "month", "day": day.isoformat()}),
            "this_week_url": "?" + urlencode({**keep, "view": "week", "day": day.isoformat()}),
            "feed_url": reverse("plans_calendar_feed"),
        })


class FeedTokenView(UnitScopedMixin, TemplateView):
    """The address of the person's own unit's feed; POST makes a new token (the old address stops working)."""

    template_name = "plans/feed.html"

    def _unit(self):
        unit = access.own_unit(self.request.user)
        if unit is None:
            if self.request.user.is_superuser:
                return OrgUnit.objects.get(kind=OrgUnit.Kind.CENTRAL)
            raise Http404("No unit")
        return unit

    def get(self, request, *args, **kwargs):
        unit = self._unit()
        token, _created = CalendarToken.objects.get_or_create(org_unit=unit)
        url = request.build_absolute_uri(reverse("plans_ics", args=[token.token]))
        return self.render_to_response({"page_title": _("Calendar feed"), "unit": unit, "feed": url,
                                        "can_renew": access.is_staff_writer(request.user)})

    def post(self, request, *args, **kwargs):
        if not access.is_staff_writer(request.user):
            raise Http404("Not allowed")
        unit = self._unit()
        CalendarToken.objects.update_or_create(org_unit=unit, defaults={"token": new_token()})
        return redirect("plans_calendar_feed")


class IcsFeedView(View):
    """Public by token: a wrong or renewed token is a 404, like a page that does not exist."""

    def get(self, request, token):
        found = CalendarToken.objects.select_related("org_unit").filter(token=token).first()
        if found is None or not token:
            raise Http404("No such calendar")
        unit = found.org_unit
        today = timezone.now().astimezone(REPORT_TZ).date()
        body = unit_calendar(unit, unit_ids=_unit_ids(unit) if unit.kind != OrgUnit.Kind.CENTRAL else None,
                             today=today)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="lich-{unit.slug}.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response
