"""Sending items to a provincial portal's receiving endpoint.

The wire protocol (README, "Provincial portals"), relative to the endpoint URL:
``POST items`` creates and answers ``{"id", "url"}``; ``PUT items/<id>`` replaces;
``DELETE items/<id>`` withdraws; ``GET items?idempotency_key=<key>`` finds what an
earlier attempt created; ``GET ping`` checks the secret. Every request is signed
(channels/portal/signing.py) and carries the delivery's Idempotency-Key.
Transport, retries and error mapping are the webhook channel's.
"""

from urllib.parse import quote, urlsplit

from channels.base import Sent
from channels.exceptions import PermanentError, RetryableError, UnconfirmedError
from channels.portal.signing import signed_headers
from channels.webhook import WebhookTransmitter


class PortalTransmitter(WebhookTransmitter):
    def _endpoint(self, *parts):
        return "/".join([self.config["url"].rstrip("/"), *parts])

    def _auth_headers(self, method, url, body):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return signed_headers(self.secret, method, path, body)

    def _sent(self, response, method, url, may_have_created):
        if response.status_code >= 400:
            raise PermanentError(f"{method} {url}: HTTP {response.status_code}: {response.text[:300]}",
                                 user_message=f"The portal refused the item (HTTP {response.status_code}): "
                                              f"{response.text[:200]}")
        error = UnconfirmedError if may_have_created else RetryableError
        try:
            data = response.json()
            external_id, link = str(data["id"]).strip(), str(data.get("url") or "")
        except (ValueError, KeyError, TypeError) as exc:
            raise error(f"{method} {url}: HTTP {response.status_code} without a JSON id") from exc
        if not external_id or urlsplit(link).scheme not in ("http", "https"):
            # The item may exist, but without its id and address we could never update it.
            raise error(f"{method} {url}: the portal answered without a usable id and URL: {data!r:.200}")
        return Sent(external_id, link)

    def publish(self, payload, *, key):
        url = self._endpoint("items")
        return self._sent(self._request("POST", url, key=key, payload=payload, may_have_created=True),
                          "POST", url, True)

    def update(self, payload, *, external_id, key):
        url = self._endpoint("items", quote(external_id, safe=""))
        return self._sent(self._request("PUT", url, key=key, payload=payload), "PUT", url, False)

    def withdraw(self, *, external_id, key):
        url = self._endpoint("items", quote(external_id, safe=""))
        response = self._request("DELETE", url, key=key)
        if response.status_code >= 400 and response.status_code not in (404, 410):  # already gone is fine
            raise PermanentError(f"DELETE {url}: HTTP {response.status_code}")

    def reconcile(self, *, key):
        url = self._endpoint("items") + f"?idempotency_key={quote(key, safe='')}"
        response = self._request("GET", url, key=key)
        if response.status_code == 404:
            return None
        return self._sent(response, "GET", url, False)

    def check(self):
        url = self._endpoint("ping")
        response = self._request("GET", url, key="connection-test")
        if response.status_code != 200:
            raise PermanentError(f"GET {url}: HTTP {response.status_code}",
                                 user_message=f"The portal answered HTTP {response.status_code}.")
        data = response.json() if "json" in response.headers.get("Content-Type", "") else {}
        return f"signature accepted by {data.get('site') or url}"
