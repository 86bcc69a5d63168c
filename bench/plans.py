"""Plans: plan against actual for every province, counted in the database, against counting in Python; the calendar.

Seeds a year: 34 received plans, BENCH_PLANS_ENTRIES register entries (default 50,000),
BENCH_PLANS_DELIVERIES sent deliveries (default 200,000) and BENCH_PLANS_BROADCASTS broadcast
confirmations (default 100,000). Figures, against a baseline measured in the same run:
- the centre's plan-against-actual page for all provinces (counts + HTML), against fetching the
  same rows and counting them in Python;
- the calendar month view for the central unit with BENCH_PLANS_MONTH entries (default 5,000:
  register entries and deliveries due) in March of the following year, against the
  plan-against-actual counts alone; and the same view for March of the seeded year (its share of
  the year's 200,000 deliveries and 50,000 entries: about 21,000), as the heavy case.
Run on PostgreSQL with BENCH_DATABASE_URL=postgres://… (the goal: under 1 s and 300 ms there).
"""

import collections
import datetime
import itertools
import os
import time
from zoneinfo import ZoneInfo

N_ENTRIES = int(os.environ.get("BENCH_PLANS_ENTRIES", "50000"))
N_DELIVERIES = int(os.environ.get("BENCH_PLANS_DELIVERIES", "200000"))
N_BROADCASTS = int(os.environ.get("BENCH_PLANS_BROADCASTS", "100000"))
N_MONTH = int(os.environ.get("BENCH_PLANS_MONTH", "5000"))
VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2026


def _seed():
    from channels.loudspeaker.models import Broadcast
    from cms.models import ChannelKind, NewsPage, OrgUnit
    from cms.services.content import content_create
    from cms.services.languages import languages_load
    from cms.services.org_units import org_units_load, org_units_read
    from cms.services.taxonomy import taxonomy_load
    from plans.models import ActivityEntry, PlanLine, PlanTemplateLine, YearlyPlan
    from plans.models.register import ActivityKind
    from plans.setup import plans_setup
    from publishing.models import Delivery, Destination
    from wagtail.models import Locale

    languages_load()
    taxonomy_load()
    plans_setup()
    data = org_units_read()
    org_units_load(data=data, only={"15"})
    org_units_load(data=data, provision=False)
    section = OrgUnit.objects.get(code="15").section_page.specific
    pages = []
    for n in range(400):
        page = NewsPage(title=f"Tin thử {n}", summary="Tóm tắt.")
        content_create(section=section, page=page)
        pages.append(page)
    provinces = list(OrgUnit.objects.provinces().order_by("code"))
    templates = list(PlanTemplateLine.objects.filter(is_heading=False))
    for index, province in enumerate(provinces):
        plan = YearlyPlan(org_unit=province, year=YEAR, live=True)
        plan.lines = [PlanLine(template_line=line, quantity=50 + 10 * index, period_kind="year") for line in templates]
        plan.save()
    kinds = list(ChannelKind.objects.exclude(code="loudspeaker"))
    Destination.objects.bulk_create(Destination(name=f"{u.name} {k.code}", channel="log", channel_kind=k, org_unit=u)
                                    for u in provinces for k in kinds)
    destinations = list(Destination.objects.all())
    keys = itertools.count()
    start = datetime.datetime(YEAR, 1, 1, tzinfo=VN)
    minutes = 365 * 24 * 60
    Delivery.objects.bulk_create(
        (Delivery(page=pages[n % len(pages)], item_title="Tin thử", destination=destinations[(n * 7) % len(destinations)],
                  action="publish", status="sent", due_at=at, next_attempt_at=at, finished_at=at,
                  idempotency_key=f"bench-plans-{next(keys)}")
         for n in range(N_DELIVERIES) for at in [start + datetime.timedelta(minutes=(n * 2.6) % minutes)]),
        batch_size=5000)
    communes = list(OrgUnit.objects.communes())
    vi = Locale.objects.get(language_code="vi")
    Broadcast.objects.bulk_create(
        (Broadcast(commune=communes[n % len(communes)], page=pages[n % len(pages)], locale=vi,
                   broadcast_at=start + datetime.timedelta(minutes=(n * 5.2) % minutes), times=1 + n % 3)
         for n in range(N_BROADCASTS)), batch_size=5000)
    kinds = ActivityKind.values
    month_units = provinces
    entries = (ActivityEntry(kind=kinds[n % len(kinds)], title=f"Hoạt động {n}", org_unit=provinces[n % len(provinces)],
                             held_on=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=(n * 7) % 365),
                             attendees=10 + n % 90, quantity=n % 50 + 1)
               for n in range(N_ENTRIES))
    ActivityEntry.objects.bulk_create(entries, batch_size=5000)
    # The calendar's month: N_MONTH entries in March of the following year, where nothing else is, as
    # deliveries due at the destinations (a third) and register entries of every province (the rest).
    month = datetime.date(YEAR + 1, 3, 1)
    n_due = N_MONTH // 3
    ActivityEntry.objects.bulk_create(
        (ActivityEntry(kind="conference", title=f"Hội nghị tháng 3 số {n}", org_unit=provinces[n % len(provinces)],
                       held_on=month + datetime.timedelta(days=n % 31), attendees=50) for n in range(N_MONTH - n_due)),
        batch_size=5000)
    month_start = datetime.datetime.combine(month, datetime.time(7), tzinfo=VN)
    Delivery.objects.bulk_create(
        (Delivery(page=pages[n % len(pages)], item_title="Tin thử", destination=destinations[n % len(destinations)],
                  action="publish", status="pending", due_at=at, next_attempt_at=at,
                  idempotency_key=f"bench-plans-{next(keys)}")
         for n in range(n_due) for at in [month_start + datetime.timedelta(days=n % 31, minutes=(n * 7) % 600)]),
        batch_size=5000)
    from django.db import connection

    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would have after a bulk load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return provinces


