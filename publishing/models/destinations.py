import random

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.fields import EncryptedTextField


RETRY_AFTER_FLOOR_SECONDS = 1.0  # "Retry-After: 0" still waits a moment
RETRY_AFTER_JITTER_SECONDS = 1.0


class RetryPolicy(models.Model):
    """Exponential backoff with jitter and a cap; kept in the database so operators can tune it."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    is_default = models.BooleanField(_("default policy"), default=False)
    max_attempts = models.PositiveSmallIntegerField(_("attempts before failing"), default=8)
    base_delay_seconds = models.PositiveIntegerField(_("first delay (seconds)"), default=30)
    factor = models.FloatField(_("growth factor"), default=2.0)
    max_delay_seconds = models.PositiveIntegerField(_("longest delay (seconds)"), default=3600)
    jitter = models.FloatField(_("jitter (share of the delay)"), default=0.2)

    class Meta:
        verbose_name = _("retry policy")
        verbose_name_plural = _("retry policies")

    def __str__(self):
        return self.name

    @classmethod
    def default(cls):
        policy = cls.objects.filter(is_default=True).first()
        if policy is None:
            policy, _ = cls.objects.get_or_create(name="Mặc định", defaults={"is_default": True})
        return policy

    def delay(self, attempt, retry_after=None):
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if retry_after is not None:
            # The channel said when: that time is the floor, and our backoff is not added to it.
            # A little jitter on top (at most a second) keeps the destination's waiting posts from all
            # coming back in the same instant.
            return max(float(retry_after), RETRY_AFTER_FLOOR_SECONDS) + random.uniform(0, RETRY_AFTER_JITTER_SECONDS)
        delay = min(self.base_delay_seconds * self.factor ** max(attempt - 1, 0), self.max_delay_seconds)
        delay *= 1 + random.uniform(-self.jitter, self.jitter)
        return max(delay, 0.0)


class UnitOwnedQuerySet(models.QuerySet):
    """Rows with an ``org_unit``: what a person sees is what their units own (central staff: all)."""

    def visible_to(self, user):
        from publishing.services.scoping import unit_ids_for

        ids = unit_ids_for(user)
        return self if ids is None else self.filter(org_unit_id__in=ids)


class DestinationQuerySet(UnitOwnedQuerySet):
    def usable(self, now=None):
        """Enabled, working, and not resting after a rate limit or an outage."""
        now = now or timezone.now()
        return self.filter(Q(hold_until__isnull=True) | Q(hold_until__lte=now), enabled=True,
                           health=Destination.Health.OK)


class Destination(models.Model):
    """One place content goes to: a portal, a fanpage, a feed, a commune's loudspeakers."""

    class Health(models.TextChoices):
        OK = "ok", _("Working")
        NEEDS_REAUTH = "needs_reauth", _("Needs re-authorisation")
        DISABLED = "disabled", _("Disabled")

    name = models.CharField(_("name"), max_length=160)
    channel = models.CharField(_("channel"), max_length=30, help_text=_("How we talk to it."))
    channel_kind = models.ForeignKey(
        "cms.ChannelKind", verbose_name=_("serves as"), on_delete=models.PROTECT, related_name="destinations",
        help_text=_("Which of the item's channel boxes this destination answers to."),
    )
    org_unit = models.ForeignKey("cms.OrgUnit", verbose_name=_("owner"), on_delete=models.PROTECT,
                                 related_name="destinations")
    enabled = models.BooleanField(_("enabled"), default=True)
    config = models.JSONField(_("settings"), default=dict, blank=True)
    secret = EncryptedTextField(_("secret"), blank=True)
    health = models.CharField(_("health"), max_length=20, choices=Health.choices, default=Health.OK)
    health_reason = models.TextField(_("why"), blank=True)
    health_changed_at = models.DateTimeField(null=True, blank=True)
    hold_until = models.DateTimeField(
        _("resting until"), null=True, blank=True, editable=False,
        help_text=_("Set when the destination was down or asked us to slow down; nothing is sent before."))
    rate_limit_per_minute = models.PositiveIntegerField(
        _("posts per minute at most"), default=0, help_text=_("0 for no limit."))
    retry_policy = models.ForeignKey(RetryPolicy, verbose_name=_("retry policy"), null=True, blank=True,
                                     on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DestinationQuerySet.as_manager()

    class Meta:
        ordering = ["org_unit__name", "name"]
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    def __str__(self):
        return self.name

    def clean(self):
        from channels.registry import UnknownChannel, get_registry

        try:
            channel = get_registry().get(self.channel)
        except UnknownChannel:
            raise ValidationError({"channel": _("Unknown channel %(kind)s.") % {"kind": self.channel}})
        if not isinstance(self.config or {}, dict):
            raise ValidationError({"config": _("Settings must be a JSON object between { and }.")})
        problems = channel.validate_config(self.config or {})
        if problems:
            raise ValidationError({"config": "; ".join(problems)})
        if channel.needs_secret and not self.secret:
            raise ValidationError({"secret": _("This channel needs its secret (shared secret or access token).")})

    def get_retry_policy(self):
        return self.retry_policy or RetryPolicy.default()

    @property
    def is_usable(self):
        return self.enabled and self.health == self.Health.OK

    @property
    def is_resting(self):
        return self.hold_until is not None and self.hold_until > timezone.now()
