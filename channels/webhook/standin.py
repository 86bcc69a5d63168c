"""A real HTTP server on loopback that receives webhook deliveries, for tests and benchmarks.

It speaks the webhook channel's protocol (POST creates, PUT updates, DELETE
removes, GET with an Idempotency-Key finds), records what it received, and can
be told to misbehave: ``fail_next("500")``, ``"429:7"`` (Retry-After 7),
``"401"``, ``"400"``, and the common ``"slow:2"``, ``"drop"``, ``"refuse"``
(channels/loopback.py). It does not deduplicate by idempotency key, so a test
sees every duplicate.
"""

import itertools
import json

from channels.loopback import LoopbackServer, QuietHandler

HTTP_FAULTS = {"500", "502", "503", "400", "401", "403", "429"}


class ReceiverHandler(QuietHandler):
    def _answer(self, status, body=None, headers=()):
        self.send(status, json.dumps(body).encode() if body is not None else b"", "application/json", headers)

    def _serve(self):
        receiver, method = self.stand_in, self.command
        fault = receiver.next_fault()
        if self.refused(fault):
            return
        body = self.read_body()
        key = self.headers.get("Idempotency-Key", "")
        with receiver.lock:
            receiver.requests.append((method, self.path, key, dict(self.headers.items()), body))
        if fault and fault.split(":")[0] in HTTP_FAULTS:
            code, _, after = fault.partition(":")
            return self._answer(int(code), {"error": f"injected {code}"}, [("Retry-After", after)] if after else [])
        post_id = self.path.rstrip("/").split("/")[-1] if self.path.count("/") > 1 else None
        if method == "POST":
            with receiver.lock:
                post_id = str(next(receiver._ids))
                receiver.posts[post_id] = {"payload": json.loads(body), "key": key, "updates": 0, "deleted": False}
            if not self.dropped(fault):
                self._answer(201, {"id": post_id, "url": f"http://portal.test/items/{post_id}"})
            return
        if method == "GET":
            with receiver.lock:
                found = [pid for pid, post in receiver.posts.items() if post["key"] == key]
            if found:
                return self._answer(200, {"id": found[0], "url": f"http://portal.test/items/{found[0]}"})
            return self._answer(404, {"error": "not found"})
        with receiver.lock:
            post = receiver.posts.get(post_id)
            if post is None or post["deleted"]:
                return self._answer(404, {"error": "not found"})
            if method == "PUT":
                post["payload"], post["updates"] = json.loads(body), post["updates"] + 1
                return self._answer(200, {"id": post_id, "url": f"http://portal.test/items/{post_id}"})
            post["deleted"] = True
        return self._answer(204)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


class Receiver(LoopbackServer):
    handler = ReceiverHandler

    def __init__(self):
        super().__init__()
        self.posts = {}  # id -> {"payload", "key", "updates", "deleted"}
        self.requests = []  # (method, path, idempotency key, headers, body)
        self._ids = itertools.count(1)

    @property
    def url(self):
        return f"{super().url}/items"

    def live_posts(self):
        return {pid: post for pid, post in self.posts.items() if not post["deleted"]}

    def created_count(self, key=None):
        return sum(1 for post in self.posts.values() if key is None or post["key"] == key)
