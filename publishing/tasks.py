import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def publish_scheduled_pages():
    """Publish approved revisions whose go-live time has come (Wagtail's own command).

    Wagtail publishes only the revision an approver scheduled, so running this twice
    is harmless; beat runs it every few seconds.
    """
    call_command("publish_scheduled", verbosity=0)
