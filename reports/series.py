"""The report's channel series, as the installed channels declare them (channels.base.ChannelBox).

Each channel box is one series: "items" boxes count items sent to the box's
destinations, "broadcasts" boxes the operators' broadcast confirmations. Label
and colour come with the declaration; the report names no channel.
"""

from django.utils.module_loading import import_string

from channels.registry import get_registry


def _boxes():
    return get_registry().boxes()


def item_boxes():
    return [box.code for box in _boxes() if box.counts == "items"]


def broadcast_boxes():
    return [box.code for box in _boxes() if box.counts == "broadcasts"]


def broadcast_sources():
    """[(box code, rows(start, end))]: where each broadcast box's confirmations come from (ChannelBox.report_rows)."""
    return [(box.code, import_string(box.report_rows)) for box in _boxes() if box.counts == "broadcasts"]


def chart_boxes():
    return item_boxes() + broadcast_boxes()


def colours():
    return {box.code: box.colour for box in _boxes()}


def labels():
    return {box.code: str(box.report_label or box.name) for box in _boxes()}
