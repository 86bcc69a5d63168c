"""Mail to the people of a unit by role, in Vietnamese, with a text and an HTML part.

Wagtail sends the workflow mails itself (submitted → the step's approvers, approved and
sent back → the editor who submitted); its templates are translated in the project
catalogue. Everything else the system tells people goes through here:

    from cms.models import Role
    from cms.notify import mail_people, unit_people

    users = unit_people(unit, roles=[Role.APPROVER, Role.LEADERSHIP])
    mail_people(users, "plans/mail/plan_approved", {"plan": plan, "url": url})

``template`` names three templates: ``<template>_subject.txt``, ``<template>.txt`` and
``<template>.html``; each recipient gets their own message (no addresses shown to the others).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from cms.models import OrgUnitGroup

logger = logging.getLogger(__name__)


def unit_people(unit, *, roles):
    """Active users holding one of ``roles`` for ``unit`` (a commune's: its province's)."""
    if unit is None:
        return get_user_model().objects.none()
    unit = unit.province or unit
    groups = OrgUnitGroup.objects.filter(unit=unit, role__in=list(roles)).values("group_id")
    return get_user_model().objects.filter(groups__in=groups, is_active=True).distinct()


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mail_people(users, template, context):
    """Send one message per distinct address; returns how many were sent. Never raises for SMTP."""
    recipients = {}
    for user in users:
        if user is not None and user.is_active and user.email:
            recipients.setdefault(user.email.lower(), user)
    if not recipients:
        return 0
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in recipients.values():
            personal = {**context, "user": user, "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")}
            subject = " ".join(render_to_string(f"{template}_subject.txt", personal).split())
            message = EmailMultiAlternatives(subject, render_to_string(f"{template}.txt", personal).strip(),
                                             settings.DEFAULT_FROM_EMAIL, [user.email])
            message.attach_alternative(render_to_string(f"{template}.html", personal), "text/html")
            messages.append(message)
    try:
        return get_connection().send_messages(messages) or 0
    except OSError:  # an unreachable mail server must not undo the work that triggered the mail
        logger.exception("mail not sent template=%s recipients=%s", template, len(messages))
        return 0
