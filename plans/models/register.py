"""The activity register: what a unit did that no delivery or broadcast records."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class ActivityKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    DIALOGUE = "dialogue", _("Dialogue")
    POST_OFFICE_MEETING = "post_office_meeting", _("Meeting at the post office")
    ONLINE_QA = "online_qa", _("Online Q&A session")
    PRESS_RADIO_TV = "press_radio_tv", _("Press item: radio and television")
    PRESS_NEWSPAPER = "press_newspaper", _("Press item: newspaper")
    POSTER = "poster", _("Panels and posters put up")
    BANNER = "banner", _("Banners and slogans put up")
    LEAFLET = "leaflet", _("Leaflets distributed")
    STAFF_TRAINING = "staff_training", _("Training of staff and volunteers")


MEETING_KINDS = (ActivityKind.CONFERENCE, ActivityKind.TRAINING, ActivityKind.WORKSHOP, ActivityKind.DIALOGUE,
                 ActivityKind.POST_OFFICE_MEETING)
PRESS_KINDS = (ActivityKind.PRESS_RADIO_TV, ActivityKind.PRESS_NEWSPAPER)
QUANTITY_KINDS = (ActivityKind.POSTER, ActivityKind.BANNER, ActivityKind.LEAFLET)


class ActivityEntryQuerySet(models.QuerySet):
    def between(self, first, last):
        return self.filter(held_on__gte=first, held_on__lte=last)


class ActivityEntry(index.Indexed, ClusterableModel):
    """One conference, training, press item, batch of posters or leaflets… of one unit on one day.

    ``attendees`` for meetings, ``quantity`` for things put up or handed out; the reports add
    them up (appendix 03 lines 1.2–1.4, 2.1, 3.1, 4.2, 5.4) instead of the unit typing totals.
    """

    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("date"), db_index=True)
    org_unit = models.ForeignKey("cms.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                                 related_name="activities")
    campaign = models.ForeignKey("cms.Campaign", verbose_name=_("campaign"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="activities")
    policy_areas = ParentalManyToManyField("cms.PolicyArea", verbose_name=_("policy areas"), blank=True,
                                           related_name="activities")
    audience_groups = ParentalManyToManyField("cms.AudienceGroup", verbose_name=_("audience groups"), blank=True,
                                              related_name="activities")
    attendees = models.PositiveIntegerField(_("attendees"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True,
                                           help_text=_("Pieces put up, leaflets handed out, items in the press."))
    participants_gained = models.PositiveIntegerField(
        _("participants gained"), null=True, blank=True,
        help_text=_("Voluntary social insurance participants signed up at a post office meeting."))
    place = models.CharField(_("place"), max_length=200, blank=True)
    partners = models.CharField(_("partner units"), max_length=300, blank=True)
    outlet = models.CharField(_("press outlet"), max_length=200, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActivityEntryQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("held_on")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("org_unit"), FieldPanel("campaign")]),
        FieldRowPanel([FieldPanel("attendees"), FieldPanel("quantity"), FieldPanel("participants_gained")]),
        FieldPanel("policy_areas"),
        FieldPanel("audience_groups"),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("partners"), FieldPanel("outlet"), FieldPanel("link")],
                        heading=_("Where and with whom")),
        FieldPanel("notes"),
        InlinePanel("attachments", label=_("Photos and attachments")),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.FilterField("org_unit"),
                     index.FilterField("kind"), index.FilterField("held_on")]

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activity register")
        indexes = [models.Index(fields=["org_unit", "held_on"], name="activity_unit_day")]

    def __str__(self):
        return f"{self.held_on:%d/%m/%Y} · {self.get_kind_display()} · {self.title}"


class ActivityAttachment(Orderable):
    entry = ParentalKey(ActivityEntry, related_name="attachments", on_delete=models.CASCADE)
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("document"), FieldPanel("caption")]
