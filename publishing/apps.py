from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Loading the tasks registers them with Celery, so what publishing.queueing sends by name
        # resolves to the task here too (its options, and eager mode in tests).
        from publishing import signals, tasks  # noqa: F401

        signals.connect()
