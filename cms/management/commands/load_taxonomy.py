from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cms.services.taxonomy import taxonomy_load


class Command(BaseCommand):
    help = "Create or update policy areas, audience groups, campaigns and channel kinds."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="another taxonomy fixture (JSON)")

    def handle(self, *args, path=None, **options):
        try:
            counts = taxonomy_load(path=path)
        except (ValidationError, OSError, ValueError, KeyError) as exc:
            raise CommandError(f"taxonomy not loaded: {exc}") from exc
        self.stdout.write("taxonomy: " + ", ".join(f"{n} {key.replace('_', ' ')}" for key, n in counts.items()))
