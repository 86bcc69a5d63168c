"""Adding destinations and checking them."""

import logging

from django.db import transaction

from channels.exceptions import ChannelError
from channels.registry import get_registry
from cms.models import ChannelKind
from publishing.models import Destination
from publishing.services.routing import default_routes_ensure

logger = logging.getLogger(__name__)


def destination_create(*, name, channel, channel_kind, org_unit, config=None, secret="", rate_limit_per_minute=0):
    """Create a destination (validated) and put it on its unit's default route."""
    kind = channel_kind if isinstance(channel_kind, ChannelKind) else ChannelKind.objects.get(code=channel_kind)
    destination = Destination(name=name, channel=channel, channel_kind=kind, org_unit=org_unit,
                              config=config or {}, secret=secret, rate_limit_per_minute=rate_limit_per_minute)
    destination.full_clean()
    with transaction.atomic():
        destination.save()
        default_routes_ensure(destination)
    logger.info("destination created destination=%s channel=%s unit=%s", destination.pk, channel, org_unit.code)
    return destination


def destination_test_connection(destination):
    """(ok, message) from the channel's own connection check. The secret never appears in the message."""
    channel = get_registry().get(destination.channel)
    try:
        message = channel.transmitter(config=destination.config, secret=destination.secret).check()
    except ChannelError as exc:
        return False, exc.user_message
    return True, message


def destinations_ensure_for_units(*, channel, box, units, config_for, name_for, batch_size=500):
    """A destination of ``channel`` for each of ``units`` that has none, each on its province's default route.

    Bulk, for channels with a destination per commune (3,000 loudspeakers take a few
    queries, not 3,000 ``destination_create`` calls). The first one made is checked
    like ``destination_create`` would (``full_clean``): they share their shape, so a
    bad config fails before anything is written. Returns how many were created.
    """
    kind = ChannelKind.objects.get(code=box)
    units = list(units)
    have = set(Destination.objects.filter(channel=channel, org_unit__in=units).values_list("org_unit_id", flat=True))
    new = [Destination(name=name_for(unit)[:160], channel=channel, channel_kind=kind, org_unit=unit,
                       config=config_for(unit)) for unit in units if unit.pk not in have]
    if new:
        new[0].full_clean()
    with transaction.atomic():
        Destination.objects.bulk_create(new, batch_size=batch_size)
        created = list(Destination.objects.filter(channel=channel, org_unit__in=[d.org_unit for d in new])
                       .select_related("org_unit__parent"))
        by_owner = {}
        for destination in created:
            by_owner.setdefault(destination.org_unit.parent_id, []).append(destination)
        for destinations in by_owner.values():
            route = default_routes_ensure(destinations[0])
            route.destinations.add(*destinations)
    logger.info("destinations created channel=%s count=%s", channel, len(new))
    return len(new)
