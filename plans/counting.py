"""Counting the activity register, in the database, for the reports' appendix 03 and for plan against actual.

One aggregate query per call, grouped by (reporting unit, kind): a commune's entries count
with its province, as its deliveries and broadcasts do in the reports. Health-insurance-only
follows the reports' rule: some policy area, and every one of them a health-insurance one.
"""

import collections

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.http import urlencode

from plans.models import ActivityEntry
from plans.models.register import MEETING_KINDS, PRESS_KINDS, ActivityKind
from reports.selectors import unit_of


def health_insurance_only():
    through = ActivityEntry.policy_areas.through.objects
    hi = through.filter(policyarea__is_health_insurance=True).values("activityentry_id")
    other = through.filter(policyarea__is_health_insurance=False).values("activityentry_id")
    return Q(pk__in=hi) & ~Q(pk__in=other)


def entries_in(first, last):
    return ActivityEntry.objects.between(first, last).order_by()


def kind_totals(unit_ids, first, last):
    """``{unit_id: {kind: {"n", "attendees", "quantity", "gained", "hi_n", "hi_attendees"}}}`` for the days [first, last]."""
    hi = health_insurance_only()
    rows = (entries_in(first, last).annotate(unit_id=unit_of("org_unit")).filter(unit_id__in=unit_ids)
            .values("unit_id", "kind")
            .annotate(n=Count("pk"), people=Sum("attendees"), pieces=Sum("quantity"),
                      gained=Sum("participants_gained"), hi_n=Count("pk", filter=hi),
                      hi_people=Sum("attendees", filter=hi)))
    names = {"n": "n", "people": "attendees", "pieces": "quantity", "gained": "gained", "hi_n": "hi_n",
             "hi_people": "hi_attendees"}
    totals = collections.defaultdict(dict)
    for row in rows:
        totals[row["unit_id"]][row["kind"]] = {name: row[alias] or 0 for alias, name in names.items()}
    return totals


# Appendix 03 figure -> (register kinds, what is added up). The reports' lines.py names the same keys.
REPORT_LINES = {
    "meetings": (MEETING_KINDS, "n"),
    "meeting_attendees": (MEETING_KINDS, "attendees"),
    "post_office_meetings": ((ActivityKind.POST_OFFICE_MEETING,), "n"),
    "post_office_attendees": ((ActivityKind.POST_OFFICE_MEETING,), "attendees"),
    "post_office_new_participants": ((ActivityKind.POST_OFFICE_MEETING,), "gained"),
    "hi_meetings": (MEETING_KINDS, "hi_n"),
    "hi_meeting_attendees": (MEETING_KINDS, "hi_attendees"),
    "press_items": (PRESS_KINDS, "n"),
    "press_hi_items": (PRESS_KINDS, "hi_n"),
    "posters": ((ActivityKind.POSTER, ActivityKind.BANNER), "quantity"),
    "online_qa": ((ActivityKind.ONLINE_QA,), "n"),
    "staff_training": ((ActivityKind.STAFF_TRAINING,), "n"),
}


def report_figures(unit_ids, period):
    """Hook ``report_counted_figures``: the register's share of appendix 03, ``{unit_id: {key: number}}``."""
    totals = kind_totals(unit_ids, period.first, period.last)
    figures = {}
    for unit_id, kinds in totals.items():
        figures[unit_id] = {key: sum(kinds.get(kind, {}).get(value, 0) for kind in line_kinds)
                            for key, (line_kinds, value) in REPORT_LINES.items()}
    return figures


def drill_query(*, unit, first, last, kinds, hi=False):
    params = {"unit": unit.code, "start": first.isoformat(), "end": last.isoformat(), "kind": ",".join(kinds)}
    if hi:
        params["hi"] = "1"
    return reverse("plans_drill") + "?" + urlencode(params)


def report_drill_url(key, unit, period):
    """Hook ``report_drill_url``: where a register figure of the reports' table leads, or None."""
    if key not in REPORT_LINES:
        return None
    kinds, value = REPORT_LINES[key]
    return drill_query(unit=unit, first=period.first, last=period.last, kinds=[str(kind) for kind in kinds],
                       hi=value.startswith("hi_"))


def drill_entries(unit_ids, first, last, *, kinds=None, hi=False):
    rows = (ActivityEntry.objects.between(first, last).annotate(unit_id=unit_of("org_unit"))
            .filter(unit_id__in=unit_ids).select_related("org_unit", "campaign").order_by("held_on", "pk"))
    if kinds:
        rows = rows.filter(kind__in=kinds)
    if hi:
        rows = rows.filter(health_insurance_only())
    return rows
