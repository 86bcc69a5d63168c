"""A unit's calendar as iCalendar (RFC 5545), written with the ``icalendar`` library."""

import datetime

from django.conf import settings
from icalendar import Calendar, Event

from plans.calendar import calendar_days
from reports.periods import REPORT_TZ

PAST_DAYS, FUTURE_DAYS = 31, 186


def unit_calendar(unit, *, unit_ids, today):
    calendar = Calendar()
    calendar.add("prodid", "-//VSS Publisher//Lich truyen thong//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Lịch truyền thông · {unit.name}")
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    first, last = today - datetime.timedelta(days=PAST_DAYS), today + datetime.timedelta(days=FUTURE_DAYS)
    stamp = datetime.datetime.now(tz=datetime.UTC)
    for day, entries in sorted(calendar_days(first, last, unit_ids=unit_ids).items()):
        for entry in entries:
            event = Event()
            event.add("uid", f"{entry.key}-{day:%Y%m%d}@vss-publisher")
            event.add("dtstamp", stamp)
            summary = entry.title if not entry.channel else f"[{entry.channel}] {entry.title}"
            event.add("summary", summary)
            if entry.time is not None:
                start = datetime.datetime.combine(day, entry.time, tzinfo=REPORT_TZ)
                event.add("dtstart", start)
                event.add("dtend", start + datetime.timedelta(minutes=15))
            else:
                event.add("dtstart", day)
                event.add("dtend", day + datetime.timedelta(days=1))
            event.add("categories", [entry.kind])
            if entry.url:
                event.add("url", base + entry.url)
            details = " · ".join(part for part in (entry.status, entry.unit) if part)
            if details:
                event.add("description", details)
            calendar.add_component(event)
    return calendar.to_ical()
