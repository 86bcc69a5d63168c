"""What the campaign calendar shows for a range of days, scoped to the units a person may read.

Sources: the yearly and one-off campaigns (cms Campaign), deliveries due in the range (one per
destination, at its own time: ``due_at``), items scheduled to go live, register entries, the
first day of each planned line of the received plans, and the reporting deadlines. Each query
is one SELECT of the fields shown. For a grid whose cells show a few entries (``calendar_cells``)
the database cuts each day: ROW_NUMBER() per day keeps the first rows of each source and COUNT()
over the same day gives the "+N more", so a month of 5,000 entries fetches a few hundred rows.
"""

import collections
import dataclasses
import datetime

from django.db.models import Count, F, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.models import CONTENT_TYPES, Campaign
from plans.deadlines import deadlines_between
from plans.models import ActivityEntry, PlanLine
from publishing.models import Delivery
from reports.periods import REPORT_TZ

KINDS = ("campaign", "delivery", "scheduled", "activity", "plan", "deadline")


@dataclasses.dataclass
class Entry:
    kind: str
    title: str
    url: str
    time: datetime.time | None = None
    channel: str = ""
    status: str = ""
    unit: str = ""
    key: str = ""  # stable id for the iCalendar UID


def _bounds(first, last):
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=REPORT_TZ)
    return start, datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=REPORT_TZ)


def campaign_days(first, last, *, campaign=None):
    """``{campaign: [days in range]}`` for campaigns active in the range (yearly ones on their day and month)."""
    campaigns = Campaign.objects.all() if campaign is None else Campaign.objects.filter(pk=campaign.pk)
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    return {c: [day for day in days if c.is_active_on(day)] for c in campaigns if any(c.is_active_on(d) for d in days)}


def _linker(name):
    """``pk -> URL`` of one admin view: one reverse() for thousands of entries (reverse costs as much as a row)."""
    head, tail = reverse(name, args=[999999999]).split("999999999")
    return lambda pk: f"{head}{pk}{tail}"


def _campaign_of_page():
    return Coalesce(*(f"page__{model._meta.model_name}__campaign" for model in CONTENT_TYPES))


def _first_of_each_day(rows, day, order, per_day, fields):
    """``rows`` as tuples of ``fields`` and how many entries each stands for in the day's total.

    With ``per_day``, only each day's first ``per_day`` rows; the day's first row stands for the
    whole day (COUNT() over the day), the others for none. Without, every row stands for itself.
    The cut reads the filtered table alone (ids, rank, total); only the rows kept are then joined
    for the fields shown, so the joins touch a few hundred rows, not the month's thousands.
    """
    if per_day is None:
        return [(*row, 1) for row in rows.order_by(*order).values_list(*fields)]
    kept = rows.order_by().annotate(
        cal_rank=Window(RowNumber(), partition_by=[day], order_by=order),
        cal_total=Window(Count("pk"), partition_by=[day])).filter(cal_rank__lte=per_day)
    stands_for = {pk: total if rank == 1 else 0 for pk, rank, total in kept.values_list("pk", "cal_rank", "cal_total")}
    shown = rows.model._default_manager.filter(pk__in=stands_for).order_by(*order).values_list("pk", *fields)
    return [(*row, stands_for[pk]) for pk, *row in shown]


def calendar_days(first, last, *, unit_ids=None, campaign=None, channel=None, kinds=KINDS):
    """``{day: [Entry]}`` for the days [first, last]; ``unit_ids`` None means every unit."""
    return _collect(first, last, unit_ids=unit_ids, campaign=campaign, channel=channel, kinds=kinds)[0]


def calendar_cells(first, last, *, per_day, unit_ids=None, campaign=None, channel=None, kinds=KINDS):
    """``{day: ([the first per_day Entry], how many more)}``: what a grid cell shows, cut in the database."""
    days, totals = _collect(first, last, unit_ids=unit_ids, campaign=campaign, channel=channel, kinds=kinds,
                            per_day=per_day)
    return {day: (entries[:per_day], totals[day] - len(entries[:per_day])) for day, entries in days.items()}


