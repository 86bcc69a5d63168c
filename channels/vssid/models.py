"""What the VssID feed serves: one entry per province, language and item.

Withdrawn entries stay as tombstones (``withdrawn_at`` set): a feed's
Last-Modified must move forward when its newest item is withdrawn, and the
feed lists recent withdrawals so the app's backend can drop what it cached.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedEntryQuerySet(models.QuerySet):
    def of_feed(self, unit, language):
        """Every entry of one province's feed in one language (BCP 47 tag), tombstones included."""
        return self.filter(unit=unit, language=language)

    def live(self):
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self):
        return self.filter(withdrawn_at__isnull=False)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class FeedEntry(models.Model):
    unit = models.ForeignKey("cms.OrgUnit", verbose_name=_("province"), on_delete=models.PROTECT,
                             related_name="vssid_entries",
                             help_text=_("The province whose feed shows the entry (or the centre's national feed)."))
    language = models.CharField(_("language"), max_length=35, help_text=_("BCP 47 tag, e.g. vi or km-Khmr."))
    uri = models.CharField(_("item id"), max_length=255,
                           help_text=_("The item's id in the feed, the same in every version."))
    item = models.JSONField(_("feed item"), help_text=_("The JSON Feed item, as formatted when it was approved."))
    published_at = models.DateTimeField(_("first published"))
    modified_at = models.DateTimeField(_("changed in the feed"), db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # The delivery keys that wrote the entry: the last write, and the last one the ingest acknowledged.
    last_key = models.CharField(max_length=64, db_index=True)
    pushed_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "uri"], name="vssid_one_entry_per_province_item")]
        indexes = [models.Index(fields=["unit", "language", "withdrawn_at", "published_at"],
                                name="vssid_feed_idx")]
        verbose_name = _("VssID feed entry")
        verbose_name_plural = _("VssID feed entries")

    def __str__(self):
        return f"{self.uri} @ {self.unit_id}"

    @property
    def external_id(self):
        return f"vssid-{self.pk}"
