"""The appendix 03 table for one or more (unit, period) columns, as the screen and the exports show it."""

import dataclasses
from decimal import Decimal

from django.utils.translation import gettext as _

from reports.lines import COUNTED, MANUAL, SECTIONS
from reports.models import ManualFigures
from reports.selectors import counted_figures


@dataclasses.dataclass
class Column:
    unit: object  # OrgUnit, or None for the total column
    period: object
    title: str
    counted: dict
    manual: dict
    is_total: bool = False

    def value(self, line):
        if line.source == COUNTED:
            return self.counted.get(line.key, 0)
        if line.source == MANUAL:
            value = self.manual.get(line.key)
            return None if value in (None, "") else (Decimal(str(value)) if line.decimal else int(value))
        return None


@dataclasses.dataclass
class Row:
    line: object
    cells: list  # [(column, value)]


@dataclasses.dataclass
class Table:
    columns: list
    sections: list  # [(code, title, [Row])]

    def rows(self):
        for code, title, rows in self.sections:
            yield code, title, rows


def _manual_values(units, periods):
    keyed = {}
    for figures in ManualFigures.objects.filter(org_unit__in=units, first_day__in={p.first for p in periods},
                                                last_day__in={p.last for p in periods}):
        keyed[(figures.org_unit_id, figures.first_day, figures.last_day)] = figures
    return keyed


def build_table(units, periods, *, with_total=False):
    """Columns for every (unit, period) pair, in that order; one count query set per period."""
    manual = _manual_values(units, periods)
    columns = []
    for period in periods:
        counted = counted_figures(units, period)
        for unit in units:
            figures = manual.get((unit.pk, period.first, period.last))
            title = period.label if len(units) == 1 else unit.name
            columns.append(Column(unit=unit, period=period, title=title, counted=counted.get(unit.pk, {}),
                                  manual=figures.values if figures else {}))
    if with_total and len(units) > 1:
        columns.append(_total(columns))
    sections = []
    for code, title, lines in SECTIONS:
        rows = [Row(line, [(column, column.value(line)) for column in columns]) for line in lines]
        sections.append((code, title, rows))
    return Table(columns, sections)


def _total(columns):
    counted, manual = {}, {}
    for column in columns:
        for key, value in column.counted.items():
            counted[key] = counted.get(key, 0) + value
        for key, value in column.manual.items():
            if value not in (None, ""):
                manual[key] = manual.get(key, 0) + Decimal(str(value))
    for _code, _title, lines in SECTIONS:
        for line in lines:
            if line.decimal:
                manual.pop(line.key, None)  # rates do not add up
    return Column(unit=None, period=columns[0].period, title=_("Total"), counted=counted, manual=manual, is_total=True)

