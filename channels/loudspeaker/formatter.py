"""From an item to the loudspeaker payload: the source of a read-aloud script, the same for every commune.

Pure, and independent of the destination's config (``payload_uses_config`` is
False), so the outbox formats an item once for all the communes it goes to. The
commune's own schedule (time slots, repeats, gap) is in each destination's config
and applied by the transmitter.
"""

import datetime

from django.utils import timezone
from django.utils.html import escape

from channels.content import item_fields, sanitise_html

# News and leaflets routed to loudspeakers have no broadcast window of their own:
# they are due for a week from the day they went live.
NEWS_WINDOW_DAYS = 7


def _local_date(iso):
    return timezone.localtime(datetime.datetime.fromisoformat(iso)).date()


def format_script(item, *, action):
    fields = item_fields(item)
    html = fields["html"]
    if fields["summary"]:
        html = sanitise_html(f"<p>{escape(fields['summary'])}</p>") + html
    starts_on = getattr(item, "broadcast_from", None)
    ends_on = getattr(item, "broadcast_until", None)
    if starts_on is None or ends_on is None:
        starts_on = _local_date(fields["published_at"])
        ends_on = starts_on + datetime.timedelta(days=NEWS_WINDOW_DAYS - 1)
    return {
        "action": action,
        "id": fields["id"],
        "locale_id": item.locale_id,
        "uri": fields["uri"],
        "type": fields["type"],
        "title": fields["title"],
        "html": html,
        "language": fields["language"],
        "target_seconds": getattr(item, "target_duration_seconds", None),
        "spoken_overrides": dict(getattr(item, "spoken_overrides", None) or {}),
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
        "unit": fields["unit"],
        "policy_areas": fields["policy_areas"],
        "published_at": fields["published_at"],
    }
