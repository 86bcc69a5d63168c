"""The editor's channel boxes (cms.ChannelKind rows) for the boxes installed channels declare.

Run after every migrate: a box a new channel declares appears in the editor without a
fixture. Existing rows are left as staff edited them (names, order).
"""

import logging

from django.db import connections

from channels.registry import get_registry
from cms.models import ChannelKind

logger = logging.getLogger(__name__)


def channel_boxes_ensure(*, registry=None, using=None):
    """Create the ChannelKind row of every declared box that has none; returns the codes created."""
    registry = registry or get_registry()
    using = using or "default"
    if ChannelKind._meta.db_table not in connections[using].introspection.table_names():
        return []  # a partial migrate (back to zero, or before cms): nothing to add the boxes to yet
    manager = ChannelKind.objects.db_manager(using)
    created = []
    for box in registry.boxes():
        _kind, made = manager.get_or_create(code=box.code, defaults={
            "name": str(box.name), "name_en": str(box.name_en), "sort_order": box.sort_order})
        if made:
            created.append(box.code)
    if created:
        logger.info("channel boxes created codes=%s", ",".join(created))
    return created