def _collect(first, last, *, unit_ids, campaign, channel, kinds, per_day=None):
    """``({day: [Entry]}, {day: entries in all})``; with ``per_day`` each source gives at most that many a day."""
    days = collections.defaultdict(list)
    totals = collections.Counter()
    start, end = _bounds(first, last)
    if "campaign" in kinds:
        for item, active in campaign_days(first, last, campaign=campaign).items():
            url = reverse("wagtailsnippets_cms_campaign:edit", args=[item.pk])
            for day in active:
                days[day].append(Entry("campaign", item.name, url, key=f"campaign-{item.pk}-{day:%Y}"))
                totals[day] += 1
    if "delivery" in kinds:
        deliveries = Delivery.objects.filter(due_at__gte=start, due_at__lt=end, page__isnull=False) \
            .exclude(status="cancelled")
        if unit_ids is not None:
            deliveries = deliveries.filter(destination__org_unit_id__in=unit_ids)
        if channel:
            deliveries = deliveries.filter(destination__channel_kind__code=channel)
        if campaign:
            deliveries = deliveries.annotate(campaign_id=_campaign_of_page()).filter(campaign_id=campaign.pk)
        page_url = _linker("wagtailadmin_pages:edit")
        rows = _first_of_each_day(deliveries, TruncDate("due_at", tzinfo=REPORT_TZ), ["due_at", "pk"], per_day,
                                  ["pk", "page_id", "item_title", "due_at", "status",
                                   "destination__channel_kind__name", "destination__name"])
        for pk, page_id, title, due, status, channel_name, destination, total in rows:
            local = due.astimezone(REPORT_TZ)
            days[local.date()].append(Entry("delivery", title, page_url(page_id),
                                            time=local.time(), channel=channel_name or "", status=status,
                                            unit=destination, key=f"delivery-{pk}"))
            totals[local.date()] += total
    if "scheduled" in kinds and not channel:
        page_url = _linker("wagtailadmin_pages:edit")
        goes_live = _("goes live")
        for model in CONTENT_TYPES:
            pages = model.objects.filter(go_live_at__gte=start, go_live_at__lt=end)
            if unit_ids is not None:
                pages = pages.filter(org_unit_id__in=unit_ids)
            if campaign:
                pages = pages.filter(campaign=campaign)
            rows = _first_of_each_day(pages, TruncDate("go_live_at", tzinfo=REPORT_TZ), ["go_live_at", "pk"],
                                      per_day, ["pk", "title", "go_live_at"])
            for pk, title, at, total in rows:
                local = at.astimezone(REPORT_TZ)
                days[local.date()].append(Entry("scheduled", title, page_url(pk),
                                                time=local.time(), status=goes_live, key=f"page-{pk}"))
                totals[local.date()] += total
    if "activity" in kinds and not channel:
        entries = ActivityEntry.objects.between(first, last)
        if unit_ids is not None:
            entries = entries.filter(org_unit_id__in=unit_ids)
        if campaign:
            entries = entries.filter(campaign=campaign)
        labels = dict(ActivityEntry._meta.get_field("kind").choices)
        entry_url = _linker("wagtailsnippets_plans_activityentry:edit")
        rows = _first_of_each_day(entries, F("held_on"), ["held_on", "pk"], per_day,
                                  ["pk", "title", "held_on", "kind", "org_unit__name"])
        for pk, title, day, kind, unit, total in rows:
            days[day].append(Entry("activity", title, entry_url(pk),
                                   status=str(labels.get(kind, kind)), unit=unit, key=f"activity-{pk}"))
            totals[day] += total
    if "plan" in kinds and not channel and not campaign:
        # Whole-year lines have no first day to show: left in the database, not built and dropped.
        lines = PlanLine.objects.filter(plan__live=True, plan__year__gte=first.year, plan__year__lte=last.year) \
            .exclude(period_kind=PlanLine.PeriodKind.YEAR)
        if unit_ids is not None:
            lines = lines.filter(plan__org_unit_id__in=unit_ids)
        plan_url = _linker("wagtailsnippets_plans_yearlyplan:edit")
        lines = lines.select_related("template_line", "plan__org_unit").only(
            "content", "quantity", "unit_of_count", "period_kind", "period_number", "plan__year",
            "plan__org_unit__name", "template_line__code", "template_line__label", "template_line__default_unit")
        for line in lines.order_by("sort_order"):
            day = datetime.date(line.plan.year, line.months[0], 1)
            if first <= day <= last and line.period_kind != PlanLine.PeriodKind.YEAR:
                title = f"KH {line.template_line.code}: {line.content or line.template_line.label}"
                if line.quantity:
                    title += f" ({line.quantity} {line.count_unit}, {line.period_label})"
                days[day].append(Entry("plan", title, plan_url(line.plan_id),
                                       unit=line.plan.org_unit.name, key=f"planline-{line.pk}"))
                totals[day] += 1
    if "deadline" in kinds and not channel and not campaign:
        for deadline, year, day in deadlines_between(first, last):
            title = (_("Deadline: half-year report %(year)s") if deadline.period_kind == "h1"
                     else _("Deadline: yearly report %(year)s")) % {"year": year}
            days[day].append(Entry("deadline", title, reverse("plans_appendix02") + f"?period={deadline.period_kind}"
                                   f"&year={year}", key=f"deadline-{deadline.period_kind}-{year}"))
            totals[day] += 1
    order = {kind: index for index, kind in enumerate(KINDS)}
    for entries in days.values():
        entries.sort(key=lambda entry: (order[entry.kind], entry.time or datetime.time.min))
    return days, totals


def month_grid(year, month):
    """Weeks (Monday first) of the month, each a list of seven dates, spilling into the months around it."""
    first = datetime.date(year, month, 1)
    start = first - datetime.timedelta(days=first.weekday())
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    weeks = []
    day = start
    while day < following:
        weeks.append([day + datetime.timedelta(days=n) for n in range(7)])
        day += datetime.timedelta(days=7)
    return weeks
