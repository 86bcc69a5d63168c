from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VssidConfig(AppConfig):
    name = "channels.vssid"
    label = "vssid"
    verbose_name = _("VssID feed")
    default_auto_field = "django.db.models.BigAutoField"
