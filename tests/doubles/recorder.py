"""An independent recording receiver: a tiny HTTP server on loopback that stores every request.

Written for the race and fault tests apart from the project's stand-ins (it shares
no code with channels/), so that what the tests count is what arrived on the wire.
It speaks the webhook channel's protocol under one path per destination
(``/<name>/items``): POST creates, PUT ``/<name>/items/<id>`` replaces, DELETE
removes, GET with an Idempotency-Key finds. It never deduplicates: every POST
makes a post, so a duplicate send is a duplicate post.

Faults, each for the next ``times`` matching requests (``fault(kind, path=, method=)``):
``store-then-500`` (the post is stored, the answer is a 500), ``hang:<s>`` (stored,
then no answer for <s> seconds), ``drop`` (stored, then the connection is closed
without an answer), ``429:<s>`` (refused with Retry-After <s>, nothing stored).
"""

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _reply(self, status, body=None, headers=()):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self):
        recorder = self.server.recorder
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        key = self.headers.get("Idempotency-Key", "")
        parts = self.path.strip("/").split("/")  # <name>/items[/<id>]
        name = parts[0]
        fault = recorder._take_fault(self.command, self.path)
        if recorder.latency:
            time.sleep(recorder.latency)
        with recorder.lock:
            recorder.requests.append({"method": self.command, "path": self.path, "destination": name, "key": key,
                                      "body": json.loads(body) if body else None, "at": time.monotonic()})
        if fault and fault.startswith("429"):
            return self._reply(429, {"error": "slow down"}, [("Retry-After", fault.partition(":")[2] or "1")])
        answer = self._work(recorder, name, parts, key, body)
        if fault == "store-then-500":
            return self._reply(500, {"error": "stored, but answered 500"})
        if fault and fault.startswith("hang:"):
            time.sleep(float(fault.partition(":")[2]))
        if fault == "drop":
            self.close_connection = True
            self.connection.close()
            return
        self._reply(*answer)

    def _work(self, recorder, name, parts, key, body):
        with recorder.lock:
            if self.command == "POST":
                post_id = str(next(recorder._ids))
                recorder.posts[post_id] = {"destination": name, "key": key, "payload": json.loads(body),
                                           "live": True, "versions": 1}
                return 201, {"id": post_id, "url": f"http://recorder.test/{name}/{post_id}"}
            if self.command == "GET":
                found = [pid for pid, post in recorder.posts.items()
                         if post["destination"] == name and post["key"] == key and post["live"]]
                if found:
                    return 200, {"id": found[0], "url": f"http://recorder.test/{name}/{found[0]}"}
                return 404, {"error": "no post with that key"}
            post = recorder.posts.get(parts[-1]) if len(parts) == 3 else None
            if post is None or post["destination"] != name or not post["live"]:
                return 404, {"error": "no such post"}
            if self.command == "PUT":
                post["payload"], post["versions"] = json.loads(body), post["versions"] + 1
                return 200, {"id": parts[-1], "url": f"http://recorder.test/{name}/{parts[-1]}"}
            post["live"] = False
            return 204, None

    do_GET = do_POST = do_PUT = do_DELETE = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up (our timeout) before the answer: expected here


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.posts = {}  # id -> {"destination", "key", "payload", "live", "versions"}
        self._ids = itertools.count(1)
        self._faults = []  # [kind, path prefix or None, method or None, times left]
        self.latency = 0.0  # seconds before each answer: a remote that takes its time
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.recorder = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def url(self, name):
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}/items"

    def fault(self, kind, *, path=None, method="POST", times=1):
        with self.lock:
            self._faults.append([kind, path, method, times])

    def _take_fault(self, method, path):
        with self.lock:
            for fault in self._faults:
                kind, prefix, wanted, left = fault
                if left and (wanted is None or wanted == method) and (prefix is None or path.startswith(prefix)):
                    fault[3] -= 1
                    return kind
        return None

    # -- what the tests look at -------------------------------------------------------
    def created(self, name=None):
        """POSTs that made a post, in arrival order: [(destination, title)]."""
        with self.lock:
            return [(post["destination"], post["payload"].get("title")) for post in self.posts.values()
                    if name is None or post["destination"] == name]

    def live(self, name=None):
        with self.lock:
            return {pid: post for pid, post in self.posts.items()
                    if post["live"] and (name is None or post["destination"] == name)}

    def duplicates(self):
        """Titles posted more than once to one destination (each delivery's post should exist once)."""
        seen, duplicated = set(), []
        for entry in self.created():
            if entry in seen:
                duplicated.append(entry)
            seen.add(entry)
        return duplicated
