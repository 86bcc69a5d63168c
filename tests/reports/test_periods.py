"""Reporting periods: their days, their instants in Vietnam's time zone, and bad input."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from reports.periods import PeriodError, period_from_query, period_named

UTC = datetime.timezone.utc


@pytest.mark.parametrize("kind, first, last", [
    ("q1", (2026, 1, 1), (2026, 3, 31)), ("q2", (2026, 4, 1), (2026, 6, 30)),
    ("q3", (2026, 7, 1), (2026, 9, 30)), ("q4", (2026, 10, 1), (2026, 12, 31)),
    ("h1", (2026, 1, 1), (2026, 6, 30)), ("h2", (2026, 7, 1), (2026, 12, 31)),
    ("year", (2026, 1, 1), (2026, 12, 31)),
])
def test_named_periods(kind, first, last):
    period = period_named(kind, 2026)
    assert (period.first, period.last) == (datetime.date(*first), datetime.date(*last))


def test_the_half_year_turns_at_midnight_vietnam_time():
    first, second = period_named("h1", 2026), period_named("h2", 2026)
    assert first.end == second.start
    assert first.end.astimezone(UTC) == datetime.datetime(2026, 6, 30, 17, 0, tzinfo=UTC)
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    late = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=vn)
    early = datetime.datetime(2026, 7, 1, 0, 30, tzinfo=vn)
    assert first.start <= late < first.end and second.start <= early < second.end


def test_query_defaults_to_the_current_half_year():
    assert period_from_query({}, today=datetime.date(2026, 7, 1)) == period_named("h2", 2026)
    assert period_from_query({"period": "q3"}, today=datetime.date(2027, 1, 5)) == period_named("q3", 2027)
    period = period_from_query({"period": "range", "start": "2026-02-01", "end": "2026-02-28"})
    assert [month.month for month in period.months()] == [2]
    assert period.as_query() == {"period": "range", "start": "2026-02-01", "end": "2026-02-28"}


@pytest.mark.parametrize("params, message", [
    ({"period": "week"}, "Không có kỳ báo cáo “week”"),
    ({"period": "range", "start": "2026-03-01", "end": "2026-02-01"},
     "Ngày kết thúc (01/02/2026) trước ngày bắt đầu (01/03/2026)."),
    ({"period": "range", "start": "", "end": "2026-02-01"}, "Ngày bắt đầu không phải là ngày"),
    ({"period": "range", "start": "2026-01-01", "end": "2026-13-01"}, "Ngày kết thúc không phải là ngày"),
    ({"period": "range", "start": "2000-01-01", "end": "2026-01-01"}, "tối đa là năm năm"),
    ({"period": "year", "year": "26"}, "Năm phải là số từ 2000 đến 2100"),
    ({"period": "year", "year": "²"}, "Năm phải là số từ 2000 đến 2100"),
    ({"period": "range", "start": "9999-01-01", "end": "9999-12-31"}, "Năm phải là số từ 2000 đến 2100"),
    ({"period": "range", "start": "0001-01-01", "end": "0001-12-31"}, "Năm phải là số từ 2000 đến 2100"),
])
def test_bad_input_has_a_message_in_vietnamese(params, message):
    with translation.override("vi"), pytest.raises(PeriodError) as error:
        period_from_query(params)
    assert message in str(error.value)
