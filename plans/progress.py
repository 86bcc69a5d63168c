"""Plan against actual: each line of a unit's received yearly plan, planned against done, for a period.

Done is counted in the database, for every unit at once, with one aggregate query per source
whatever the number of units and lines: the register (``counting.kind_totals``), sent publish
deliveries per channel kind (the reports' rule: items, not posts, counted once per unit and
channel), and the operators' broadcast confirmations (summed over ``times``). What a line
counts is its template line's ``measure``, data from fixtures/plan_lines.json.

Planned for a period: a line planned for a quarter or a month counts in the periods that
contain it; a line for the whole year is spread evenly over the months, so the first
half-year expects half of it. Plans are read as received (the live version), never a draft.
"""

import collections
import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import F, Sum
from django.urls import reverse
from django.utils.http import urlencode

from cms.models import ChannelKind
from plans import counting
from plans.models import PlanLine, PlanTemplateLine, YearlyPlan
from publishing.models import Destination
from reports.selectors import broadcasts_by_box, sent_publications, unit_of


@dataclasses.dataclass
class LineProgress:
    line: PlanTemplateLine
    planned: int
    done: int | None  # None: nothing records this line
    budget: Decimal
    count_unit: str
    contents: list
    drills: list  # [(label, url)]

    @property
    def percent(self):
        if self.done is None or not self.planned:
            return None
        return round(100 * self.done / self.planned)

    @property
    def behind(self):
        if self.done is None:
            return None
        return max(self.planned - self.done, 0)


@dataclasses.dataclass
class UnitProgress:
    unit: object
    plan: YearlyPlan | None
    lines: list

    @property
    def counted(self):
        return [row for row in self.lines if row.done is not None and row.planned]

    @property
    def planned(self):
        return sum(row.planned for row in self.counted)

    @property
    def done(self):
        # Capped per line: 300 posters beyond the plan do not make up for conferences not held.
        return sum(min(row.done, row.planned) for row in self.counted)

    @property
    def percent(self):
        return round(100 * self.done / self.planned) if self.planned else None

    @property
    def behind(self):
        return self.planned - self.done

    @property
    def budget(self):
        return sum((row.budget for row in self.lines), Decimal(0))

    def line(self, code):
        return next((row for row in self.lines if row.line.code == code), None)


def planned_share(quantity, months, period):
    """The part of ``quantity`` planned for ``months`` (first, last month of the plan's year) that falls in ``period``."""
    if not quantity:
        return Decimal(0)
    first, last = months
    year = period.first.year
    period_months = {(m.year, m.month) for m in period.months()}
    overlap = sum(1 for month in range(first, last + 1) if (year, month) in period_months)
    return Decimal(quantity) * overlap / (last - first + 1)


def items_sent(unit_ids, period, channel_kinds):
    """``[(unit_id, channel kind code, distinct items sent)]``: the reports' rule, an item counts once per unit and kind.

    Two steps in one statement: the distinct (destination, item) pairs of the period, read from
    the deliveries table alone, then those pairs counted per unit and kind. Joined in one flat
    query, PostgreSQL misjudges how many destinations the unit condition keeps, walks the
    deliveries destination by destination and sorts every row of the year for COUNT(DISTINCT);
    pairs first, it reads the year once (or, on a multi-year table, the sent-deliveries index)
    and counts a few rows per item.
    """
    destinations = (Destination.objects.filter(channel_kind__code__in=channel_kinds)
                    .annotate(unit_id=unit_of("org_unit"), kind=F("channel_kind__code")).filter(unit_id__in=unit_ids)
                    .order_by().values("id", "unit_id", "kind"))
    # No destination condition here: it brings back the per-destination walk the pairs avoid.
    pairs = sent_publications(period).values("destination_id", "page_id").distinct()
    pairs_sql, pairs_params = pairs.query.sql_with_params()
    destinations_sql, destinations_params = destinations.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT d.unit_id, d.kind, COUNT(DISTINCT p.page_id) FROM ({pairs_sql}) p "
                       f"JOIN ({destinations_sql}) d ON d.id = p.destination_id GROUP BY d.unit_id, d.kind",
                       pairs_params + destinations_params)
        return cursor.fetchall()


