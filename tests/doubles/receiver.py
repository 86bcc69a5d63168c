"""A real HTTP server on loopback that receives webhook deliveries, for tests and benchmarks.

It speaks the webhook channel's protocol (POST creates, PUT updates, DELETE
removes, GET with an Idempotency-Key finds), records what it received, and can
be told to misbehave: ``fail_next("500")``, ``"429:7"`` (Retry-After 7),
``"401"``, ``"400"``, ``"slow:2"`` (creates the post, then answers late),
``"drop"`` (creates the post, then closes the connection without answering).
It does not deduplicate by idempotency key, so a test sees every duplicate.
"""

import itertools
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self):
        self.posts = {}  # id -> {"payload", "key", "updates", "deleted"}
        self.requests = []
        self.faults = deque()
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/items"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, *faults):
        with self.lock:
            self.faults.extend(faults)

    def live_posts(self):
        return {pid: post for pid, post in self.posts.items() if not post["deleted"]}

    def created_count(self, key=None):
        return sum(1 for post in self.posts.values() if key is None or post["key"] == key)

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in one write with Nagle off; otherwise delayed ACKs
            # add ~40 ms to every keep-alive request.
            disable_nagle_algorithm = True
            wbufsize = 64 * 1024

            def log_message(self, *args):
                pass

            def _answer(self, status, body=None, headers=()):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _fault(self):
                with receiver.lock:
                    return receiver.faults.popleft() if receiver.faults else None

            def _handle(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                key = self.headers.get("Idempotency-Key", "")
                with receiver.lock:
                    receiver.requests.append((method, self.path, key, self.headers.get("X-VSS-Signature")))
                fault = self._fault()
                if fault and fault.split(":")[0] in {"500", "502", "503", "400", "401", "403", "429"}:
                    code, _, after = fault.partition(":")
                    headers = [("Retry-After", after)] if after else []
                    return self._answer(int(code), {"error": f"injected {code}"}, headers)
                post_id = self.path.rstrip("/").split("/")[-1] if self.path.count("/") > 1 else None
                if method == "POST":
                    with receiver.lock:
                        post_id = str(next(receiver._ids))
                        receiver.posts[post_id] = {"payload": json.loads(body), "key": key, "updates": 0,
                                                   "deleted": False}
                    if fault and fault.startswith("slow:"):
                        time.sleep(float(fault.split(":")[1]))
                    if fault == "drop":
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                    return self._answer(201, {"id": post_id, "url": f"http://portal.test/items/{post_id}"})
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

            def do_POST(self):
                self._handle("POST")

            def do_PUT(self):
                self._handle("PUT")

            def do_DELETE(self):
                self._handle("DELETE")

            def do_GET(self):
                self._handle("GET")

        return Handler
