"""Telling people: the editor and the unit's approvers when a delivery fails for good or a
scheduled item goes live; a destination's unit when it needs re-authorisation. Mail, in
Vietnamese, through cms.notify; secrets never appear in it."""

import logging

from django.urls import reverse
from django.utils import formats, timezone

from cms.models import Role
from cms.notify import admin_url, mail_people, unit_people
from publishing.reasons import reason_vi

logger = logging.getLogger(__name__)


def _item_people(page, revision, unit):
    people = [page.owner if page else None, revision.user if revision else None]
    return people + list(unit_people(unit, roles=[Role.APPROVER, Role.LEADERSHIP]))


def notify_delivery_failed(delivery):
    url = admin_url(reverse("wagtailadmin_pages:edit", args=[delivery.page_id])) if delivery.page_id \
        else admin_url(reverse("publishing_problems"))
    users = _item_people(delivery.page if delivery.page_id else None,
                         delivery.revision if delivery.revision_id else None, delivery.destination.org_unit)
    sent = mail_people(users, "publishing/mail/delivery_failed",
                       {"delivery": delivery, "reason": reason_vi(delivery.last_error), "url": url})
    logger.info("failure notified delivery=%s recipients=%s", delivery.pk, sent)


def notify_needs_reauth(destination):
    users = unit_people(destination.org_unit, roles=[Role.APPROVER, Role.LEADERSHIP, Role.EDITOR])
    url = admin_url(reverse("wagtailsnippets_publishing_destination:edit", args=[destination.pk]))
    sent = mail_people(users, "publishing/mail/needs_reauth",
                       {"destination": destination, "reason": reason_vi(destination.health_reason), "url": url})
    logger.info("re-authorisation notified destination=%s recipients=%s", destination.pk, sent)


def notify_went_live(revision_id):
    """A scheduled item went live: its editor and the unit's approvers learn it, with a link."""
    from wagtail.models import Revision

    revision = Revision.objects.select_related("user").filter(pk=revision_id).first()
    page = revision.content_object.specific if revision else None
    if page is None or not getattr(page, "live", False):
        return
    when = formats.date_format(timezone.localtime(page.last_published_at or timezone.now()), "H:i d/m/Y")
    url = admin_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    sent = mail_people(_item_people(page, revision, getattr(page, "org_unit", None)), "publishing/mail/went_live",
                       {"title": page.title, "when": when, "url": url})
    logger.info("go-live notified page=%s revision=%s recipients=%s", page.pk, revision_id, sent)
