"""Create (or revoke) a device token for a smart loudspeaker box that pulls its commune's files."""

from django.core.management.base import BaseCommand, CommandError

from channels.loudspeaker.models import DeviceToken
from channels.loudspeaker.services import device_token_create, device_token_revoke
from cms.models import OrgUnit


class Command(BaseCommand):
    help = "Create a device token bound to one commune (printed once), or revoke one with --revoke ID."

    def add_arguments(self, parser):
        parser.add_argument("--commune", help="commune code, e.g. 15-sa-pa")
        parser.add_argument("--name", default="Loa thông minh", help="a name for the box")
        parser.add_argument("--revoke", type=int, help="id of a device whose token stops working")

    def handle(self, *args, **options):
        if options["revoke"]:
            device = DeviceToken.objects.filter(pk=options["revoke"]).first()
            if device is None:
                raise CommandError(f"no device {options['revoke']}")
            device_token_revoke(device=device)
            self.stdout.write(f"revoked device {device.pk} ({device.name})")
            return
        commune = OrgUnit.objects.communes().filter(code=options["commune"] or "").first()
        if commune is None:
            raise CommandError("--commune must be a commune code")
        device, token = device_token_create(commune=commune, name=options["name"])
        self.stdout.write(f"device {device.pk} for {commune.full_name}; token (shown once): {token}")
