from django.db import migrations, models
from django.db.models import Q


def one_sending_per_destination(apps, schema_editor):
    """Before the index: rows sent concurrently to one destination are checked with the channel again."""
    Delivery = apps.get_model("publishing", "Delivery")
    seen = set()
    extra = []
    for pk, destination_id in (Delivery.objects.filter(status="sending").order_by("due_at", "pk")
                               .values_list("pk", "destination_id")):
        if destination_id in seen:
            extra.append(pk)
        seen.add(destination_id)
    Delivery.objects.filter(pk__in=extra).update(status="unconfirmed", reconcile_first=True, lease_until=None)


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0003_destination_hold_until'),
    ]

    operations = [
        migrations.AddField(
            model_name='delivery',
            name='claim_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='delivery',
            name='ordered',
            field=models.BooleanField(default=True, editable=False),
        ),
        migrations.RunPython(one_sending_per_destination, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(condition=Q(status='sending', ordered=True), fields=('destination',),
                                               name='one_ordered_delivery_sending_per_destination'),
        ),
    ]
