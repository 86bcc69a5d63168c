"""Installing one channel app for the length of a test.

``override_settings(INSTALLED_APPS=...)`` re-runs every app's ready(), which Wagtail's
own apps do not allow twice (the snippets API router), so a test that adds a channel
uses this instead: the app is created and readied as INSTALLED_APPS would, its
channel registered in the shared registry, and both are taken out again afterwards.
"""

import contextlib

from django.apps import AppConfig, apps


@contextlib.contextmanager
def channel_app_installed(entry: str):
    from channels.registry import get_registry

    config = AppConfig.create(entry)
    if config.label in apps.app_configs:
        raise RuntimeError(f"app {config.label!r} is installed already")
    registry = get_registry()
    before = set(registry.kinds())
    config.apps = apps
    config.import_models()
    apps.app_configs[config.label] = config
    apps.clear_cache()
    try:
        config.ready()
        yield config
    finally:
        for kind in set(registry.kinds()) - before:
            registry.unregister(kind)
        del apps.app_configs[config.label]
        apps.clear_cache()
