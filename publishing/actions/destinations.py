"""Test, resume and re-authorise a destination: staff who may change destinations, in the units they see."""

import logging

from django.core.exceptions import ValidationError

from publishing.actions.base import Action, ActionError
from publishing.models import Destination
from publishing.services.deliveries import destination_resume
from publishing.services.destinations import destination_test_connection

logger = logging.getLogger(__name__)


class DestinationAction(Action):
    def allowed(self):
        user = self.user
        return (user.has_perm("wagtailadmin.access_admin") and user.has_perm("publishing.change_destination")
                and Destination.objects.visible_to(user).filter(pk=self.obj.pk).exists())


class CheckDestinationConnection(DestinationAction):
    """(ok, message) from the channel's own connection check; the secret never appears in it."""

    def _execute(self):
        return destination_test_connection(self.obj)


class ResumeDestination(DestinationAction):
    """The destination works again (its credentials were fixed) and what waits for it goes out."""

    def _execute(self):
        destination_resume(destination=self.obj, user=self.user)


class ReauthoriseDestination(DestinationAction):
    """A new secret (a fresh page token): saved, tested, and the destination resumed when it works.

    Nothing changes when the new secret does not work: the old one stays and so does the health.
    """

    def _execute(self, *, secret):
        destination = self.obj
        if not secret:
            raise ActionError("a new secret is needed")
        old = destination.secret
        destination.secret = secret
        try:
            destination.full_clean()
        except ValidationError as exc:
            destination.secret = old
            raise ActionError("; ".join(exc.messages)) from exc
        ok, message = destination_test_connection(destination)
        if not ok:
            destination.secret = old
            return False, message
        destination.save(update_fields=["secret"])
        destination_resume(destination=destination, user=self.user)
        logger.info("destination re-authorised destination=%s user=%s", destination.pk, getattr(self.user, "pk", None))
        return True, message
