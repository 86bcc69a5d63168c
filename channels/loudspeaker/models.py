"""What the loudspeaker channel keeps. ``Broadcast`` is read by the reports: keep its fields."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BroadcastQuerySet(models.QuerySet):
    def in_period(self, start, end):
        """Broadcasts made in [start, end) (aware datetimes)."""
        return self.filter(broadcast_at__gte=start, broadcast_at__lt=end)


class Broadcast(models.Model):
    """A commune radio operator's word that a script went out over the commune's loudspeakers.

    ``times`` counts the broadcasts made at that sitting (a script read three times
    in one session is one row with times=3): the reports sum it.
    """

    commune = models.ForeignKey("cms.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="broadcasts")
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("script"), on_delete=models.PROTECT,
                             related_name="broadcasts",
                             help_text=_("The item read out, in the language it was read in."))
    locale = models.ForeignKey("wagtailcore.Locale", verbose_name=_("language"), on_delete=models.PROTECT,
                               related_name="+")
    broadcast_at = models.DateTimeField(_("broadcast at"))
    times = models.PositiveSmallIntegerField(_("times broadcast"), default=1)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("operator"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BroadcastQuerySet.as_manager()

    class Meta:
        ordering = ["-broadcast_at"]
        indexes = [models.Index(fields=["commune", "broadcast_at"]), models.Index(fields=["broadcast_at"])]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")

    def __str__(self):
        return f"{self.page_id} @ {self.commune_id} × {self.times}"
