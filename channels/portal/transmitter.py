"""Sending items to a provincial portal's receiving endpoint.

The wire protocol (README, "Provincial portals"), relative to the endpoint URL:
``POST items`` creates and answers ``{"id", "url"}``; ``PUT items/<id>`` replaces;
``DELETE items/<id>`` withdraws; ``GET items?idempotency_key=<key>`` finds what an
earlier attempt created; ``GET ping`` checks the secret. Every request is signed
(channels/signing.py) and carries the delivery's Idempotency-Key. Transport,
signing, retries and error mapping are the webhook channel's.
"""

from urllib.parse import quote

from channels.exceptions import PermanentError
from channels.webhook.transmitter import WebhookTransmitter


class PortalTransmitter(WebhookTransmitter):
    receiver_name = "portal"
    requires_url = True  # the link editors follow to see the item on the portal

    def _endpoint(self, *parts):
        return "/".join([self.config["url"].rstrip("/"), *parts])

    def _create_url(self):
        return self._endpoint("items")

    def _item_url(self, external_id):
        return self._endpoint("items", quote(external_id, safe=""))

    def _find_url(self, key):
        return self._endpoint("items") + f"?idempotency_key={quote(key, safe='')}"

    def check(self):
        url = self._endpoint("ping")
        response = self._request("GET", url, key="connection-test")
        if response.status_code != 200:
            raise PermanentError(f"GET {url}: HTTP {response.status_code}",
                                 user_message=f"The portal answered HTTP {response.status_code}.")
        data = response.json() if "json" in response.headers.get("Content-Type", "") else {}
        return f"signature accepted by {data.get('site') or url}"
