"""Each action decides who may do it, the same way for the admin, commands and code (publishing/actions)."""

import pytest
from django.core.exceptions import PermissionDenied

from publishing.actions import (ActionError, CancelDelivery, ResumeDestination, RetryDelivery,
                                CheckDestinationConnection)
from publishing.models import Delivery, Destination

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(make_news, section_a, approve, units, make_destination):
    make_destination(units["15"], kind="portal")
    return Delivery.objects.get(page=approve(make_news(section_a)))


def test_delivery_actions_are_for_those_who_may_edit_the_item(delivery, users):
    assert RetryDelivery(delivery, user=users["editor_a"]).can()
    for outsider in ("editor_b", "operator_a"):
        with pytest.raises(PermissionDenied):
            CancelDelivery(delivery, user=users[outsider]).execute()
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.PENDING  # nothing was done
    CancelDelivery(delivery, user=users["editor_a"]).execute()
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.CANCELLED
    with pytest.raises(ActionError):  # a cancelled delivery cannot be cancelled again
        CancelDelivery(Delivery.objects.get(pk=delivery.pk), user=None).execute()
    RetryDelivery(Delivery.objects.get(pk=delivery.pk), user=None).execute()  # None: the system, a command
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.PENDING


def test_destination_actions_need_the_right_to_change_destinations(delivery, users):
    destination = delivery.destination
    Destination.objects.filter(pk=destination.pk).update(health=Destination.Health.NEEDS_REAUTH)
    assert not CheckDestinationConnection(destination, user=users["editor_a"]).can()
    with pytest.raises(PermissionDenied):
        ResumeDestination(destination, user=users["approver_b"]).execute()
    assert Destination.objects.get(pk=destination.pk).health == Destination.Health.NEEDS_REAUTH
    ResumeDestination(destination, user=users["root"]).execute()
    assert Destination.objects.get(pk=destination.pk).health == Destination.Health.OK
