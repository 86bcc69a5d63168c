"""Reminders of the reporting deadlines to the units that have not said their report is sent.

Run daily by beat (``plans.tasks.send_report_reminders``). A reminder goes out 14, 7, 3 and 1
days before a deadline and on the day, once per unit and lead time (``ReminderSent``), to the
unit's editors and approvers who have an e-mail address, in Vietnamese.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cms.models import OrgUnit
from cms.models.org import Role
from plans.deadlines import DEADLINES, REMINDER_DAYS
from plans.models import ReminderSent, ReportSubmission

logger = logging.getLogger(__name__)


def due_reminders(today):
    """(deadline, year, date, days before) for the deadlines that call for a reminder today."""
    for deadline in DEADLINES:
        for year in (today.year, today.year + 1):
            day = deadline.on(year)
            days_before = (day - today).days
            if days_before in REMINDER_DAYS:
                yield deadline, year, day, days_before


def _message(unit, deadline, day, days_before):
    with translation.override("vi"):
        report = _("the half-year communication report") if deadline.period_kind == "h1" \
            else _("the yearly communication report")
        subject = _("Reminder: %(report)s is due on %(day)s") % {"report": report, "day": day.strftime("%d/%m/%Y")}
        when = _("today") if days_before == 0 else _("in %(n)s days") % {"n": days_before}
        url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("plans_appendix02") + \
            f"?unit={unit.code}&period={deadline.period_kind}&year={day.year}"
        body = _("Dear colleagues of %(unit)s,\n\n%(report)s must reach the Communication Centre by %(day)s "
                 "(%(when)s). The system has not yet been told that it was sent.\n\nThe draft with every counted "
                 "figure filled in is at:\n%(url)s\n\nOnce it is sent, mark it as submitted there and these "
                 "reminders stop.\n\nVSS Publisher") % {"unit": unit.full_name, "report": report.capitalize(),
                                                         "day": day.strftime("%d/%m/%Y"), "when": when, "url": url}
    return subject, body


def reminders_send(*, today):
    """Send today's reminders; returns the number of mails sent. Safe to run twice a day."""
    User = get_user_model()
    sent = 0
    for deadline, year, day, days_before in due_reminders(today):
        submitted = ReportSubmission.objects.filter(year=year, period_kind=deadline.period_kind).values("org_unit_id")
        reminded = ReminderSent.objects.filter(year=year, period_kind=deadline.period_kind,
                                               days_before=days_before).values("org_unit_id")
        units = (OrgUnit.objects.provinces().filter(is_active=True).exclude(pk__in=submitted)
                 .exclude(pk__in=reminded).order_by("code"))
        for unit in units:
            recipients = sorted(set(User.objects.filter(
                is_active=True, staff_profile__org_unit=unit, staff_profile__role__in=[Role.EDITOR, Role.APPROVER])
                .exclude(email="").values_list("email", flat=True)))
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(org_unit=unit, year=year, period_kind=deadline.period_kind,
                                                days_before=days_before, recipients=len(recipients))
                    if recipients:
                        subject, body = _message(unit, deadline, day, days_before)
                        send_mass_mail([(subject, body, None, [address]) for address in recipients])
            except IntegrityError:
                continue  # another run got there first
            sent += len(recipients)
            logger.info("report reminder unit=%s kind=%s year=%s days_before=%s recipients=%s", unit.pk,
                        deadline.period_kind, year, days_before, len(recipients))
    return sent
