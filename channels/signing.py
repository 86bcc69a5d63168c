"""Signed requests between the publisher and a portal, and their check on the portal's side.

Each request carries ``X-VSS-Timestamp`` (Unix seconds), ``X-VSS-Nonce`` (random,
once per request) and ``X-VSS-Signature: sha256=<hex>``, an HMAC-SHA256 with the
destination's shared secret over ``"<timestamp>.<nonce>.<METHOD>.<path?query>." +
body``. Method and path are signed as well as the body, so a signed DELETE of one
item cannot be replayed against another; the nonce makes two honest requests in
the same second differ. The receiver refuses timestamps outside a window and a signature it has
already accepted inside that window (a replay). Plain stdlib, so a portal team
can copy the check into any Python web framework.
"""

import hashlib
import hmac
import secrets
import threading
import time

WINDOW_SECONDS = 300
TIMESTAMP_HEADER = "X-VSS-Timestamp"
SIGNATURE_HEADER = "X-VSS-Signature"
NONCE_HEADER = "X-VSS-Nonce"
KEY_HEADER = "Idempotency-Key"


def signature(secret: str, timestamp: str, nonce: str, method: str, path: str, body: bytes) -> str:
    message = f"{timestamp}.{nonce}.{method.upper()}.{path}.".encode() + (body or b"")
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, method: str, path: str, body: bytes, *, now=None) -> dict:
    timestamp = str(int(now if now is not None else time.time()))
    nonce = secrets.token_hex(12)
    return {TIMESTAMP_HEADER: timestamp, NONCE_HEADER: nonce,
            SIGNATURE_HEADER: signature(secret, timestamp, nonce, method, path, body)}


class SignatureError(Exception):
    """The request is not from the publisher, or not now. ``status`` is the HTTP answer."""

    def __init__(self, message, status=401):
        super().__init__(message)
        self.status = status


class ReplayGuard:
    """Signatures accepted within the window; a second use of one is a replay."""

    def __init__(self, window=WINDOW_SECONDS):
        self.window = window
        self._seen = {}
        self._lock = threading.Lock()

    def check_and_remember(self, sig: str, now: float):
        with self._lock:
            if len(self._seen) > 10000:
                self._seen = {s: t for s, t in self._seen.items() if t > now - self.window}
            if sig in self._seen and self._seen[sig] > now - self.window:
                raise SignatureError("replayed request: this signature was already used", status=409)
            self._seen[sig] = now


def verify(secret: str, headers, method: str, path: str, body: bytes, *, guard: ReplayGuard | None = None,
           now=None, window=WINDOW_SECONDS):
    """Raise SignatureError unless the request is signed with ``secret``, fresh and not seen before."""
    now = time.time() if now is None else now
    timestamp = headers.get(TIMESTAMP_HEADER) or ""
    nonce = headers.get(NONCE_HEADER) or ""
    given = headers.get(SIGNATURE_HEADER) or ""
    if not timestamp or not given or not nonce:
        raise SignatureError("missing signature headers")
    try:
        age = abs(now - int(timestamp))
    except ValueError:
        raise SignatureError("malformed timestamp") from None
    if age > window:
        raise SignatureError(f"timestamp outside the {window}-second window (clocks differ?)")
    if not secret or not hmac.compare_digest(signature(secret, timestamp, nonce, method, path, body), given):
        raise SignatureError("bad signature")
    if guard is not None:
        guard.check_and_remember(given, now)
