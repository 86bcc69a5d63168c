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


class ScriptRender(models.Model):
    """The exports of one script in one language, rendered once and shared by every commune.

    Keyed by a hash of what the exports are made from (title, sanitised HTML,
    language, target duration): 3,000 communes receiving the same script point at
    one row. The unique constraint and a claim with a lease (``claimed_until``)
    make two workers meeting the same script render it once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=35)
    title = models.CharField(_("title"), max_length=255)
    source = models.JSONField(_("source"), default=dict)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("renders run"), default=0)
    error = models.TextField(_("error"), blank=True)
    seconds = models.FloatField(_("estimated reading time (seconds)"), null=True, blank=True)
    syllables = models.PositiveIntegerField(_("syllables"), null=True, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    files = models.JSONField(_("files"), default=dict, blank=True,
                             help_text=_("Export format -> file name in the private media storage."))
    unavailable = models.JSONField(default=dict, blank=True,
                                   help_text=_("Export format -> why it could not be made (no espeak-ng)."))
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("script render")
        verbose_name_plural = _("script renders")

    def __str__(self):
        return f"{self.title} [{self.language}] {self.content_hash[:10]}"

    @property
    def is_ready(self):
        return self.status == self.Status.READY


class CommuneScriptQuerySet(models.QuerySet):
    def live(self):
        return self.filter(withdrawn_at__isnull=True)

    def for_commune(self, commune):
        return self.live().filter(commune=commune)

    def due_between(self, first, last):
        """Scripts whose broadcast window overlaps [first, last] (dates, inclusive)."""
        return self.filter(starts_on__lte=last, ends_on__gte=first)


class CommuneScript(models.Model):
    """A script attached to one commune's loudspeakers, with its schedule: what operators and boxes see.

    One row per commune and item language (``uri``); an update replaces it, a
    withdrawal marks it withdrawn (confirmations already made stay counted).
    """

    # Few indexes: each is written 3,000 times when one script goes to every commune. The
    # commune leads the two composite indexes below, so it needs none of its own; a locale
    # is almost never deleted, and ``key`` is looked up within one commune's few rows.
    commune = models.ForeignKey("cms.OrgUnit", verbose_name=_("commune"), on_delete=models.CASCADE,
                                related_name="loudspeaker_scripts", db_index=False)
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("item"), on_delete=models.CASCADE,
                             related_name="+")
    locale = models.ForeignKey("wagtailcore.Locale", verbose_name=_("language"), on_delete=models.PROTECT,
                               related_name="+", db_index=False)
    uri = models.CharField(max_length=200)
    render = models.ForeignKey(ScriptRender, on_delete=models.PROTECT, related_name="commune_scripts")
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("broadcast from"))
    ends_on = models.DateField(_("broadcast until"))
    slots = models.JSONField(_("time slots"), default=list, help_text=_('Times of day, "HH:MM".'))
    repeats = models.PositiveSmallIntegerField(_("repeat count"), default=1)
    gap_minutes = models.PositiveSmallIntegerField(_("minutes between repeats"), default=0)
    session_cap_seconds = models.PositiveIntegerField(_("session cap (seconds)"), null=True, blank=True)
    key = models.CharField(_("last idempotency key"), max_length=64)
    published_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = CommuneScriptQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "title"]
        constraints = [models.UniqueConstraint(fields=["commune", "uri"], name="one_script_per_commune_uri")]
        indexes = [models.Index(fields=["commune", "ends_on"])]
        verbose_name = _("commune script")
        verbose_name_plural = _("commune scripts")

    def __str__(self):
        return f"{self.title} @ {self.commune_id}"

    @property
    def external_id(self):
        return f"ls-{self.pk}"

    @property
    def over_cap(self):
        seconds = self.render.seconds
        return bool(self.session_cap_seconds and seconds and seconds * self.repeats > self.session_cap_seconds)


class DeviceTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class DeviceToken(models.Model):
    """A smart loudspeaker box that pulls its commune's MP3s: one token per box, stored hashed."""

    commune = models.ForeignKey("cms.OrgUnit", verbose_name=_("commune"), on_delete=models.CASCADE,
                                related_name="loudspeaker_devices")
    name = models.CharField(_("name"), max_length=120)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token starts with"), max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = DeviceTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("loudspeaker device")
        verbose_name_plural = _("loudspeaker devices")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
