import datetime
import json

from django.conf import settings
from django.db import transaction

from cms.models import AudienceGroup, Campaign, ChannelKind, PolicyArea

DEFAULT_FIXTURE = settings.BASE_DIR / "cms" / "fixtures" / "taxonomy.json"


def taxonomy_load(*, path=None):
    """Create or update policy areas, audience groups, campaigns and channel kinds."""
    with open(path or DEFAULT_FIXTURE, encoding="utf-8") as fh:
        data = json.load(fh)
    counts = {}
    with transaction.atomic():
        for key, model, lookup in (
            ("policy_areas", PolicyArea, "code"),
            ("audience_groups", AudienceGroup, "code"),
            ("channel_kinds", ChannelKind, "code"),
            ("campaigns", Campaign, "slug"),
        ):
            for record in data.get(key, []):
                values = {k: v for k, v in record.items() if k != lookup}
                for date_field in ("starts_on", "ends_on"):
                    if date_field in values:
                        values[date_field] = datetime.date.fromisoformat(values[date_field])
                obj = model(**{lookup: record[lookup]}, **values)
                obj.clean()
                model.objects.update_or_create(**{lookup: record[lookup]}, defaults=values)
            counts[key] = len(data.get(key, []))
    return counts
