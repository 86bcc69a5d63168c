from celery import shared_task
from django.utils import timezone

from plans.reminders import reminders_send
from reports.periods import REPORT_TZ


@shared_task(name="plans.tasks.send_report_reminders")
def send_report_reminders():
    return reminders_send(today=timezone.now().astimezone(REPORT_TZ).date())
