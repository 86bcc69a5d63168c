"""Telling people: the editor when a delivery fails for good, a destination's owners when
it needs re-authorisation. Mail, in Vietnamese; secrets never appear in it."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from cms.models import OrgUnitGroup, Role

logger = logging.getLogger(__name__)


def _send(users, subject, body):
    recipients = sorted({user.email for user in users if user and user.email and user.is_active})
    if not recipients:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)


def notify_delivery_failed(delivery):
    users = []
    if delivery.page_id:
        users.append(delivery.page.owner)
    if delivery.revision_id and delivery.revision.user_id:
        users.append(delivery.revision.user)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Not published on %(destination)s: %(title)s") % {
            "destination": delivery.destination.name, "title": delivery.item_title}
        body = _("%(title)s could not be delivered to %(destination)s after %(attempts)d attempt(s).\n"
                 "Reason: %(error)s\nSee the item's channels in the admin: %(url)s") % {
            "title": delivery.item_title, "destination": delivery.destination.name, "attempts": delivery.attempts,
            "error": delivery.last_error, "url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{delivery.page_id}/edit/"}
    sent = _send(users, subject, body)
    logger.info("failure notified delivery=%s recipients=%s", delivery.pk, sent)


def notify_needs_reauth(destination):
    unit = destination.org_unit.province or destination.org_unit
    groups = OrgUnitGroup.objects.filter(unit=unit, role__in=[Role.APPROVER, Role.LEADERSHIP, Role.EDITOR])
    users = get_user_model().objects.filter(groups__in=[link.group_id for link in groups]).distinct()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(destination)s needs re-authorisation") % {"destination": destination.name}
        body = _("Deliveries to %(destination)s are paused: %(reason)s\n"
                 "Enter new credentials in the admin, then mark the destination as working again: %(url)s") % {
            "destination": destination.name, "reason": destination.health_reason,
            "url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/snippets/publishing/destination/edit/{destination.pk}/"}
    sent = _send(users, subject, body)
    logger.info("re-authorisation notified destination=%s recipients=%s", destination.pk, sent)
