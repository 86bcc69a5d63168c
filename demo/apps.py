from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo: `seed_demo` and `make run` (demo/run.py). It sits on top: it may use every app."""

    name = "demo"
    verbose_name = "Demo"
    default_auto_field = "django.db.models.BigAutoField"
