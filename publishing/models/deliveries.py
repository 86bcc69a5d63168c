import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        """Waiting deliveries whose time has come, to destinations that can take them."""
        now = now or timezone.now()
        waiting = Q(status__in=[Delivery.Status.SCHEDULED, Delivery.Status.PENDING, Delivery.Status.RETRYING,
                                Delivery.Status.UNCONFIRMED])
        return self.filter(waiting, Q(destination__hold_until__isnull=True) | Q(destination__hold_until__lte=now),
                           next_attempt_at__lte=now, destination__enabled=True, destination__health="ok")

    def stuck(self, now=None):
        """Sending, but the worker's lease ran out: it died or hung mid-call."""
        now = now or timezone.now()
        return self.filter(status=Delivery.Status.SENDING, lease_until__lt=now)

    def held(self):
        """Waiting for a destination a person must act on: paused (credentials) or switched off."""
        return self.open().filter(Q(destination__enabled=False) | ~Q(destination__health="ok"))

    def open(self):
        return self.exclude(status__in=[Delivery.Status.SENT, Delivery.Status.FAILED, Delivery.Status.CANCELLED])

    def overdue(self, now=None, grace=datetime.timedelta(minutes=5)):
        now = now or timezone.now()
        return self.open().filter(next_attempt_at__lt=now - grace)

    def visible_to(self, user):
        from publishing.services.scoping import unit_ids_for

        ids = unit_ids_for(user)
        return self if ids is None else self.filter(destination__org_unit_id__in=ids)


class Delivery(models.Model):
    """One approved revision going to one destination: a row of the outbox, and its state machine.

    scheduled -> pending -> sending -> sent
                          \\-> retrying -> sending ...      (retryable error, backoff)
                          \\-> unconfirmed -> (reconcile) -> sent / sending
                          \\-> failed                      (permanent, or out of attempts)
    cancelled at any point before sending.

    Who owns a row: while "sending", only the claim whose ``claim_token`` it carries,
    until ``lease_until``; every write to a sending row names that token, and the
    dispatcher takes a row back only once its lease has run out (docs/exactly-once.md).
    """

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        UPDATE = "update", _("Update")
        WITHDRAW = "withdraw", _("Withdraw")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Retrying")
        UNCONFIRMED = "unconfirmed", _("Unconfirmed")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("item"), null=True, on_delete=models.SET_NULL,
                             related_name="deliveries")
    item_title = models.CharField(_("item title"), max_length=255)
    revision = models.ForeignKey("wagtailcore.Revision", verbose_name=_("revision"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    destination = models.ForeignKey("publishing.Destination", verbose_name=_("destination"),
                                    on_delete=models.PROTECT, related_name="deliveries")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    due_at = models.DateTimeField(_("due"))
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # The fencing token of the claim that is sending this row: written by each claim, required
    # by every write that follows it, so a worker whose row was taken back writes nothing.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    # Copied from the channel when the row is made: at most one ordered delivery per
    # destination is "sending" at a time (a partial unique index), so posts arrive in order.
    ordered = models.BooleanField(default=True, editable=False)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    reconcile_first = models.BooleanField(
        default=False, help_text="An earlier attempt may have created the post: look for it before sending.")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    external_id = models.CharField(_("id on the channel"), max_length=255, blank=True)
    external_url = models.URLField(_("link"), max_length=500, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    payload = models.JSONField(_("payload as sent"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("last attempt started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["revision", "destination", "action"],
                                    name="one_delivery_per_revision_destination_action"),
            models.UniqueConstraint(fields=["destination"], condition=Q(status="sending", ordered=True),
                                    name="one_ordered_delivery_sending_per_destination"),
        ]
        indexes = [
            models.Index(fields=["page", "destination", "status"]),
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.item_title} -> {self.destination}"

    @property
    def is_open(self):
        return self.status not in (self.Status.SENT, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def can_retry(self):
        return self.status in (self.Status.FAILED, self.Status.RETRYING, self.Status.UNCONFIRMED,
                               self.Status.CANCELLED)

    @property
    def can_cancel(self):
        # Not while sending or unconfirmed: the post may exist, and only a withdrawal removes it.
        return self.status in (self.Status.SCHEDULED, self.Status.PENDING, self.Status.RETRYING)

    @property
    def is_in_flight(self):
        return self.status in (self.Status.SENDING, self.Status.UNCONFIRMED)
