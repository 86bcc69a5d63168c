import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class PolicyArea(index.Indexed, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    is_health_insurance = models.BooleanField(
        _("health insurance"), default=False,
        help_text=_("Counted in the health-insurance-only figures of the reports."),
    )

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("name_en"), FieldPanel("is_health_insurance")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("policy area")
        verbose_name_plural = _("policy areas")

    def __str__(self):
        return self.name


class AudienceGroup(index.Indexed, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("name_en")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("audience group")
        verbose_name_plural = _("audience groups")

    def __str__(self):
        return self.name


class CampaignQuerySet(models.QuerySet):
    def active_on(self, day):
        return [campaign for campaign in self if campaign.is_active_on(day)]


class Campaign(index.Indexed, models.Model):
    """A communication campaign; yearly ones repeat on the same days every year."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    recurring_yearly = models.BooleanField(
        _("repeats every year"), default=True,
        help_text=_("Only the day and month count; a window may run over the new year."),
    )
    hashtags = models.CharField(
        _("hashtags"), max_length=200, blank=True,
        help_text=_("Space-separated, used in social posts, e.g. #BHXH #BHYT"),
    )
    description = models.TextField(_("description"), blank=True)

    objects = CampaignQuerySet.as_manager()

    panels = [
        FieldPanel("name"), FieldPanel("slug"), FieldPanel("starts_on"), FieldPanel("ends_on"),
        FieldPanel("recurring_yearly"), FieldPanel("hashtags"), FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and not self.recurring_yearly and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The campaign cannot end before it starts.")})
        if self.hashtags:
            bad = [tag for tag in self.hashtags.split() if not tag.startswith("#") or len(tag) < 2]
            if bad:
                raise ValidationError({"hashtags": _("Each hashtag must start with #: %(tags)s") % {"tags": " ".join(bad)}})

    def is_active_on(self, day: datetime.date) -> bool:
        if not self.recurring_yearly:
            return self.starts_on <= day <= self.ends_on
        start = (self.starts_on.month, self.starts_on.day)
        end = (self.ends_on.month, self.ends_on.day)
        today = (day.month, day.day)
        if start <= end:
            return start <= today <= end
        return today >= start or today <= end  # runs over the new year


class ChannelKind(models.Model):
    """A kind of channel content can be routed to (portal, fanpage, VssID, loudspeaker...).

    Kept as data so that a new channel (Zalo, YouTube) is a row, not a code change
    in the content model.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("name_en"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("channel kind")
        verbose_name_plural = _("channel kinds")

    def __str__(self):
        return self.name
