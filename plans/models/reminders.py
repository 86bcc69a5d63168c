from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportSubmission(models.Model):
    """A unit said its half-year or yearly report was sent to the centre; reminders stop for it."""

    org_unit = models.ForeignKey("cms.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                                 related_name="report_submissions")
    year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(_("report"), max_length=8)  # "h1" or "year", as in reports.periods
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("report submission")
        constraints = [models.UniqueConstraint(fields=["org_unit", "year", "period_kind"], name="one_submission")]


class ReminderSent(models.Model):
    """One reminder mail per unit, deadline and lead time, so beat running twice does not mail twice."""

    org_unit = models.ForeignKey("cms.OrgUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    period_kind = models.CharField(max_length=8)
    days_before = models.SmallIntegerField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_unit", "year", "period_kind", "days_before"],
                                               name="one_reminder")]
