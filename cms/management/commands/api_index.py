from django.core.management.base import BaseCommand

from cms.api.indexing import published_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the headless API's read model from the live pages (after an upgrade or a restore)."

    def handle(self, *args, **options):
        count = published_index_rebuild()
        self.stdout.write(f"{count} live item(s) in the API.")
