from django.utils.translation import gettext_lazy as _

from channels.apps import ChannelAppConfig


class LoudspeakerConfig(ChannelAppConfig):
    name = "channels.loudspeaker"
    label = "loudspeaker"
    verbose_name = _("Loudspeakers")
    default_auto_field = "django.db.models.BigAutoField"
    channel = "channels.loudspeaker.channel.LoudspeakerChannel"
    # The radio operators' screens and the boxes' device API (/radio/).
    url_prefix = "radio/"
    urls = "channels.loudspeaker.urls"
    # Renders left pending by a dead worker, or failed, made again.
    beat_schedule = {"loudspeaker-recover-renders": {"task": "channels.loudspeaker.tasks.recover_renders",
                                                     "schedule": 60.0}}

    def ready(self):
        super().ready()
        from channels.loudspeaker.vendors import HttpJsonAdapter, VendorRegistry

        self.vendors = VendorRegistry()
        self.vendors.register(HttpJsonAdapter)
