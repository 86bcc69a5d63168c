"""What the reports keep: the figures the system cannot count, entered by hand per unit and period."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ManualFiguresQuerySet(models.QuerySet):
    def for_period(self, period):
        return self.filter(first_day=period.first, last_day=period.last)


class ManualFigures(models.Model):
    """Meetings held, attendees, staff, volunteers, budget… for one unit and one period.

    The values are a JSON object keyed by the manual lines of ``lines.py`` rather than one
    column per line: the agency rewords and renumbers its template from year to year, and
    the form that validates the values is built from that same list.
    """

    org_unit = models.ForeignKey("cms.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                                 related_name="report_figures")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    values = models.JSONField(_("figures"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ManualFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("hand-entered report figures")
        verbose_name_plural = _("hand-entered report figures")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "first_day", "last_day"], name="one_figures_per_unit_period"),
            models.CheckConstraint(condition=models.Q(last_day__gte=models.F("first_day")),
                                   name="figures_period_in_order"),
        ]

    def __str__(self):
        return f"{self.org_unit_id} {self.first_day}..{self.last_day}"
