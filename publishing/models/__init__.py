"""One import point for the outbox models."""

from publishing.models.deliveries import Delivery  # noqa: F401
from publishing.models.destinations import Destination, RetryPolicy  # noqa: F401
from publishing.models.health import Heartbeat  # noqa: F401
from publishing.models.routes import ItemChannelPlan, Route  # noqa: F401