def done_figures(unit_ids, period, template_lines):
    """``{unit_id: {template line code: done}}`` for the counted template lines, one query per source."""
    measures = {line.code: line.measure for line in template_lines if line.measure}
    done = collections.defaultdict(dict)
    if any("register" in measure for measure in measures.values()):
        totals = counting.kind_totals(unit_ids, period.first, period.last)
    else:
        totals = {}
    channel_kinds = sorted({code for m in measures.values() for code in m.get("deliveries", [])})
    items = collections.defaultdict(dict)
    if channel_kinds:
        for unit_id, kind, n in items_sent(unit_ids, period, channel_kinds):
            items[unit_id][kind] = n
    broadcasts = {}
    if any(m.get("broadcasts") for m in measures.values()):
        for _box, confirmations in broadcasts_by_box(period):
            for row in (confirmations.annotate(unit_id=unit_of("commune")).filter(unit_id__in=unit_ids)
                        .values("unit_id").annotate(n=Sum("times"))):
                broadcasts[row["unit_id"]] = broadcasts.get(row["unit_id"], 0) + (row["n"] or 0)
    for unit_id in unit_ids:
        for code, measure in measures.items():
            value = 0
            if "register" in measure:
                kinds = totals.get(unit_id, {})
                value += sum(kinds.get(kind, {}).get(measure.get("value", "count").replace("count", "n"), 0)
                             for kind in measure["register"])
            value += sum(items[unit_id].get(kind, 0) for kind in measure.get("deliveries", []))
            if measure.get("broadcasts"):
                value += broadcasts.get(unit_id, 0)
            done[unit_id][code] = value
    return done


def _drills(line, unit, period, channel_names):
    measure = line.measure
    links = []
    if "register" in measure:
        links.append(("register", counting.drill_query(unit=unit, first=period.first, last=period.last,
                                                       kinds=measure["register"])))
    for kind in measure.get("deliveries", []):
        query = urlencode({**period.as_query(), "unit": unit.code, "what": "items", "channel": kind})
        links.append((channel_names.get(kind, kind), reverse("reports_drill") + "?" + query))
    if measure.get("broadcasts"):
        query = urlencode({**period.as_query(), "unit": unit.code, "what": "broadcasts"})
        links.append(("broadcasts", reverse("reports_drill") + "?" + query))
    return links


def plan_progress(units, period):
    """One UnitProgress per unit (in the order given): its received plan for the period's year, line by line."""
    template_lines = list(PlanTemplateLine.objects.all())
    unit_ids = [unit.pk for unit in units]
    plans = {plan.org_unit_id: plan for plan in
             YearlyPlan.objects.filter(org_unit_id__in=unit_ids, year=period.first.year, live=True)}
    plan_lines = collections.defaultdict(list)
    for plan_line in (PlanLine.objects.filter(plan__in=plans.values()).select_related("template_line")
                      .order_by("sort_order")):
        plan_lines[(plan_line.plan_id, plan_line.template_line_id)].append(plan_line)
    done = done_figures(unit_ids, period, template_lines)
    channel_names = dict(ChannelKind.objects.values_list("code", "name"))
    result = []
    for unit in units:
        plan = plans.get(unit.pk)
        rows = []
        for line in template_lines:
            own = plan_lines.get((plan.pk, line.pk), []) if plan else []
            planned = sum((planned_share(p.quantity, p.months, period) for p in own), Decimal(0))
            rows.append(LineProgress(
                line=line, planned=int(planned.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
                done=done[unit.pk].get(line.code) if line.measure else None,
                budget=sum((p.budget or Decimal(0) for p in own), Decimal(0)),
                count_unit=(own[0].count_unit if own else line.default_unit),
                contents=[p.content for p in own if p.content],
                drills=_drills(line, unit, period, channel_names) if line.measure else []))
        result.append(UnitProgress(unit=unit, plan=plan, lines=rows))
    return result


SORTS = {
    "percent": lambda row: (row.percent is None, row.percent if row.percent is not None else 0, row.unit.name),
    "behind": lambda row: (-row.behind, row.unit.name),
    "planned": lambda row: (-row.planned, row.unit.name),
    "done": lambda row: (-row.done, row.unit.name),
    "name": lambda row: row.unit.name,
}


def sort_progress(rows, key="percent", *, descending=False):
    """Furthest behind first by default (lowest percentage; units without a received plan last)."""
    rows = sorted(rows, key=SORTS.get(key, SORTS["percent"]))
    return list(reversed(rows)) if descending else rows
