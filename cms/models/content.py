"""The five content types editors draft: news, infographic, clip, leaflet, broadcast script."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import LeafletSectionsBlock, NewsBodyBlock
from cms.models.pages import ContentPage, MaxGraphemesValidator
from media.clips import clip_problems
from media.validation import validate_pdf, validate_video, validate_webvtt


class NewsPage(ContentPage):
    """News item or article (tin, bài)."""

    summary = models.TextField(
        _("summary (sapo)"), validators=[MaxGraphemesValidator(400)],
        help_text=_("One or two sentences shown in lists, feeds and social posts."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("hero image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"), FieldPanel("hero_image"), FieldPanel("body"),
    ] + ContentPage.classification_panels
    search_fields = ContentPage.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    api_fields = ContentPage.api_fields + [
        APIField("summary"), APIField("hero_image"),
        APIField("hero_image_social", serializer=ImageRenditionField("fill-1200x630-c100|format-jpeg",
                                                                     source="hero_image")),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class InfographicPage(ContentPage):
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=False,
        on_delete=models.PROTECT, related_name="+",
    )
    alt_text = models.CharField(
        _("alternative text"), max_length=500, validators=[MaxGraphemesValidator(250)],
        help_text=_("What the image says, for people who cannot see it. Required."),
    )
    caption = models.TextField(_("caption"), blank=True, validators=[MaxGraphemesValidator(1000)])
    data_source = models.CharField(_("data source"), max_length=300, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption"), FieldPanel("data_source"),
    ] + ContentPage.classification_panels
    search_fields = ContentPage.search_fields + [index.SearchField("caption"), index.SearchField("alt_text")]
    api_fields = ContentPage.api_fields + [
        APIField("image"), APIField("alt_text"), APIField("caption"), APIField("data_source"),
    ]

    class Meta:
        verbose_name = _("infographic")
        verbose_name_plural = _("infographics")

    def clean_content(self):
        errors = {}
        if not self.image_id:
            errors["image"] = _("An infographic needs its image.")
        if not (self.alt_text or "").strip():
            errors["alt_text"] = _("An infographic needs alternative text describing the image.")
        return errors


class ClipPage(ContentPage):
    video = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("video file"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("An MP4 or WebM file; or give an external video URL instead."),
    )
    video_url = models.URLField(_("external video URL"), blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    poster_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("poster image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    transcript = models.TextField(_("transcript"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("video"), FieldPanel("video_url"), FieldPanel("duration_seconds")],
            heading=_("Video"),
        ),
        FieldPanel("poster_image"),
        InlinePanel("subtitles", label=_("Subtitles")),
        FieldPanel("transcript"),
    ] + ContentPage.classification_panels
    search_fields = ContentPage.search_fields + [index.SearchField("transcript")]
    api_fields = ContentPage.api_fields + [
        APIField("video"), APIField("video_url"), APIField("duration_seconds"), APIField("poster_image"),
    ]

    class Meta:
        verbose_name = _("video clip")
        verbose_name_plural = _("video clips")

    def clean_content(self):
        errors = {}
        if not self.video_id and not self.video_url:
            errors["video"] = _("Upload a video file or give an external video URL.")
        elif self.video_id and self.video_url:
            errors["video_url"] = _("Give either a video file or an external URL, not both.")
        elif self.video_id:
            try:
                validate_video(self.video.file, max_bytes=settings.VSS_MAX_VIDEO_BYTES)
            except ValidationError as exc:
                errors["video"] = exc.messages[0]
            else:
                errors.update(clip_problems(
                    document=self.video, has_poster=bool(self.poster_image_id),
                    subtitles={str(track.language): track.vtt for track in self.subtitles.all()}))
        return errors


class ClipSubtitle(Orderable):
    page = ParentalKey(ClipPage, related_name="subtitles", on_delete=models.CASCADE)
    language = models.ForeignKey("cms.Language", verbose_name=_("language"), on_delete=models.PROTECT)
    vtt = models.TextField(_("WebVTT subtitles"), validators=[validate_webvtt])

    panels = [FieldPanel("language"), FieldPanel("vtt")]

    class Meta(Orderable.Meta):
        verbose_name = _("subtitles")
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="one_subtitle_track_per_language")
        ]


class LeafletPage(ContentPage):
    """Leaflet or folded leaflet (tờ rơi, tờ gấp)."""

    class Kind(models.TextChoices):
        STUDENT_HI = "student_hi", _("Student health insurance")
        HOUSEHOLD_HI = "household_hi", _("Household health insurance")
        COMPULSORY_SI = "compulsory_si", _("Compulsory social insurance")
        VOLUNTARY_SI = "voluntary_si", _("Voluntary social insurance")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    pdf = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("printable PDF"), null=True, blank=False,
        on_delete=models.PROTECT, related_name="+",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("cover image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    sections = StreamField(LeafletSectionsBlock(), verbose_name=_("sections"), blank=True)
    print_quantity = models.PositiveIntegerField(_("print quantity"), default=0)

    content_panels = Page.content_panels + [
        FieldPanel("kind"), FieldPanel("pdf"), FieldPanel("cover_image"), FieldPanel("sections"),
        FieldPanel("print_quantity"),
    ] + ContentPage.classification_panels
    search_fields = ContentPage.search_fields + [index.SearchField("sections")]
    api_fields = ContentPage.api_fields + [
        APIField("kind"), APIField("pdf"), APIField("cover_image"), APIField("print_quantity"),
    ]

    class Meta:
        verbose_name = _("leaflet")
        verbose_name_plural = _("leaflets")

    def clean_content(self):
        errors = {}
        if not self.pdf_id:
            errors["pdf"] = _("A leaflet needs its printable PDF.")
        else:
            try:
                validate_pdf(self.pdf.file, max_bytes=settings.VSS_MAX_PDF_BYTES)
            except ValidationError as exc:
                errors["pdf"] = exc.messages[0]
        return errors


class BroadcastScriptPage(ContentPage):
    """Broadcast script (kịch bản phát thanh) for the commune loudspeakers."""

    script = RichTextField(
        _("script"), features=["bold", "italic", "ol", "ul"],
        help_text=_("Written to be read aloud: short sentences, easy to remember."),
    )
    target_duration_seconds = models.PositiveIntegerField(
        _("target duration (seconds)"), default=180,
    )
    broadcast_from = models.DateField(_("broadcast from"))
    broadcast_until = models.DateField(_("broadcast until"))
    # An editor's corrections of single readings, made in the read-through view (Đọc thử) and kept
    # with the revision: {"31/4#1": "ba mươi tháng tư"} (written text and its occurrence -> spoken text).
    spoken_overrides = models.JSONField(_("reading corrections"), default=dict, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("script"), FieldPanel("target_duration_seconds"),
        MultiFieldPanel([FieldPanel("broadcast_from"), FieldPanel("broadcast_until")],
                        heading=_("Broadcast window")),
    ] + ContentPage.classification_panels
    search_fields = ContentPage.search_fields + [index.SearchField("script")]
    api_fields = ContentPage.api_fields + [
        APIField("target_duration_seconds"), APIField("broadcast_from"), APIField("broadcast_until"),
    ]

    class Meta:
        verbose_name = _("broadcast script")
        verbose_name_plural = _("broadcast scripts")

    def clean_content(self):
        errors = {}
        if self.broadcast_from and self.broadcast_until and self.broadcast_until < self.broadcast_from:
            errors["broadcast_until"] = _("The broadcast window cannot end before it starts.")
        if not self.target_duration_seconds:
            errors["target_duration_seconds"] = _("Give a target duration longer than zero seconds.")
        return errors


CONTENT_TYPES = [NewsPage, InfographicPage, ClipPage, LeafletPage, BroadcastScriptPage]
