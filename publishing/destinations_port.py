"""publishing's side of channels.destinations: what a channel's own screens and commands may do.

Installed by PublishingConfig.ready(). Every call goes through the same action
objects as the admin's views, so the permission rule stays in publishing/actions.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from publishing.actions import ReauthoriseDestination, ResumeDestination
from publishing.models import Destination
from publishing.services.destinations import destinations_ensure_for_units


class PublishingDestinations:
    def visible(self, user, *, channel):
        return Destination.objects.visible_to(user).filter(channel=channel)

    def get(self, user, pk, *, channel):
        destination = get_object_or_404(Destination.objects.visible_to(user), pk=pk, channel=channel)
        if not self.can_manage(destination, user):
            raise PermissionDenied
        return destination

    def can_manage(self, destination, user):
        # Resume and re-authorise share one rule (DestinationAction.allowed).
        return ResumeDestination(destination, user=user).can()

    def resume(self, destination, user):
        ResumeDestination(destination, user=user).execute()

    def reauthorise(self, destination, user, *, secret):
        return ReauthoriseDestination(destination, user=user).execute(secret=secret)

    def ensure_for_units(self, **kwargs):
        return destinations_ensure_for_units(**kwargs)
