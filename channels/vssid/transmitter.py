"""Writing entries into the VssID feed, and the optional signed push to the app's ingest URL.

The feed is the record: publish and update write the entry, withdraw drops it,
reconcile finds it by the delivery's idempotency key. When the destination's
config has an ``ingest_url``, each write is then POSTed there as a JSON event,
signed and sent exactly as the portal push is (the webhook channel's transport:
channels/signing.py headers, an Idempotency-Key, the same error mapping), so a
5xx retries, a 401/403 pauses the destination for a person, other 4xx fail.
A write whose push was not acknowledged is pushed again on the next attempt
with the same key; the ingest deduplicates by it.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from channels.base import Sent
from channels.content import absolute_url
from channels.exceptions import NeedsReauthError, PermanentError
from channels.vssid.models import FeedEntry
from channels.vssid.services import entry_pushed, entry_withdraw, entry_write
from channels.webhook.transmitter import WebhookTransmitter

EVENTS = {"publish": "published", "update": "updated", "withdraw": "withdrawn"}


def feed_url(unit_code, language_code, fmt="feed.json"):
    return absolute_url(reverse("vssid:feed", kwargs={"province": unit_code, "language": language_code.lower(),
                                                      "fmt": fmt}))


class VssidTransmitter(WebhookTransmitter):
    receiver_name = "VssID ingest"

    # -- where --------------------------------------------------------------------
    def _unit(self):
        from cms.models import OrgUnit

        code = str(self.config.get("province", "")).strip()
        unit = OrgUnit.objects.filter(code=code, kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.CENTRAL]).first()
        if unit is None:
            raise PermanentError(f"no province with code {code!r} for the VssID feed",
                                 user_message=f"The destination names province {code!r}, which does not exist.")
        return unit

    def _ingest_url(self):
        return str(self.config.get("ingest_url", "")).strip()

    def _entry(self, external_id):
        try:
            return FeedEntry.objects.select_related("unit").get(pk=int(str(external_id).removeprefix("vssid-")))
        except (FeedEntry.DoesNotExist, ValueError):
            return None

    def _sent(self, entry):
        return Sent(entry.external_id, feed_url(entry.unit.code, entry.language))

    # -- the push -----------------------------------------------------------------
    def _push(self, entry, action, key):
        """POST the event to the ingest URL, unless none is set or it already took this write."""
        url = self._ingest_url()
        if not url or entry.pushed_key == key:
            return
        if not self.secret:
            raise NeedsReauthError("the VssID destination has an ingest URL but no shared secret",
                                   user_message="Add the shared secret agreed with the VssID ingest, "
                                                "or remove its URL.")
        event = {
            "event": EVENTS[action],
            "id": entry.uri,
            "province": entry.unit.code,
            "language": entry.language,
            "feed_url": feed_url(entry.unit.code, entry.language),
            "date": timezone.now().astimezone(datetime.UTC).isoformat(),
        }
        if action != "withdraw":
            event["item"] = entry.item
        response = self._request("POST", url, key=key, payload=event, may_have_created=True)
        if response.status_code >= 400:
            raise PermanentError(f"POST {url}: HTTP {response.status_code}: {response.text[:300]}",
                                 user_message=f"The VssID ingest refused the item (HTTP {response.status_code}): "
                                              f"{response.text[:200]}")
        entry_pushed(entry=entry, key=key)

    # -- the contract ---------------------------------------------------------------
    def publish(self, payload, *, key):
        entry = entry_write(unit=self._unit(), payload=payload, key=key)
        self._push(entry, "publish", key)
        return self._sent(entry)

    def update(self, payload, *, external_id, key):
        entry = self._entry(external_id)
        unit = entry.unit if entry is not None else self._unit()
        entry = entry_write(unit=unit, payload=payload, key=key)
        self._push(entry, "update", key)
        return self._sent(entry)

    def withdraw(self, *, external_id, key):
        entry = self._entry(external_id)
        if entry is None:
            return  # never in the feed, or removed by hand: nothing to drop
        entry = entry_withdraw(entry=entry, key=key)
        self._push(entry, "withdraw", key)

    def reconcile(self, *, key):
        """The entry this key wrote, if the write is complete (in the feed and, with an ingest, pushed)."""
        entry = FeedEntry.objects.select_related("unit").filter(last_key=key).first()
        if entry is None or (self._ingest_url() and entry.pushed_key != key):
            return None
        return self._sent(entry)

    def written(self, *, key):
        """The entry this key wrote, pushed or not: a refused push leaves it in the feed until withdrawn."""
        entry = FeedEntry.objects.select_related("unit").filter(last_key=key).first()
        return self._sent(entry) if entry is not None else None

    def check(self):
        """The province exists; with an ingest, a signed GET there is answered and not refused.

        The ingest need not serve GETs: any answer below 500 but 401/403 shows it is there
        and takes our signature, and the status is shown to the person checking.
        """
        unit = self._unit()
        feed = f"feed of {unit.full_name}: {feed_url(unit.code, 'vi')}"
        url = self._ingest_url()
        if not url:
            return feed
        response = self._request("GET", url, key="connection-test")  # 401/403, 5xx and timeouts raise
        return f"{feed}; ingest answered HTTP {response.status_code}"
