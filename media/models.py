"""What probing an uploaded document found, kept beside Wagtail's stock Document; the read-aloud glossary."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

NOTE_TEXTS = {
    "no_ffmpeg_poster": _("No frame was taken from the clip because ffmpeg is not installed on the server; "
                          "channels use the poster image chosen on the clip."),
    "poster_failed": _("No frame could be taken from the clip; channels use the poster image chosen on the clip."),
    "thumbnail_failed": _("The first page could not be drawn; choose a cover image for the leaflet."),
}


class DocumentMetadata(models.Model):
    """Facts about a clip, a leaflet PDF or a subtitle file, found when it was uploaded.

    Keyed to the document, so Wagtail's own Document model (and its migrations)
    stay as they are. ``preview`` is a library image: the clip's poster frame or
    the leaflet's first page, which channels can use like any other image.
    """

    class Kind(models.TextChoices):
        VIDEO = "video", _("video clip")
        PDF = "pdf", _("PDF")
        SUBTITLES = "subtitles", _("subtitles")
        OTHER = "other", _("other")

    document = models.OneToOneField("wagtaildocs.Document", on_delete=models.CASCADE, primary_key=True,
                                    related_name="media_metadata", verbose_name=_("document"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    container = models.CharField(_("container"), max_length=20, blank=True)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    video_codec = models.CharField(_("video codec"), max_length=20, blank=True)
    audio_codec = models.CharField(_("audio codec"), max_length=20, blank=True)
    probed_with = models.CharField(_("probed with"), max_length=10, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    preview = models.ForeignKey("wagtailimages.Image", verbose_name=_("preview image"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    notes = models.JSONField(_("notes"), default=list, blank=True)
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)

    class Meta:
        verbose_name = _("document metadata")
        verbose_name_plural = _("document metadata")

    def __str__(self):
        return self.summary()

    def summary(self):
        """One line for editors, in their language: what the file is."""
        parts = []
        if self.kind == self.Kind.VIDEO:
            parts.append(f"{self.container.upper()} {self.video_codec.upper()}"
                         + (f"/{self.audio_codec.upper()}" if self.audio_codec else ""))
            if self.width and self.height:
                parts.append(f"{self.width} × {self.height}")
            if self.duration_seconds is not None:
                minutes, seconds = divmod(round(self.duration_seconds), 60)
                parts.append(gettext("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": seconds})
        elif self.kind == self.Kind.PDF and self.page_count is not None:
            parts.append(gettext("PDF, %(count)s pages") % {"count": number_format(self.page_count)})
        elif self.kind == self.Kind.SUBTITLES:
            parts.append(gettext("WebVTT subtitles, checked"))
        parts.extend(str(NOTE_TEXTS[note]) for note in self.notes if note in NOTE_TEXTS)
        return " · ".join(part for part in parts if part)


class Abbreviation(models.Model):
    """One entry of the read-aloud glossary: how an abbreviation is spoken ("BHXH" -> "bảo hiểm xã hội").

    Matched as written (case counts: "TP" is a city, "tp" is not) and only as a
    whole word, longest entry first, so "BHXH VN" wins over "BHXH".
    """

    text = models.CharField(_("abbreviation"), max_length=40, unique=True,
                            help_text=_("As it is written in the text, e.g. BHXH or NĐ-CP."))
    spoken = models.CharField(_("spoken form"), max_length=200,
                              help_text=_("What the announcer says instead, e.g. bảo hiểm xã hội."))

    class Kind(models.TextChoices):
        ABBREVIATION = "abbreviation", _("Abbreviation (read wherever it is written)")
        UNIT = "unit", _("Unit (read after a number, e.g. ha, kg)")
        DOCUMENT_TYPE = "document_type", _("Document type in a document number (NĐ, QĐ)")
        ISSUER = "issuer", _("Issuer in a document number (CP, BHXH)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ABBREVIATION, blank=True,
                            help_text=_("Where the entry is read: units only after a number, document types "
                                        "and issuers only inside a document number such as 595/QĐ-BHXH."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["text"]
        verbose_name = _("abbreviation")
        verbose_name_plural = _("read-aloud glossary")

    def __str__(self):
        return f"{self.text} → {self.spoken}"

    def _tidy(self):
        self.text = unicodedata.normalize("NFC", " ".join((self.text or "").split()))
        self.spoken = unicodedata.normalize("NFC", " ".join((self.spoken or "").split()))

    def clean(self):
        self._tidy()
        if not any(char.isalpha() for char in self.text):
            raise ValidationError({"text": _("An abbreviation needs at least one letter.")})

    def save(self, *args, **kwargs):
        self._tidy()  # NFC however the row is written (admin, shell, data migration)
        super().save(*args, **kwargs)
