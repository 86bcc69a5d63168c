"""Build the weekly zip bundles of communes' loudspeaker scripts into the media storage."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from channels.loudspeaker.bundles import parse_week, weekly_bundle_store
from cms.models import OrgUnit


class Command(BaseCommand):
    help = "Build each commune's weekly bundle (zip of every script due that week, all formats, schedule)."

    def add_arguments(self, parser):
        parser.add_argument("--week", help='ISO week, e.g. 2026-W49 (default: this week)')
        parser.add_argument("--commune", action="append", default=[], help="commune code (repeatable)")
        parser.add_argument("--province", help="every commune of this province code")

    def handle(self, *args, **options):
        if options["week"]:
            try:
                year, week = parse_week(options["week"])
            except ValueError:
                raise CommandError(f"--week must look like 2026-W49; got {options['week']!r}") from None
        else:
            year, week, _ = timezone.localdate().isocalendar()
        communes = OrgUnit.objects.communes().filter(is_active=True).order_by("code")
        if options["commune"]:
            communes = communes.filter(code__in=options["commune"])
            missing = set(options["commune"]) - set(communes.values_list("code", flat=True))
            if missing:
                raise CommandError(f"unknown commune code(s): {', '.join(sorted(missing))}")
        if options["province"]:
            communes = communes.filter(parent__code=options["province"])
        communes = list(communes)
        started, scripts, empty = time.monotonic(), 0, 0
        for number, commune in enumerate(communes, start=1):
            _, count = weekly_bundle_store(commune=commune, year=year, week=week)
            scripts += count
            empty += count == 0
            if self.stdout.isatty() or number == len(communes) or number % 100 == 0:
                self.stderr.write(f"\r  {number}/{len(communes)} communes", ending="")
        if communes:
            self.stderr.write("")
        self.stdout.write(f"{year}-W{week:02d}: {len(communes)} bundles, {scripts} scripts, {empty} empty, "
                          f"{time.monotonic() - started:.1f}s")
