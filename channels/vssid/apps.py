from django.utils.translation import gettext_lazy as _

from channels.apps import ChannelAppConfig


class VssidConfig(ChannelAppConfig):
    name = "channels.vssid"
    label = "vssid"
    verbose_name = _("VssID feed")
    default_auto_field = "django.db.models.BigAutoField"
    channel = "channels.vssid.channel.VssidChannel"
    # The app's JSON feeds, public (/feeds/vssid/).
    url_prefix = "feeds/vssid/"
    urls = "channels.vssid.urls"
