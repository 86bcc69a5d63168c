import json

from django.core.management.base import BaseCommand, CommandError

from cms.exceptions import FixtureError
from cms.services.languages import languages_load
from cms.services.org_units import org_units_load, org_units_read


class Command(BaseCommand):
    help = (
        "Load the organisation tree (central office, provinces, communes) from a JSON fixture "
        "and give each province its content section, groups, permissions and workflow. "
        "The whole file is checked first; on any problem nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="fixture path (default: cms/fixtures/org_units.json)")
        parser.add_argument("--province", action="append", default=[], metavar="CODE",
                            help="load only this province (and its communes); repeatable")
        parser.add_argument("--demo", action="store_true", help="load only the fixture's demo provinces")
        parser.add_argument("--allow-move", action="store_true",
                            help="accept communes listed under a different province than in the database")
        parser.add_argument("--no-provision", action="store_true",
                            help="load units only; create no sections, groups or workflows")

    def handle(self, *args, path=None, province=(), demo=False, allow_move=False, no_provision=False, **options):
        try:
            data = org_units_read(path)
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"cannot read the fixture: {exc}") from exc
        only = set(province) | (set(data.get("demo_provinces", [])) if demo else set())
        languages_load()

        def progress(index, total, unit):
            self.stdout.write(f"  [{index}/{total}] {unit.full_name}")

        try:
            summary = org_units_load(
                data=data, only=only or None, allow_move=allow_move,
                provision=not no_provision, progress=progress if options["verbosity"] else None,
            )
        except FixtureError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"org units: {summary}"))