def _python_done(provinces, period):
    """The baseline: every row behind the done figures fetched and counted in Python."""
    from channels.loudspeaker.models import Broadcast
    from plans.models import ActivityEntry, PlanTemplateLine
    from publishing.models import Delivery

    ids = {unit.pk for unit in provinces}
    measures = {line.code: line.measure for line in PlanTemplateLine.objects.all() if line.measure}
    kinds = collections.defaultdict(lambda: collections.defaultdict(lambda: {"n": 0, "attendees": 0, "quantity": 0}))
    for unit_id, kind_of_unit, parent, kind, attendees, quantity in ActivityEntry.objects.filter(
            held_on__gte=period.first, held_on__lte=period.last).values_list(
            "org_unit_id", "org_unit__kind", "org_unit__parent_id", "kind", "attendees", "quantity"):
        unit_id = parent if kind_of_unit == "commune" else unit_id
        counts = kinds[unit_id][kind]
        counts["n"] += 1
        counts["attendees"] += attendees or 0
        counts["quantity"] += quantity or 0
    seen = collections.defaultdict(set)
    for page_id, unit_id, kind_of_unit, parent, channel in Delivery.objects.filter(
            action="publish", status="sent", finished_at__gte=period.start, finished_at__lt=period.end).values_list(
            "page_id", "destination__org_unit_id", "destination__org_unit__kind", "destination__org_unit__parent_id",
            "destination__channel_kind__code"):
        seen[(parent if kind_of_unit == "commune" else unit_id, channel)].add(page_id)
    broadcasts = collections.Counter()
    for unit_id, kind_of_unit, parent, times in Broadcast.objects.in_period(period.start, period.end).values_list(
            "commune_id", "commune__kind", "commune__parent_id", "times"):
        broadcasts[parent if kind_of_unit == "commune" else unit_id] += times
    done = {}
    for unit_id in ids:
        done[unit_id] = {}
        for code, measure in measures.items():
            value = sum(kinds[unit_id][kind][measure.get("value", "count").replace("count", "n")]
                        for kind in measure.get("register", []))
            value += sum(len(seen[(unit_id, channel)]) for channel in measure.get("deliveries", []))
            value += broadcasts[unit_id] if measure.get("broadcasts") else 0
            done[unit_id][code] = value
    return done


def _best(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def run(report):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from plans.models import PlanTemplateLine
    from plans.progress import done_figures
    from reports.periods import period_named

    provinces = _seed()
    period = period_named("year", YEAR)
    lines = list(PlanTemplateLine.objects.all())
    ids = [unit.pk for unit in provinces]
    database, counted = _best(lambda: done_figures(ids, period, lines))
    python, baseline = _best(lambda: _python_done(provinces, period))
    for unit_id in ids:  # the two ways must agree before their times mean anything
        assert counted[unit_id] == baseline[unit_id], (unit_id, counted[unit_id], baseline[unit_id])
    note = f"34 provinces, {N_ENTRIES:,} entries, {N_DELIVERIES:,} deliveries, {N_BROADCASTS:,} broadcasts"
    report("plan-against-actual counts, in the database", database, python, "s", f"vs Python counting; {note}")

    User = get_user_model()
    root = User.objects.filter(username="bench-root").first() or User.objects.create_superuser(
        "bench-root", "bench@example.invalid", "bench-password")
    client = Client()
    client.force_login(root)
    url = "/admin/plans/progress/?period=year&year=2026"

    def page():
        response = client.get(url)
        assert response.status_code == 200
        return response

    rendered, _ = _best(page)
    report("plan-against-actual page, all provinces (HTML)", rendered, python, "s", "vs Python counting alone")

    def month(day):
        response = client.get(f"/admin/plans/calendar/?day={day}")
        assert response.status_code == 200 and "cal-more" in response.content.decode()
        return response

    calendar, _ = _best(lambda: month(f"{YEAR + 1}-03-10"))
    report("calendar month view, central unit", calendar, database, "s",
           f"vs the plan counts; {_in_grid(YEAR + 1):,} entries in the month")
    busy, _ = _best(lambda: month(f"{YEAR}-03-10"))
    report("calendar month view, central unit, the year's busiest", busy, database, "s",
           f"vs the plan counts; {_in_grid(YEAR):,} entries in the month")


def _in_grid(year):
    """Register entries and deliveries in March of ``year`` (what the month view has to cut to six a day)."""
    from plans.models import ActivityEntry
    from publishing.models import Delivery

    first, following = datetime.date(year, 3, 1), datetime.date(year, 4, 1)
    start, end = (datetime.datetime.combine(day, datetime.time.min, tzinfo=VN) for day in (first, following))
    return (ActivityEntry.objects.filter(held_on__gte=first, held_on__lt=following).count()
            + Delivery.objects.filter(due_at__gte=start, due_at__lt=end).count())
