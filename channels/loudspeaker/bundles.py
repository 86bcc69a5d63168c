"""The weekly bundle: one zip per commune with every script due that week, in every format, and the schedule.

For stations that load a week of files onto their box (or a USB stick) at once.
Layout of ``<commune>-<year>-W<week>.zip``::

    schedule.json     {"commune", "week", "from", "until", "scripts": [{id, title, language,
                       seconds, schedule, files: {fmt: path in the zip}}]}
    schedule.txt      the same, for a person: one line per day, slot and script
    01-<title>-<lang>/<title>-<lang>.txt|.docx|.pdf|.mp3
"""

import datetime
import io
import json
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from channels.loudspeaker.selectors import download_name, schedule_json, scripts_for_commune


def week_bounds(year: int, week: int):
    monday = datetime.date.fromisocalendar(year, week, 1)
    return monday, monday + datetime.timedelta(days=6)


def parse_week(text: str):
    """(year, week) from "2026-W49"; ValueError if it is not one."""
    year, _, week = text.strip().upper().partition("-W")
    year, week = int(year), int(week)
    datetime.date.fromisocalendar(year, week, 1)  # raises ValueError for week 54 and the like
    return year, week


def _minutes(seconds):
    return f"{int(seconds // 60)}:{int(round(seconds % 60)):02d}" if seconds is not None else "?"


def weekly_bundle(*, commune, year: int, week: int) -> tuple[bytes, int]:
    """The zip's bytes and how many scripts it holds."""
    first, last = week_bounds(year, week)
    scripts = [script for script in scripts_for_commune(commune, first=first, last=last) if script.render.is_ready]
    entries, lines = [], [f"{commune.full_name} ({commune.code}) · tuần {week}/{year}: "
                          f"{first:%d/%m/%Y} – {last:%d/%m/%Y}", ""]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for number, script in enumerate(scripts, start=1):
            folder = f"{number:02d}-{download_name(script, 'txt').rsplit('.', 1)[0]}"
            files = {}
            for fmt, name in sorted(script.render.files.items()):
                path = f"{folder}/{download_name(script, fmt)}"
                with default_storage.open(name, "rb") as source:
                    # MP3s are compressed already: stored as they are, not deflated again.
                    bundle.writestr(path, source.read(),
                                    compress_type=zipfile.ZIP_STORED if fmt == "mp3" else zipfile.ZIP_DEFLATED)
                files[fmt] = path
            entries.append({"id": script.uri, "title": script.title, "language": script.render.language,
                            "seconds": script.render.seconds, "schedule": schedule_json(script), "files": files})
        day = first
        while day <= last:
            due = [script for script in scripts if script.starts_on <= day <= script.ends_on]
            for script in due:
                for slot in script.slots:
                    lines.append(f"{day:%d/%m} {slot}  {script.title} [{script.render.language}] "
                                 f"{_minutes(script.render.seconds)} × {script.repeats}, cách {script.gap_minutes} phút")
            day += datetime.timedelta(days=1)
        if not scripts:
            lines.append("Không có kịch bản nào trong tuần này.")
        bundle.writestr("schedule.json", json.dumps(
            {"commune": commune.code, "week": f"{year}-W{week:02d}", "from": first.isoformat(),
             "until": last.isoformat(), "scripts": entries}, ensure_ascii=False, indent=2))
        bundle.writestr("schedule.txt", "\n".join(lines) + "\n")
    return buffer.getvalue(), len(scripts)


def bundle_name(commune, year, week):
    return f"loudspeaker/bundles/{year}-W{week:02d}/{commune.code}-{year}-W{week:02d}.zip"


def weekly_bundle_store(*, commune, year: int, week: int) -> tuple[str, int]:
    """Build the bundle and keep it in the private media storage (replacing an earlier one)."""
    data, count = weekly_bundle(commune=commune, year=year, week=week)
    name = bundle_name(commune, year, week)
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data)), count
