"""Small threaded HTTP/1.1 servers for the channel stand-ins: the reference portal
receiver, the Graph API double and the tests' webhook receiver.

Each runs in a daemon thread, and a test can queue faults, one per request, that
every stand-in understands the same way: "refuse" (close the connection before
reading the request), "slow:<seconds>" (do the work, answer late) and "drop" (do
the work, close the connection without answering: the caller cannot know whether
its post exists). Each stand-in adds its own (HTTP errors, Graph error codes).
The standard library's server is enough here and keeps the stand-ins runnable
anywhere Python is.
"""

import json
import os
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in one write with Nagle off; otherwise delayed ACKs add
    # ~40 ms to every keep-alive request.
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024
    stand_in = None  # the LoopbackServer, set by LoopbackServer

    def log_message(self, *args):
        pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def refused(self, fault):
        """True when the fault says to close before reading the request (and it was closed)."""
        if fault != "refuse":
            return False
        self.close_connection = True
        self.connection.close()
        return True

    def dropped(self, fault):
        """After the work: drop the connection, or wait before answering, as the fault says."""
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if fault and fault.startswith("slow:"):
            time.sleep(float(fault.split(":", 1)[1]))
        return False

    def send(self, status, data=b"", content_type=None, headers=()):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items() if isinstance(headers, dict) else headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class JsonFile:
    """What a command-line stand-in keeps across restarts (its ``--store`` file).

    Read once at start, written whole after each change: to a temporary name beside
    it, then renamed over it, so a stand-in killed mid-write leaves the last good copy.
    """

    def __init__(self, path):
        self.path = Path(path)

    def load(self, default):
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return default

    def save(self, data):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, self.path)


class LoopbackServer:
    """A ThreadingHTTPServer in a daemon thread. Subclasses set ``handler`` (a QuietHandler)."""

    handler = QuietHandler

    def __init__(self, *, host="127.0.0.1", port=0):
        self.faults = deque()
        self.lock = threading.Lock()
        handler = type(self.handler.__name__, (self.handler,), {"stand_in": self})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"

    def fail_next(self, *faults):
        with self.lock:
            self.faults.extend(faults)

    def next_fault(self):
        with self.lock:
            return self.faults.popleft() if self.faults else None

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def serve_forever(self):
        """For the command-line stand-ins: serve in this thread until Ctrl+C."""
        try:
            self.server.serve_forever()
        except KeyboardInterrupt:
            pass
