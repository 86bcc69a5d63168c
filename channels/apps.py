from django.apps import AppConfig, apps
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
    """Base of a channel app: ``channel`` is the dotted path of its Channel class, registered in ready()."""

    channel = ""
    default_auto_field = "django.db.models.BigAutoField"
    # Django picks an app's config among the AppConfig classes its apps.py holds, imported ones
    # too: the base is never picked, each channel's own subclass is (unless it says otherwise).
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    def ready(self):
        apps.get_app_config("vss_channels").registry.register(import_string(self.channel)())
