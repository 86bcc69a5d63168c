"""Reporting periods: calendar quarters, half-years, years or any range of days, in Vietnam's time.

A period is a range of whole days [first, last]; its instants are
[first 00:00, last + 1 day 00:00) in Asia/Ho_Chi_Minh, so an item sent at 23:30 on
30 June (Vietnam time) belongs to the first half-year and one sent at 00:30 on 1 July
to the second, whatever the server's clock zone.
"""

import dataclasses
import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

REPORT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
KINDS = ("q1", "q2", "q3", "q4", "h1", "h2", "year", "range")
LONGEST_RANGE_DAYS = 366 * 5


class PeriodError(ValueError):
    """Bad period input; the message is meant for the person who typed it."""


@dataclasses.dataclass(frozen=True)
class Period:
    kind: str
    first: datetime.date
    last: datetime.date

    @property
    def start(self):
        return datetime.datetime.combine(self.first, datetime.time.min, tzinfo=REPORT_TZ)

    @property
    def end(self):
        return datetime.datetime.combine(self.last + datetime.timedelta(days=1), datetime.time.min, tzinfo=REPORT_TZ)

    @property
    def label(self):
        year = self.first.year
        if self.kind.startswith("q"):
            return _("Quarter %(number)s/%(year)s") % {"number": self.kind[1], "year": year}
        if self.kind == "h1":
            return _("First half of %(year)s") % {"year": year}
        if self.kind == "h2":
            return _("Second half of %(year)s") % {"year": year}
        if self.kind == "year":
            return _("Year %(year)s") % {"year": year}
        return _("%(first)s to %(last)s") % {"first": self.first.strftime("%d/%m/%Y"),
                                             "last": self.last.strftime("%d/%m/%Y")}

    @property
    def dates_label(self):
        return _("From %(first)s to %(last)s") % {"first": self.first.strftime("%d/%m/%Y"),
                                                  "last": self.last.strftime("%d/%m/%Y")}

    def months(self):
        """First day of each calendar month the period touches."""
        month = self.first.replace(day=1)
        while month <= self.last:
            yield month
            month = (month + datetime.timedelta(days=32)).replace(day=1)

    def as_query(self):
        if self.kind == "range":
            return {"period": "range", "start": self.first.isoformat(), "end": self.last.isoformat()}
        return {"period": self.kind, "year": str(self.first.year)}

    def first_half(self):
        """For a year, its first half: the agency's yearly table shows both columns."""
        return period_named("h1", self.first.year)


def period_named(kind, year):
    if kind not in KINDS or kind == "range":
        raise PeriodError(_("Unknown period “%(kind)s”.") % {"kind": kind})
    if kind == "year":
        return Period(kind, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if kind in ("h1", "h2"):
        first_month = 1 if kind == "h1" else 7
        months = 6
    else:
        first_month = 3 * (int(kind[1]) - 1) + 1
        months = 3
    first = datetime.date(year, first_month, 1)
    after = datetime.date(year + (first_month + months - 1) // 12, (first_month + months - 1) % 12 + 1, 1)
    return Period(kind, first, after - datetime.timedelta(days=1))


def _parse_date(value, label):
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        raise PeriodError(_("%(field)s is not a date (expected YYYY-MM-DD): “%(value)s”.")
                          % {"field": label, "value": value or ""}) from None


def period_from_query(params, *, today=None):
    """The period named by ``period``/``year`` or ``period=range``/``start``/``end`` in ``params``.

    Without a period, the current half-year. Raises PeriodError with a message for the user.
    """
    today = today or timezone.now().astimezone(REPORT_TZ).date()
    kind = (params.get("period") or "").strip() or ("h1" if today.month <= 6 else "h2")
    if kind not in KINDS:
        raise PeriodError(_("Unknown period “%(kind)s”: choose a quarter, a half-year, a year or a range.")
                          % {"kind": kind})
    if kind == "range":
        first = _parse_date(params.get("start"), _("Start date"))
        last = _parse_date(params.get("end"), _("End date"))
        if last < first:
            raise PeriodError(_("The end date (%(last)s) is before the start date (%(first)s).")
                              % {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")})
        if (last - first).days > LONGEST_RANGE_DAYS:
            raise PeriodError(_("A range may cover at most five years."))
        if not (2000 <= first.year and last.year <= 2100):  # beyond, the period's bounds overflow
            raise PeriodError(_("The year must be a number between 2000 and 2100: “%(year)s”.")
                              % {"year": first.year if first.year < 2000 else last.year})
        return Period("range", first, last)
    raw_year = (params.get("year") or "").strip() or str(today.year)
    if not (raw_year.isascii() and raw_year.isdigit()) or not 2000 <= int(raw_year) <= 2100:
        raise PeriodError(_("The year must be a number between 2000 and 2100: “%(year)s”.") % {"year": raw_year})
    return period_named(kind, int(raw_year))
