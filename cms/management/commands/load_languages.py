from django.core.management.base import BaseCommand, CommandError

from cms.exceptions import FixtureError
from cms.services.languages import languages_load, languages_read


class Command(BaseCommand):
    help = "Create or update the content languages (Wagtail locales) from cms/fixtures/languages.json."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="another languages fixture (JSON)")

    def handle(self, *args, path=None, **options):
        try:
            total, created = languages_load(records=languages_read(path))
        except (FixtureError, OSError, ValueError, KeyError) as exc:
            raise CommandError(f"languages not loaded: {exc}") from exc
        self.stdout.write(f"languages: {total} in the fixture, {created} new")
