from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Loading the tasks registers them with Celery, so what publishing.queueing sends by name
        # resolves to the task here too (its options, and eager mode in tests).
        from channels import destinations
        from publishing import signals, tasks  # noqa: F401
        from publishing.destinations_port import PublishingDestinations

        signals.connect()
        # Channels ask destinations through this port; they never import publishing.
        destinations.install(PublishingDestinations())
