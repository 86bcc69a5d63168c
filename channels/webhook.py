"""A generic JSON webhook: POST to create, PUT to update, DELETE to withdraw, GET to reconcile.

Each request carries the delivery's idempotency key and, when the destination has
a secret, the signature headers of channels/signing.py, so the receiver can check
who sent it and refuse replays. The provincial portal channel uses the same
transport, signing and error mapping with its own URLs and a documented payload.
"""

import json
import os
import urllib.request
from urllib.parse import quote, urlsplit

import requests
from django.utils.translation import gettext_lazy

from channels.base import Channel, ConfigField, Sent, Transmitter
from channels.content import item_fields
from channels.exceptions import NeedsReauthError, PermanentError, RetryableError, UnconfirmedError
from channels.signing import signed_headers

DEFAULT_TIMEOUT = (5, 20)  # connect, read (seconds)


def retry_after_seconds(response):
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class WebhookTransmitter(Transmitter):
    session = None  # one pooled session per worker process; see _session()

    @classmethod
    def _session(cls):
        if cls.session is None:
            cls.session = requests.Session()
            if not (os.environ.get("NO_PROXY") or os.environ.get("no_proxy")):
                # Read proxy settings once, not on every request: requests re-reads the
                # environment per call, which cost ~0.7 ms a delivery in the fan-out bench.
                cls.session.proxies = urllib.request.getproxies()
                cls.session.trust_env = False
            adapter = requests.adapters.HTTPAdapter(pool_connections=32, pool_maxsize=32)
            cls.session.mount("http://", adapter)
            cls.session.mount("https://", adapter)
        return cls.session

    def _timeout(self):
        timeout = self.config.get("timeout")
        return (DEFAULT_TIMEOUT[0], float(timeout)) if timeout else DEFAULT_TIMEOUT

    def _request(self, method, url, *, key, payload=None, may_have_created=False):
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode() if payload is not None else b""
        headers = {"Idempotency-Key": key}
        if self.secret:
            parts = urlsplit(url)
            headers.update(signed_headers(self.secret, method, parts.path + (f"?{parts.query}" if parts.query else ""),
                                          body))
        if payload is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        try:
            response = self._session().request(method, url, data=body or None, headers=headers, timeout=self._timeout())
        except requests.ConnectTimeout as exc:
            raise RetryableError(f"{method} {url}: connect timeout") from exc
        except requests.ReadTimeout as exc:
            if may_have_created:
                raise UnconfirmedError(f"{method} {url}: no answer within the timeout; the post may exist") from exc
            raise RetryableError(f"{method} {url}: read timeout") from exc
        except requests.ConnectionError as exc:
            if may_have_created and "Connection aborted" in str(exc):
                raise UnconfirmedError(f"{method} {url}: connection dropped after sending") from exc
            raise RetryableError(f"{method} {url}: {type(exc).__name__}") from exc
        except requests.RequestException as exc:
            raise RetryableError(f"{method} {url}: {type(exc).__name__}") from exc
        status = response.status_code
        if status in (401, 403):
            raise NeedsReauthError(f"{method} {url}: HTTP {status}, the receiver refused our credentials")
        if status in (408, 425, 429) or status >= 500:
            raise RetryableError(f"{method} {url}: HTTP {status}", retry_after=retry_after_seconds(response))
        if status == 409:  # the receiver took our retry for a replay: a fresh signature next time
            raise RetryableError(f"{method} {url}: HTTP 409 {response.text[:200]}", whole_destination=False)
        return response

    # -- where things are: the portal channel overrides these ------------------------
    receiver_name = "receiver"
    requires_url = False  # True: an answer without an http(s) URL is not accepted

    def _create_url(self):
        return self.config["url"]

    def _item_url(self, external_id):
        return f"{self.config['url'].rstrip('/')}/{quote(external_id, safe='')}"

    def _find_url(self, key):
        return self.config["url"]  # the key travels in the Idempotency-Key header

    def _sent(self, response, method, url, may_have_created):
        status = response.status_code
        if status >= 400:
            raise PermanentError(f"{method} {url}: HTTP {status}: {response.text[:300]}",
                                 user_message=f"The {self.receiver_name} refused the item (HTTP {status}): "
                                              f"{response.text[:200]}")
        error = UnconfirmedError if may_have_created else RetryableError
        try:
            data = response.json()
            external_id, link = str(data["id"]).strip(), str(data.get("url") or "")
        except (ValueError, KeyError, TypeError) as exc:
            raise error(f"{method} {url}: HTTP {status} without a JSON id") from exc
        if not external_id or (self.requires_url and urlsplit(link).scheme not in ("http", "https")):
            # The item may exist, but without its id (and address) we could never update it.
            raise error(f"{method} {url}: the {self.receiver_name} answered without a usable id and URL: "
                        f"{data!r:.200}")
        return Sent(external_id, link)

    def publish(self, payload, *, key):
        url = self._create_url()
        return self._sent(self._request("POST", url, key=key, payload=payload, may_have_created=True), "POST", url, True)

    def update(self, payload, *, external_id, key):
        url = self._item_url(external_id)
        return self._sent(self._request("PUT", url, key=key, payload=payload), "PUT", url, False)

    def withdraw(self, *, external_id, key):
        url = self._item_url(external_id)
        response = self._request("DELETE", url, key=key)
        if response.status_code >= 400 and response.status_code not in (404, 410):  # already gone is fine
            raise PermanentError(f"DELETE {url}: HTTP {response.status_code}")

    def reconcile(self, *, key):
        url = self._find_url(key)
        response = self._request("GET", url, key=key)
        if response.status_code == 404:
            return None
        return self._sent(response, "GET", url, False)

    def check(self):
        response = self._request("GET", self.config["url"], key="connection-test")
        return f"HTTP {response.status_code}"


class WebhookChannel(Channel):
    kind = "webhook"
    display_name = gettext_lazy("Webhook (JSON)")
    config_fields = (
        ConfigField("url", "Receiving URL"),
        ConfigField("timeout", "Read timeout (seconds)", required=False),
    )
    transmitter_class = WebhookTransmitter

    def format(self, item, *, action, config):
        return {"action": action, **item_fields(item)}
