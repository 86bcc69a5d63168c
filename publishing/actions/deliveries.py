"""Retry and cancel one delivery: whoever may edit the item may, within the units they see."""

from publishing.actions.base import Action, ActionError
from publishing.models import Delivery
from publishing.services.deliveries import delivery_cancel, delivery_retry


class DeliveryAction(Action):
    def allowed(self):
        delivery, user = self.obj, self.user
        if not user.has_perm("wagtailadmin.access_admin"):
            return False
        if not Delivery.objects.visible_to(user).filter(pk=delivery.pk).exists():
            return False
        return delivery.page is not None and delivery.page.permissions_for_user(user).can_edit()


class RetryDelivery(DeliveryAction):
    """Send again now: a failed, cancelled, retrying or unconfirmed delivery."""

    def _execute(self):
        try:
            delivery_retry(delivery=self.obj, user=self.user)
        except ValueError as exc:
            raise ActionError(str(exc)) from exc


class CancelDelivery(DeliveryAction):
    """Stop a delivery that has not gone out yet."""

    def _execute(self):
        try:
            delivery_cancel(delivery=self.obj, user=self.user)
        except ValueError as exc:
            raise ActionError(str(exc)) from exc
