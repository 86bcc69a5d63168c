"""What the YouTube channel keeps between attempts: an upload's progress, and the quota spent.

The transmitter contract gives a transmitter the delivery's idempotency key and
nothing to write on the delivery, so a resumable upload's session URI (valid
for a week at Google) and the steps already done for a key live here. A worker
that dies at 90 % of a 2 GB clip resumes from Google's last byte instead of
starting over, and a retry never inserts a second video.
"""

from django.db import models


class Upload(models.Model):
    """One delivery's work on YouTube, keyed by its idempotency key."""

    key = models.CharField("idempotency key", max_length=64, unique=True)
    session_uri = models.TextField(blank=True)  # the resumable upload session (Location of the first POST)
    size = models.BigIntegerField(null=True, blank=True)
    video_id = models.CharField(max_length=32, blank=True)
    captions = models.JSONField(default=dict, blank=True)  # YouTube language code -> caption id
    thumbnail_set = models.BooleanField(default=False)
    done = models.BooleanField(default=False)  # video, captions and thumbnail all in place
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.key[:12]} → {self.video_id or 'uploading'}"


class QuotaDay(models.Model):
    """Units (and uploads, their own bucket) one Google Cloud project spent on one Pacific-time day."""

    project = models.CharField(max_length=200)  # the OAuth client id: Google counts quota per project
    day = models.DateField()
    units = models.PositiveIntegerField(default=0)
    uploads = models.PositiveIntegerField(default=0)
    exhausted = models.BooleanField(default=False)  # Google said quotaExceeded before our count did

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "day"], name="youtube_quota_one_row_per_day")]

    def __str__(self):
        return f"{self.project} {self.day}: {self.units} units, {self.uploads} uploads"
