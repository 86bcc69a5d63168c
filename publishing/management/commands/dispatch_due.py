from django.core.management.base import BaseCommand

from publishing.services.dispatcher import dispatch_due


class Command(BaseCommand):
    help = "One dispatcher pass over the outbox (for cron users; beat does this every few seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--inline", action="store_true",
                            help="work the due deliveries in this process instead of queueing them")

    def handle(self, *args, inline=False, **options):
        summary = dispatch_due(inline=inline)
        self.stdout.write(f"dispatch_due: {summary}")
