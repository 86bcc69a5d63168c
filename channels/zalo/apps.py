from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from channels.apps import ChannelAppConfig

# The editor's extra box: ticked (by the editor, seen and kept by the approver) it asks
# each routed OA to broadcast the article to its followers once. No destination serves
# it: the Zalo channel reads it from the item (ZaloChannel.format).
BROADCAST_BOX = ("zalo_broadcast", "Zalo OA: gửi broadcast", "Zalo OA: broadcast to followers", 6)
REFRESH_EVERY_SECONDS = 15 * 60


class ZaloChannelConfig(ChannelAppConfig):
    name = "channels.zalo"
    label = "zalo"
    verbose_name = _("Zalo OA channel")
    channel = "channels.zalo.channel.ZaloChannel"
    # Refresh tokens ahead of expiry.
    beat_schedule = {"zalo-refresh-tokens": {"task": "channels.zalo.tasks.refresh_tokens_due",
                                             "schedule": float(REFRESH_EVERY_SECONDS),
                                             "options": {"expires": REFRESH_EVERY_SECONDS}}}

    def ready(self):
        super().ready()
        post_migrate.connect(_broadcast_box_ensure, sender=self, weak=False, dispatch_uid="zalo.broadcast_box")


def _broadcast_box_ensure(using=None, **kwargs):
    from cms.models import ChannelKind

    code, name, name_en, order = BROADCAST_BOX
    ChannelKind.objects.db_manager(using or "default").get_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "sort_order": order})

