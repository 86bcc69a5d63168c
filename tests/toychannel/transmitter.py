"""Talking to the notice board: POST /notices (with the idempotency key), PUT/DELETE /notices/<id>, GET to find."""

import requests

from channels.base import Sent, Transmitter
from channels.exceptions import NeedsReauthError, PermanentError, RetryableError, UnconfirmedError


class NoticeBoardTransmitter(Transmitter):
    def _call(self, method, path, *, key, payload=None, may_have_created=False):
        url = self.config["url"].rstrip("/") + path
        try:
            response = requests.request(method, url, json=payload, timeout=(2, 5),
                                        headers={"Idempotency-Key": key, "Authorization": f"Board {self.secret}"})
        except requests.ConnectionError as exc:
            raise RetryableError(f"{method} {url}: {type(exc).__name__}") from exc
        except requests.Timeout as exc:
            if may_have_created:
                raise UnconfirmedError(f"{method} {url}: no answer; the notice may exist") from exc
            raise RetryableError(f"{method} {url}: timeout") from exc
        if response.status_code == 401:
            raise NeedsReauthError(f"{method} {url}: HTTP 401", user_message="Mã bảng tin không đúng.")
        if response.status_code >= 500:
            raise RetryableError(f"{method} {url}: HTTP {response.status_code}")
        return response

    def _sent(self, response):
        if response.status_code >= 400:
            raise PermanentError(f"HTTP {response.status_code}: {response.text[:200]}")
        data = response.json()
        return Sent(str(data["id"]), data.get("url", ""))

    def publish(self, payload, *, key):
        return self._sent(self._call("POST", "/notices", key=key, payload=payload, may_have_created=True))

    def update(self, payload, *, external_id, key):
        return self._sent(self._call("PUT", f"/notices/{external_id}", key=key, payload=payload))

    def withdraw(self, *, external_id, key):
        response = self._call("DELETE", f"/notices/{external_id}", key=key)
        if response.status_code >= 400 and response.status_code != 404:  # already gone is fine
            raise PermanentError(f"DELETE: HTTP {response.status_code}")

    def reconcile(self, *, key):
        response = self._call("GET", "/notices", key=key)
        return None if response.status_code == 404 else self._sent(response)

    def check(self):
        response = self._call("GET", "/", key="connection-test")
        if response.status_code >= 400:
            raise PermanentError(f"HTTP {response.status_code}")
        return "bảng tin trả lời"
