"""Reports: the centre's table for every province, counted in the database, against counting in Python.

Seeds a year of activity: BENCH_REPORT_ITEMS items (default 200) each sent to the portal,
fanpage and VssID feed of all 34 provinces (about 20,000 deliveries), and BENCH_REPORT_BROADCASTS
broadcast confirmations (default 20,000). Figures, against a baseline measured in the same run:
- the appendix 03 counts for every province at once (``counted_figures``), against fetching
  the same rows and counting them in Python (what a per-item report would do);
- the centre's XLSX download (counts plus workbook), against the counts alone.
"""

import datetime
import itertools
import os
import time
from zoneinfo import ZoneInfo

N_ITEMS = int(os.environ.get("BENCH_REPORT_ITEMS", "200"))
N_BROADCASTS = int(os.environ.get("BENCH_REPORT_BROADCASTS", "20000"))
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _seed():
    from channels.loudspeaker.models import Broadcast
    from cms.models import ChannelKind, NewsPage, OrgUnit, PolicyArea
    from cms.services.content import content_create
    from cms.services.languages import languages_load
    from cms.services.org_units import org_units_load, org_units_read
    from cms.services.taxonomy import taxonomy_load
    from publishing.models import Delivery, Destination
    from wagtail.models import Locale

    languages_load()
    taxonomy_load()
    data = org_units_read()
    org_units_load(data=data, only={"15"})
    org_units_load(data=data, provision=False)
    section = OrgUnit.objects.get(code="15").section_page.specific
    areas = list(PolicyArea.objects.order_by("code"))
    pages = []
    for n in range(N_ITEMS):
        page = NewsPage(title=f"Tin thử {n}", summary="Tóm tắt.")
        page.policy_areas = [areas[n % len(areas)]] + ([areas[(n * 3) % len(areas)]] if n % 4 == 0 else [])
        content_create(section=section, page=page)
        pages.append(page)
    provinces = list(OrgUnit.objects.provinces())
    kinds = list(ChannelKind.objects.filter(code__in=["portal", "fanpage", "vssid"]))
    Destination.objects.bulk_create(
        Destination(name=f"{unit.name} {kind.code}", channel="log", channel_kind=kind, org_unit=unit)
        for unit in provinces for kind in kinds)
    destinations = list(Destination.objects.all())
    keys = itertools.count()
    start = datetime.datetime(2026, 1, 1, tzinfo=VN)
    deliveries = []
    for index, page in enumerate(pages):
        at = start + datetime.timedelta(hours=index * 43)
        for destination in destinations:
            deliveries.append(Delivery(page=page, item_title=page.title, destination=destination, action="publish",
                                       status="sent", due_at=at, next_attempt_at=at, finished_at=at,
                                       idempotency_key=f"bench-{next(keys)}"))
    Delivery.objects.bulk_create(deliveries, batch_size=2000)
    communes = list(OrgUnit.objects.communes())
    vi = Locale.objects.get(language_code="vi")
    Broadcast.objects.bulk_create(
        (Broadcast(commune=communes[n % len(communes)], page=pages[n % len(pages)], locale=vi,
                   broadcast_at=start + datetime.timedelta(minutes=n * 26), times=1 + n % 3)
         for n in range(N_BROADCASTS)), batch_size=2000)
    return [OrgUnit.objects.get(code="TW"), *provinces], len(deliveries)


def _python_counts(units, period):
    """The baseline: the same figures from rows fetched and counted in Python."""
    from channels.loudspeaker.models import Broadcast
    from cms.models import CONTENT_TYPES
    from publishing.models import Delivery

    area_sets = {}
    for model in CONTENT_TYPES:
        fk = f"{model._meta.model_name}_id"
        for page_id, is_hi in model.policy_areas.through.objects.values_list(fk, "policyarea__is_health_insurance"):
            area_sets.setdefault(page_id, set()).add(is_hi)
    hi_only = {page_id for page_id, flags in area_sets.items() if flags == {True}}
    ids = {unit.pk for unit in units}
    figures = {pk: {} for pk in ids}
    seen = set()
    rows = Delivery.objects.filter(action="publish", status="sent", finished_at__gte=period.start,
                                   finished_at__lt=period.end).values_list(
        "page_id", "destination__org_unit_id", "destination__org_unit__kind", "destination__org_unit__parent_id",
        "destination__channel_kind__code")
    for page_id, unit_id, kind, parent_id, channel in rows:
        unit_id = parent_id if kind == "commune" else unit_id
        if unit_id not in ids or (page_id, unit_id, channel) in seen:
            continue
        seen.add((page_id, unit_id, channel))
        counts = figures[unit_id]
        counts[f"{channel}_total"] = counts.get(f"{channel}_total", 0) + 1
        if page_id in hi_only:
            counts[f"{channel}_hi"] = counts.get(f"{channel}_hi", 0) + 1
    for unit_id, kind, parent_id, page_id, times in Broadcast.objects.in_period(period.start, period.end).values_list(
            "commune_id", "commune__kind", "commune__parent_id", "page_id", "times"):
        unit_id = parent_id if kind == "commune" else unit_id
        if unit_id in ids:
            counts = figures[unit_id]
            counts["loudspeaker_total"] = counts.get("loudspeaker_total", 0) + times
            if page_id in hi_only:
                counts["loudspeaker_hi"] = counts.get("loudspeaker_hi", 0) + times
    return figures


def _best(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def run(report):
    from reports.exports import xlsx_report
    from reports.periods import period_named
    from reports.selectors import counted_figures
    from reports.tables import build_table

    units, n_deliveries = _seed()
    period = period_named("year", 2026)
    database, counted = _best(lambda: counted_figures(units, period))
    python, baseline = _best(lambda: _python_counts(units, period))
    for unit in units:  # the two ways must agree before their times mean anything
        for key, value in baseline[unit.pk].items():
            assert counted[unit.pk].get(key, 0) == value, (unit.code, key, value, counted[unit.pk].get(key))
    note = f"{len(units)} units, {n_deliveries:,} deliveries, {N_BROADCASTS:,} broadcasts"
    report("counts for every province, in the database", database, python, "s", f"vs Python counting; {note}")

    def export():
        table = build_table(units, [period], with_total=True)
        return xlsx_report(table, unit=None, period=period)

    exported, _ = _best(export)
    report("centre XLSX download (counts + workbook)", exported, database, "s", "vs the counts alone")
