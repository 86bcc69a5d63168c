"""A loudspeaker destination for every commune with a radio station (bulk; existing ones are kept)."""

from django.core.management.base import BaseCommand

from channels.loudspeaker.services import loudspeaker_destinations_ensure
from cms.models import OrgUnit


class Command(BaseCommand):
    help = "Create a loudspeaker destination for each commune with a radio station that has none."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="only this province's communes")
        parser.add_argument("--slots", default="06:00,17:00")
        parser.add_argument("--repeats", default="2")
        parser.add_argument("--gap-minutes", default="5")

    def handle(self, *args, **options):
        communes = OrgUnit.objects.communes().filter(has_radio_station=True, is_active=True)
        if options["province"]:
            communes = communes.filter(parent__code=options["province"])
        created = loudspeaker_destinations_ensure(communes=communes, config={
            "slots": options["slots"], "repeats": options["repeats"], "gap_minutes": options["gap_minutes"]})
        self.stdout.write(f"{created} loudspeaker destinations created")
