from django.db import models


class LoggedPost(models.Model):
    """What the "log" channel received: a stand-in for a real channel, for the demo and tests."""

    destination = models.CharField(max_length=120)
    key = models.CharField("idempotency key", max_length=64, unique=True)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updates = models.PositiveIntegerField(default=0)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def external_id(self):
        return f"log-{self.pk}"
