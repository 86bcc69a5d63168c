import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a unit's iCalendar feed address: staff calendars cannot log in, so the link is the key."""

    org_unit = models.OneToOneField("cms.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                                    related_name="calendar_token")
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")

    def __str__(self):
        return f"{self.org_unit_id}"
