"""Reads for the radio pages, the device API, the vendor adapters and the weekly bundle."""

import datetime

from django.utils import timezone

from channels.loudspeaker.models import Broadcast, CommuneScript
from cms.text import vi_slugify
from media.storage import signed_url


def today():
    return timezone.localdate()


def scripts_for_commune(commune, *, first=None, last=None):
    """The commune's live scripts whose window overlaps [first, last] (default: from today on)."""
    scripts = CommuneScript.objects.for_commune(commune).select_related("render", "locale__language")
    if first is not None or last is not None:
        scripts = scripts.due_between(first or datetime.date.min, last or datetime.date.max)
    else:
        scripts = scripts.filter(ends_on__gte=today())
    return scripts.order_by("starts_on", "title", "pk")


def script_for_commune(commune, pk):
    """One live script of ``commune``, or None: another commune's script is as good as missing."""
    return (CommuneScript.objects.for_commune(commune).select_related("render", "locale__language", "commune")
            .filter(pk=pk).first())


def download_name(script, fmt):
    from channels.loudspeaker.exports import EXTENSIONS

    stem = vi_slugify(script.title, max_length=60) or "kich-ban"
    return f"{stem}-{script.render.language.lower()}.{EXTENSIONS[fmt]}"


def schedule_json(script):
    return {"starts_on": script.starts_on.isoformat(), "ends_on": script.ends_on.isoformat(),
            "slots": list(script.slots), "repeats": script.repeats, "gap_minutes": script.gap_minutes,
            "session_cap_seconds": script.session_cap_seconds}


def script_entry(script, *, expires=None):
    """One script as the device API lists it and the vendor adapters receive it (README: wire format)."""
    from channels.loudspeaker.exports import CONTENT_TYPES

    render = script.render
    files = {fmt: {"url": signed_url(name, expires=expires, download_name=download_name(script, fmt)),
                   "content_type": CONTENT_TYPES[fmt]}
             for fmt, name in sorted(render.files.items())}
    return {
        "id": script.uri,
        "title": script.title,
        "language": render.language,
        "status": render.status,
        "seconds": round(render.seconds, 1) if render.seconds is not None else None,
        "syllables": render.syllables,
        "warnings": list(render.warnings),
        "schedule": schedule_json(script),
        "updated_at": script.updated_at.isoformat(),
        "files": files,
        "unavailable": dict(render.unavailable),
    }


def days_of(scripts, first, last):
    """[(date, [script...])] for each day in [first, last] with at least one script due."""
    result = []
    day = first
    while day <= last:
        due = [script for script in scripts if script.starts_on <= day <= script.ends_on]
        if due:
            result.append((day, due))
        day += datetime.timedelta(days=1)
    return result


def broadcasts_between(start, end):
    """The operators' confirmations in [start, end): what the reports count (LoudspeakerChannel.box.report_rows)."""
    return Broadcast.objects.in_period(start, end).order_by()
