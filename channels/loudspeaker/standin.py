"""A smart-loudspeaker vendor's endpoint on loopback, speaking the http-json adapter's protocol.

``PUT /communes/<commune>/scripts/<id>`` stores the entry, ``DELETE`` removes it
(404 when it is not there). Requests must carry a valid signature when the
double has a secret. Faults: ``fail_next("500")``, ``"401"``, ``"400"`` and the
common ``"slow:<s>"``, ``"drop"``, ``"refuse"``.
"""

import json
from urllib.parse import unquote

from channels.loopback import LoopbackServer, QuietHandler
from channels.signing import SignatureError, verify


class VendorHandler(QuietHandler):
    def _answer(self, status, body=None):
        self.send(status, json.dumps(body).encode() if body is not None else b"", "application/json")

    def _serve(self):
        vendor = self.stand_in
        fault = vendor.next_fault()
        if self.refused(fault):
            return
        body = self.read_body()
        with vendor.lock:
            vendor.requests.append((self.command, self.path, self.headers.get("Idempotency-Key", "")))
        if vendor.secret:
            try:
                verify(vendor.secret, self.headers, self.command, self.path, body)
            except SignatureError as exc:
                return self._answer(401, {"error": str(exc)})
        if fault and fault[:3].isdigit():
            return self._answer(int(fault[:3]), {"error": f"injected {fault}"})
        parts = self.path.strip("/").split("/")
        if len(parts) != 4 or parts[0] != "communes" or parts[2] != "scripts":
            return self._answer(404, {"error": "no such route"})
        key = (unquote(parts[1]), unquote(parts[3]))
        with vendor.lock:
            if self.command == "PUT":
                vendor.scripts[key] = json.loads(body)
                status = 200
            elif self.command == "DELETE":
                status = 204 if vendor.scripts.pop(key, None) is not None else 404
            else:
                status = 405
        if not self.dropped(fault):
            self._answer(status, {"ok": True} if status == 200 else None)

    do_PUT = do_DELETE = do_GET = do_POST = _serve


class VendorDouble(LoopbackServer):
    handler = VendorHandler

    def __init__(self, *, secret=""):
        super().__init__()
        self.secret = secret
        self.scripts = {}  # (commune, script id) -> entry
        self.requests = []  # (method, path, idempotency key)
