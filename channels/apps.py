from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.module_loading import import_string

from channels.registry import ChannelRegistry


class ChannelsConfig(AppConfig):
    """The channel contract and registry. Each channel is an app of its own (ChannelAppConfig)."""

    name = "channels"
    label = "vss_channels"
    verbose_name = "Channels"
    default_auto_field = "django.db.models.BigAutoField"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made with the app config, not in ready(): channel apps may be readied before this one.
        self.registry = ChannelRegistry()

    def ready(self):
        from channels.boxes import channel_boxes_ensure

        registry = self.registry
        # media and cms know no channel: they ask these sources at run time (dependencies point one way).
        apps.get_app_config("vss_media").sizes.add_source(registry.rendition_sizes)
        apps.get_app_config("cms").channel_box_defaults.add_source(registry.default_boxes)
        post_migrate.connect(lambda **kwargs: channel_boxes_ensure(registry=registry, using=kwargs.get("using")),
                             sender=self, weak=False, dispatch_uid="channels.boxes_ensure")


class ChannelAppConfig(AppConfig):
    """Base of a channel app: ``channel`` is the dotted path of its Channel class, registered in ready().

    A channel that serves public pages itself (a feed, the radio operators' screens) sets
    ``url_prefix`` and ``urls`` (its URLconf module): the project's urls mount every
    installed app that declares them. Periodic tasks it needs go in ``beat_schedule``
    (Celery's entry format), added to beat's schedule when the app is ready; its tasks.py
    is found by the Celery app's autodiscovery over the installed apps.
    """

    channel = ""
    url_prefix = ""
    urls = ""
    beat_schedule: dict = {}
    default_auto_field = "django.db.models.BigAutoField"
    # Django picks an app's config among the AppConfig classes its apps.py holds, imported ones
    # too: the base is never picked, each channel's own subclass is (unless it says otherwise).
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    def ready(self):
        apps.get_app_config("vss_channels").registry.register(import_string(self.channel)())
        self.declare_beat_schedule()

    def declare_beat_schedule(self):
        """Add the channel's periodic tasks to CELERY_BEAT_SCHEDULE (an entry the settings name is kept).

        Beat reads that dict when it starts, after every app is ready, so the entries are
        there for it; the same dict object is what Celery's configuration holds.
        """
        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
        if isinstance(schedule, dict):
            for name, entry in self.beat_schedule.items():
                schedule.setdefault(name, dict(entry))
