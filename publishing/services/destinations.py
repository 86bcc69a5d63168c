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
