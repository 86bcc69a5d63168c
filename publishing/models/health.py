from django.db import models


class Heartbeat(models.Model):
    """When the worker and beat were last heard from (the health check reads this)."""

    name = models.CharField(max_length=40, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.seen_at}"
