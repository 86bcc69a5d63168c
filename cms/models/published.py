"""What the headless API reads: one row per live content item, written when it is published.

Content types are separate tables (Wagtail's multi-table inheritance); a list across
types straight from them needs a join per type and a query per item for the rest.
Instead, publishing an item writes its public document here (from the live revision,
never a draft) with the columns the filters need, and withdrawing it deletes the row.
A list page is then one query on one table, whatever its size.
"""

from django.db import models
from django.utils import timezone


class PublishedItem(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="published_item",
    )
    content_type = models.CharField(max_length=20)
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField()
    title = models.CharField(max_length=255)
    org_unit = models.ForeignKey("cms.OrgUnit", null=True, on_delete=models.SET_NULL, related_name="+")
    # The unit's province (the unit itself for a province): "unit=15" takes Lào Cai's communes too.
    province = models.ForeignKey("cms.OrgUnit", null=True, on_delete=models.SET_NULL, related_name="+")
    campaign = models.ForeignKey("cms.Campaign", null=True, on_delete=models.SET_NULL, related_name="+")
    policy_areas = models.ManyToManyField("cms.PolicyArea", blank=True, related_name="+")
    audience_groups = models.ManyToManyField("cms.AudienceGroup", blank=True, related_name="+")
    image = models.ForeignKey("wagtailimages.Image", null=True, on_delete=models.SET_NULL, related_name="+")
    first_published_at = models.DateTimeField()
    last_published_at = models.DateTimeField()
    # Case- and diacritic-folded words (cms.text.fold), between spaces: " bao hiem y te ".
    search_text = models.TextField(blank=True)
    document = models.JSONField()

    class Meta:
        indexes = [
            # The list's orderings, the page id breaking ties (cursor pagination needs a total order).
            models.Index(fields=["locale", "-first_published_at", "-page"], name="published_locale_first"),
            models.Index(fields=["locale", "-last_published_at", "-page"], name="published_locale_last"),
            models.Index(fields=["translation_key", "locale"], name="published_translation"),
            models.Index(fields=["content_type", "locale"], name="published_type"),
        ]

    def __str__(self):
        return f"{self.content_type} {self.page_id} ({self.title})"


class PublishedIndexState(models.Model):
    """One row: bumped with every change to the published items, the API's ETag and Last-Modified."""

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"version {self.version} at {self.changed_at:%Y-%m-%d %H:%M:%S}"
