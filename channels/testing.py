"""Installing one channel app for the length of a test.

``override_settings(INSTALLED_APPS=...)`` re-runs every app's ready(), which Wagtail's
own apps do not allow twice (the snippets API router), so a test that adds a channel
uses this instead: the app is created and readied as INSTALLED_APPS would, its
channel registered in the shared registry, its public URLs mounted and its beat
entries scheduled, and all of it is taken out again afterwards.
"""

import contextlib
import importlib

from django.apps import AppConfig, apps
from django.conf import settings
from django.urls import clear_url_caches


def _reload_urls():
    clear_url_caches()
    module = importlib.import_module(settings.ROOT_URLCONF)
    importlib.reload(module)


@contextlib.contextmanager
def channel_app_installed(entry: str):
    from channels.registry import get_registry

    config = AppConfig.create(entry)
    if config.label in apps.app_configs:
        raise RuntimeError(f"app {config.label!r} is installed already")
    registry = get_registry()
    before = set(registry.kinds())
    schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
    scheduled = set(schedule) if isinstance(schedule, dict) else set()
    config.apps = apps
    config.import_models()
    apps.app_configs[config.label] = config
    apps.clear_cache()
    try:
        config.ready()
        if getattr(config, "urls", ""):
            _reload_urls()
        yield config
    finally:
        for kind in set(registry.kinds()) - before:
            registry.unregister(kind)
        if isinstance(schedule, dict):
            for name in set(schedule) - scheduled:
                del schedule[name]
        del apps.app_configs[config.label]
        apps.clear_cache()
        if getattr(config, "urls", ""):
            _reload_urls()
