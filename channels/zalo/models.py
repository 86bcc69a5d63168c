"""What the Zalo channel keeps: each OA's token pair, the articles it asked Zalo to make, its broadcasts.

Tokens belong to an OA and the Zalo app it authorised (two destinations for one OA
share one pair, so they never rotate it against each other). They are encrypted at
rest with the project's channel-secret encryption (channels.fields, Fernet).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from channels.fields import EncryptedTextField


class ZaloToken(models.Model):
    """The OA's access and refresh tokens, and the refresh in flight, if any.

    A refresh is claimed (``refresh_claim``) and committed before Zalo is called, and
    the previous pair is kept until the new one is saved: a worker killed in between
    leaves a stale claim that the next worker sees and acts on (tokens.py).
    """

    app_id = models.CharField(max_length=30)
    oa_id = models.CharField(max_length=30)
    access_token = EncryptedTextField(blank=True)
    refresh_token = EncryptedTextField(blank=True)
    access_expires_at = models.DateTimeField(null=True, blank=True)
    refresh_expires_at = models.DateTimeField(null=True, blank=True)
    generation = models.PositiveIntegerField(default=0, help_text="Bumped by each saved pair.")
    refresh_claim = models.CharField(max_length=40, blank=True)
    refresh_claimed_at = models.DateTimeField(null=True, blank=True)
    refused = models.TextField(blank=True, help_text="Why Zalo refused our tokens: a person must reconnect the OA.")
    connected_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    refresh_count = models.PositiveIntegerField(default=0)
    # What beat needs to refresh without a delivery at hand: the app's secret key (a copy of
    # the destination's secret, kept current by every use) and where Zalo's OAuth lives.
    secret_key = EncryptedTextField(blank=True)
    oauth_url = models.URLField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["app_id", "oa_id"], name="zalo_one_token_pair_per_oa")]
        verbose_name = _("Zalo OA connection")

    def __str__(self):
        return f"OA {self.oa_id} (app {self.app_id})"


class ZaloArticle(models.Model):
    """An article we asked Zalo to create, by delivery key: Zalo's create token, then its article id.

    Zalo creates articles asynchronously and has no idempotency key; the create token
    recorded here lets a retry verify the first request instead of creating again.
    """

    oa_id = models.CharField(max_length=30)
    key = models.CharField(max_length=64)
    create_token = models.CharField(max_length=200, blank=True)
    article_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["oa_id", "key"], name="zalo_one_article_per_key")]


class ZaloBroadcast(models.Model):
    """One broadcast of one article to an OA's followers: claimed before the call, so it goes once."""

    class State(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        REFUSED = "refused", _("Refused by Zalo")
        UNCONFIRMED = "unconfirmed", _("Unconfirmed (no answer)")

    oa_id = models.CharField(max_length=30)
    article_id = models.CharField(max_length=100)
    state = models.CharField(max_length=20, choices=State.choices, default=State.SENDING)
    message_id = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["oa_id", "article_id"], name="zalo_one_broadcast_per_article")]
