"""The reporting deadlines of the 2020 plan (appendix 02, note 2): the half-year report before 28 May,
the yearly report before 25 December of the same year. Reminders go out this many days before."""

import dataclasses
import datetime

REMINDER_DAYS = (14, 7, 3, 1, 0)


@dataclasses.dataclass(frozen=True)
class Deadline:
    period_kind: str  # as in reports.periods: "h1" or "year"
    month: int
    day: int

    def on(self, year):
        return datetime.date(year, self.month, self.day)


DEADLINES = (Deadline("h1", 5, 28), Deadline("year", 12, 25))


def deadlines_between(first, last):
    """(deadline, year, date) for every deadline in the days [first, last]."""
    for year in range(first.year, last.year + 1):
        for deadline in DEADLINES:
            day = deadline.on(year)
            if first <= day <= last:
                yield deadline, year, day
