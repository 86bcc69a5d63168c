from django.db import models
from django.utils.translation import gettext_lazy as _

from publishing.models.destinations import UnitOwnedQuerySet


class Route(models.Model):
    """Which content goes to which destinations. Rules are data, edited in the admin.

    An item matches when its owning unit is the route's unit (or below it, with
    "and its communes"), and the optional type, policy area and language agree.
    """

    name = models.CharField(_("name"), max_length=160)
    objects = UnitOwnedQuerySet.as_manager()
    org_unit = models.ForeignKey("cms.OrgUnit", verbose_name=_("content of"), on_delete=models.CASCADE,
                                 related_name="routes")
    include_descendants = models.BooleanField(_("and the units below it"), default=True)
    content_type = models.ForeignKey("contenttypes.ContentType", verbose_name=_("content type"), null=True,
                                     blank=True, on_delete=models.CASCADE, related_name="+")
    policy_area = models.ForeignKey("cms.PolicyArea", verbose_name=_("policy area"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey("wagtailcore.Locale", verbose_name=_("language"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    only_for_all_provinces = models.BooleanField(_("only items marked for all provinces"), default=False)
    to_all_provinces = models.BooleanField(_("to every province's destinations"), default=False)
    destinations = models.ManyToManyField("publishing.Destination", verbose_name=_("destinations"), blank=True,
                                          related_name="routes")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["org_unit__name", "name"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self):
        return self.name

    def matches(self, item):
        unit = item.org_unit
        if unit is None:
            return False
        if self.include_descendants:
            if not self.org_unit.contains(unit):
                return False
        elif unit.pk != self.org_unit_id:
            return False
        if self.only_for_all_provinces and not getattr(item, "for_all_provinces", False):
            return False
        if self.content_type_id and self.content_type_id != item.content_type_id:
            return False
        if self.locale_id and self.locale_id != item.locale_id:
            return False
        if self.policy_area_id and self.policy_area_id not in {area.pk for area in item.policy_areas.all()}:
            return False
        return True


class ItemChannelPlan(models.Model):
    """An editor's choice for one item and one destination: skip it, or send at a given time."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="channel_plans")
    destination = models.ForeignKey("publishing.Destination", on_delete=models.CASCADE, related_name="plans")
    enabled = models.BooleanField(_("send"), default=True)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "destination"], name="one_plan_per_item_destination")]
