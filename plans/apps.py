from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Yearly plans (appendix 01), the activity register, plan against actual and the campaign calendar.

    Sits beside the reports: it reads cms, publishing and channels; none of them imports it.
    The reports count the register through the ``report_counted_figures`` hook this app registers.
    """

    name = "plans"
    label = "plans"
    verbose_name = _("Plans and activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="plans_setup")
        # The worker learns this app's task here: publishing's Celery app lists only its own packages.
        from plans import tasks  # noqa: F401


def _after_migrate(sender, **kwargs):
    # Imported here: models are not ready when this module is imported by the app registry.
    from plans.setup import plans_setup

    plans_setup()
