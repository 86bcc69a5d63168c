from django.core.management.base import BaseCommand

from demo.seed import seed_demo


class Command(BaseCommand):
    help = "Load the demo provinces, staff logins and about 30 demo items (idempotent)."

    def handle(self, *args, **options):
        logins = seed_demo(out=self.stdout.write)
        from django.apps import apps
        from django.utils.module_loading import import_string

        if apps.is_installed("plans"):  # named, not imported: the plans app is optional
            from cms.services.org_units import org_units_read

            import_string("plans.demo.seed_plans")(province_codes=org_units_read()["demo_provinces"],
                                                    out=self.stdout.write)
        self.stdout.write("")
        self.stdout.write("Demo logins (password for all: the VSS_DEMO_PASSWORD setting, shown below)")
        for username, role, unit in logins:
            self.stdout.write(f"  {username:<28} {role:<28} {unit}")
        from django.conf import settings

        self.stdout.write(self.style.SUCCESS(
            f"seed_demo: {len(logins)} logins ready, password {settings.VSS_DEMO_PASSWORD!r}"
        ))
