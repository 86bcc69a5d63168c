"""A commune's broadcast schedule: the payload's dates plus the destination's time slots, repeats and gap.

Loudspeaker stations schedule by date and time slot, with a repeat count and a
gap between repeats (DOMAIN.md). The script says when (its broadcast window);
the commune's destination says at which times of day and how often, because
that is the station's habit, not the editor's.
"""

import datetime
import re
from dataclasses import asdict, dataclass

DEFAULT_SLOTS = ("06:00", "17:00")
DEFAULT_REPEATS = 2
DEFAULT_GAP_MINUTES = 5
_SLOT = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class ScheduleError(ValueError):
    pass


@dataclass(frozen=True)
class Schedule:
    starts_on: datetime.date
    ends_on: datetime.date
    slots: tuple[str, ...]
    repeats: int
    gap_minutes: int
    session_cap_seconds: int | None = None

    def as_json(self):
        data = asdict(self)
        data.update(starts_on=self.starts_on.isoformat(), ends_on=self.ends_on.isoformat(), slots=list(self.slots))
        return data

    def days(self):
        day = self.starts_on
        while day <= self.ends_on:
            yield day
            day += datetime.timedelta(days=1)


def _slots(value):
    if value in (None, ""):
        return DEFAULT_SLOTS
    items = value.split(",") if isinstance(value, str) else list(value)
    slots = tuple(sorted({str(item).strip() for item in items if str(item).strip()}))
    bad = [slot for slot in slots if not _SLOT.match(slot)]
    if bad or not slots:
        raise ScheduleError(f"time slots must be HH:MM, comma-separated; got {value!r}")
    return slots


def _whole(config, name, default, lowest, highest):
    value = config.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ScheduleError(f"{name} must be a whole number; got {value!r}") from None
    if not lowest <= number <= highest:
        raise ScheduleError(f"{name} must be between {lowest} and {highest}; got {number}")
    return number


def config_problems(config):
    """What is wrong with a destination's schedule settings (English, for the admin form)."""
    try:
        schedule_from(config, {"starts_on": "2026-01-01", "ends_on": "2026-01-01"})
    except ScheduleError as exc:
        return [str(exc)]
    return []


def schedule_from(config, payload):
    try:
        starts_on = datetime.date.fromisoformat(payload["starts_on"])
        ends_on = datetime.date.fromisoformat(payload["ends_on"])
    except (KeyError, TypeError, ValueError):
        raise ScheduleError("the payload has no valid broadcast window") from None
    if ends_on < starts_on:
        raise ScheduleError("the broadcast window ends before it starts")
    cap_minutes = _whole(config, "session_cap_minutes", 0, 0, 24 * 60)
    return Schedule(starts_on=starts_on, ends_on=ends_on, slots=_slots(config.get("slots")),
                    repeats=_whole(config, "repeats", DEFAULT_REPEATS, 1, 20),
                    gap_minutes=_whole(config, "gap_minutes", DEFAULT_GAP_MINUTES, 0, 24 * 60),
                    session_cap_seconds=cap_minutes * 60 or None)
