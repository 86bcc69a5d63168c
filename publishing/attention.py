"""Destinations that need a person, for the dashboards of those who can see or fix them.

A destination needs attention when it waits for new credentials, is switched off by the
system, is resting after a rate limit, or has deliveries that failed in the last week.
Province staff see their province's; central staff and superusers see every province's.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from publishing.models import Delivery, Destination
from publishing.reasons import reason_vi

FAILED_WINDOW = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Attention:
    destination: Destination
    problem: str
    reason: str
    url: str
    can_act: bool


def destinations_needing_attention(user, *, now=None):
    now = now or timezone.now()
    since = now - FAILED_WINDOW
    visible = Destination.objects.visible_to(user).filter(enabled=True).select_related("org_unit").annotate(
        failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED,
                                             deliveries__finished_at__gte=since)))
    can_act = user.has_perm("publishing.change_destination")
    found = []
    for destination in visible.filter(~Q(health=Destination.Health.OK) | Q(hold_until__gt=now) | Q(failed__gt=0)):
        if destination.health == Destination.Health.NEEDS_REAUTH:
            problem, reason = _("needs re-authorisation"), reason_vi(destination.health_reason)
        elif destination.health == Destination.Health.DISABLED:
            problem, reason = _("switched off"), reason_vi(destination.health_reason)
        elif destination.hold_until and destination.hold_until > now:
            problem = _("resting until %(time)s") % {"time": timezone.localtime(destination.hold_until).strftime("%H:%M")}
            reason = _("The channel asked us to slow down or was unreachable; sending resumes by itself.")
        else:
            problem = _("%(count)s failed deliveries this week") % {"count": destination.failed}
            last = destination.deliveries.filter(status=Delivery.Status.FAILED).order_by("-finished_at").first()
            reason = reason_vi(last.last_error if last else "")
        url = (reverse("wagtailsnippets_publishing_destination:edit", args=[destination.pk]) if can_act
               else reverse("publishing_problems"))
        found.append(Attention(destination, problem, reason, url, can_act))
    return found
