"""The reference portal receiver: what a provincial portal runs to take our pushes.

A small, real HTTP server, and a library: portal teams can run it as is
(``python -m channels.portal.standin --port 8010 --secret lao-cai=...``),
mount ``PortalReceiver(...).wsgi`` in their own WSGI server, or subclass
``ItemStore`` to write items into their CMS. It checks each request's signature
and freshness, refuses replays, validates the body against schema.json,
honours idempotency keys (a repeated POST answers with the first post, never a
second one), ignores updates older than what it holds, and shows the stored
items as plain HTML pages, so the URL it answers with really opens.

For tests and demos, ``ReceiverServer.fail_next()`` makes it misbehave, one
fault per request: "500", "429:<seconds>", "slow:<seconds>" (does the work,
answers late), "drop" (does the work, closes the connection without an answer),
"refuse" (closes the connection before reading the request).

Only the standard library (plus jsonschema when installed), on purpose: a portal
team should be able to read all of it in one sitting.
"""

import argparse
import html
import itertools
import json
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from channels.loopback import JsonFile, LoopbackServer, QuietHandler
from channels.signing import KEY_HEADER, ReplayGuard, SignatureError, verify

SCHEMA_PATH = Path(__file__).with_name("schema.json")


class ItemStore:
    """Items in memory, per site. Subclass to store them elsewhere."""

    def __init__(self):
        self.items = {}  # (site, id) -> {"payload", "key", "created", "updated", "deleted", "version"}
        self.by_key = {}  # (site, idempotency key) -> id
        self.by_uri = {}  # (site, uri) -> id
        self._ids = itertools.count(1)
        self.lock = threading.RLock()

    def create(self, site, payload, key):
        """Returns (id, created): a key seen before gives the first item back, not a new one."""
        with self.lock:
            if key and (site, key) in self.by_key:
                return self.by_key[(site, key)], False
            item_id = str(next(self._ids))
            self.items[(site, item_id)] = {"payload": payload, "key": key, "created": time.time(),
                                           "updated": None, "deleted": False, "version": int(payload["version"])}
            self.by_uri[(site, payload["uri"])] = item_id
            if key:
                self.by_key[(site, key)] = item_id
            return item_id, True

    def get(self, site, item_id):
        return self.items.get((site, item_id))

    def find_key(self, site, key):
        return self.by_key.get((site, key))

    def find_uri(self, site, uri):
        return self.by_uri.get((site, uri))

    def update(self, site, item_id, payload):
        """Returns False when the stored version is newer (an update that arrived late)."""
        with self.lock:
            item = self.items[(site, item_id)]
            if int(payload["version"]) < item["version"]:
                return False
            item.update(payload=payload, updated=time.time(), deleted=False, version=int(payload["version"]))
            self.by_uri[(site, payload["uri"])] = item_id
            return True

    def delete(self, site, item_id):
        with self.lock:
            self.items[(site, item_id)]["deleted"] = True

    def live(self, site):
        return [(item_id, item) for (s, item_id), item in sorted(self.items.items(), key=lambda kv: int(kv[0][1]))
                if s == site and not item["deleted"]]


class FileItemStore(ItemStore):
    """Items in memory and in a JSON file, so a restarted demo portal still shows them."""

    def __init__(self, path):
        super().__init__()
        self.file = JsonFile(path)
        saved = self.file.load({"items": [], "next_id": 1})
        for site, item_id, item in saved["items"]:
            self.items[(site, item_id)] = item
            self.by_uri[(site, item["payload"]["uri"])] = item_id
            if item["key"]:
                self.by_key[(site, item["key"])] = item_id
        self._ids = itertools.count(saved["next_id"])

    def _save(self):
        items = [[site, item_id, item] for (site, item_id), item in self.items.items()]
        self.file.save({"items": items, "next_id": max((int(i) for _, i, _ in items), default=0) + 1})

    def create(self, site, payload, key):
        with self.lock:
            item_id, created = super().create(site, payload, key)
            if created:
                self._save()
            return item_id, created

    def update(self, site, item_id, payload):
        with self.lock:
            applied = super().update(site, item_id, payload)
            if applied:
                self._save()
            return applied

    def delete(self, site, item_id):
        with self.lock:
            super().delete(site, item_id)
            self._save()


def _load_validator():
    try:
        import jsonschema
    except ImportError:  # validation is a convenience; signatures are the security
        return None
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


class Answer:
    def __init__(self, status, body=None, *, content_type="application/json", headers=()):
        self.status = status
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.body = body or b""
        self.headers = [("Content-Type", content_type + "; charset=utf-8"), *headers]


class PortalReceiver:
    """The protocol, independent of any HTTP server: ``handle()`` in, ``Answer`` out."""

    def __init__(self, *, secrets=None, default_secret="", base_url="", store=None, window=300, validate=True):
        self.secrets = dict(secrets or {})
        self.default_secret = default_secret
        self.base_url = base_url.rstrip("/")
        self.store = store or ItemStore()
        self.guard = ReplayGuard(window)
        self.window = window
        self.validator = _load_validator() if validate else None
        self.requests = []  # (method, path, idempotency key, signature ok) of every request, for tests

    # -- tests and demos ----------------------------------------------------------
    def live_items(self, site):
        return self.store.live(site)

    # -- the protocol -------------------------------------------------------------
    def secret_for(self, site):
        return self.secrets.get(site, self.default_secret)

    def item_url(self, site, item_id):
        return f"{self.base_url}/{quote(site)}/items/{quote(item_id)}"

    def handle(self, method, target, headers, body):
        parts = urlsplit(target)
        segments = [unquote(s) for s in parts.path.strip("/").split("/") if s]
        if not segments:
            return Answer(200, "<h1>VSS portal receiver</h1>", content_type="text/html")
        site, rest = segments[0], segments[1:]
        public = method == "GET" and rest != ["ping"] and not (rest == ["items"] and parts.query)
        if public:
            return self._page(site, rest, parse_qs(parts.query))
        try:
            verify(self.secret_for(site), headers, method, target, body, guard=self.guard, window=self.window)
        except SignatureError as exc:
            self.requests.append((method, parts.path, headers.get(KEY_HEADER), False))
            return Answer(exc.status, {"error": str(exc)})
        key = headers.get(KEY_HEADER) or ""
        self.requests.append((method, parts.path, key, True))
        if rest == ["ping"] and method == "GET":
            return Answer(200, {"ok": True, "site": site, "items": len(self.store.live(site))})
        if rest == ["items"] and method == "GET":
            item_id = self.store.find_key(site, parse_qs(parts.query).get("idempotency_key", [""])[0])
            if item_id is None:
                return Answer(404, {"error": "no item was created with this idempotency key"})
            return Answer(200, {"id": item_id, "url": self.item_url(site, item_id)})
        if rest == ["items"] and method == "POST":
            payload, problem = self._payload(body)
            if problem:
                return Answer(422, {"error": problem})
            item_id, created = self.store.create(site, payload, key)
            return Answer(201 if created else 200, {"id": item_id, "url": self.item_url(site, item_id)})
        if len(rest) == 2 and rest[0] == "items" and method in ("PUT", "DELETE"):
            item_id = rest[1]
            if self.store.get(site, item_id) is None:
                return Answer(404, {"error": f"no item {item_id}"})
            if method == "DELETE":
                self.store.delete(site, item_id)
                return Answer(204)
            payload, problem = self._payload(body)
            if problem:
                return Answer(422, {"error": problem})
            applied = self.store.update(site, item_id, payload)
            return Answer(200, {"id": item_id, "url": self.item_url(site, item_id), "applied": applied})
        return Answer(405 if rest and rest[0] in ("items", "ping") else 404, {"error": f"{method} {parts.path}"})

    def _payload(self, body):
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None, "the body is not JSON"
        if self.validator is not None:
            errors = sorted(self.validator.iter_errors(payload), key=lambda e: list(e.path))
            if errors:
                return None, "; ".join(f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors[:5])
        elif not isinstance(payload, dict) or not {"uri", "version", "headlines"} <= payload.keys():
            return None, "uri, version and headlines are required"
        return payload, ""

    def _page(self, site, rest, query):
        """Public pages: the site's list, one item, or an item found by its uri."""
        if rest == ["by-uri"]:
            item_id = self.store.find_uri(site, query.get("uri", [""])[0])
            if item_id is None:
                return Answer(404, "<p>Not published here.</p>", content_type="text/html")
            return Answer(302, b"", content_type="text/html", headers=[("Location", self.item_url(site, item_id))])
        if len(rest) == 2 and rest[0] == "items":
            item = self.store.get(site, rest[1])
            if item is None:
                return Answer(404, "<p>No such item.</p>", content_type="text/html")
            if item["deleted"]:
                return Answer(410, "<p>This item was withdrawn.</p>", content_type="text/html")
            payload = item["payload"]
            body = "".join(b["value"] for b in payload.get("bodies", []))  # sanitised by the publisher
            image = next((a["uri"] for a in payload.get("associations", []) if a["name"] == "featureimage"), "")
            figure = f'<img src="{html.escape(image)}" alt="" style="max-width:100%">' if image else ""
            return Answer(200, f'<!doctype html><html lang="{html.escape(payload["language"])}"><meta charset="utf-8">'
                               f'<title>{html.escape(payload["headlines"][0]["value"])}</title>'
                               f'<h1>{html.escape(payload["headlines"][0]["value"])}</h1>{figure}{body}</html>',
                          content_type="text/html")
        if not rest:
            links = "".join(f'<li><a href="{self.item_url(site, item_id)}">'
                            f'{html.escape(item["payload"]["headlines"][0]["value"])}</a></li>'
                            for item_id, item in self.store.live(site))
            return Answer(200, f'<!doctype html><meta charset="utf-8"><h1>{html.escape(site)}</h1><ul>{links}</ul>',
                          content_type="text/html")
        return Answer(404, "<p>Not found.</p>", content_type="text/html")

    # -- WSGI, for portal teams that mount it in their own server ------------------
    def wsgi(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        target = environ.get("PATH_INFO", "/") + (f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else "")
        headers = _Headers({key[5:].replace("_", "-"): value for key, value in environ.items()
                            if key.startswith("HTTP_")})
        answer = self.handle(environ["REQUEST_METHOD"], target, headers, body)
        start_response(f"{answer.status} {_REASONS.get(answer.status, '')}",
                       [*answer.headers, ("Content-Length", str(len(answer.body)))])
        return [answer.body]


_REASONS = {200: "OK", 201: "Created", 204: "No Content", 302: "Found", 401: "Unauthorized", 404: "Not Found",
            405: "Method Not Allowed", 409: "Conflict", 410: "Gone", 422: "Unprocessable Entity",
            429: "Too Many Requests", 500: "Internal Server Error"}


class _Headers(dict):
    """Case-insensitive lookup, like http.server's headers."""

    def get(self, name, default=None):
        return super().get(name.upper(), default)


class ReceiverHandler(QuietHandler):
    def _serve(self):
        server = self.stand_in
        fault = server.next_fault() if self.command != "GET" or "/ping" not in self.path else None
        if self.refused(fault):
            return
        body = self.read_body()
        if fault == "500" or (fault or "").startswith("429"):
            status = 500 if fault == "500" else 429
            extra = [("Retry-After", fault.split(":", 1)[1])] if ":" in fault else []
            return self._send(Answer(status, {"error": "injected fault"}, headers=extra))
        answer = server.receiver.handle(self.command, self.path, self.headers, body)
        if not self.dropped(fault):
            self._send(answer)

    def _send(self, answer):
        self.send(answer.status, answer.body, headers=answer.headers)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


class ReceiverServer(LoopbackServer):
    """PortalReceiver behind a threaded HTTP/1.1 server, with the faults a test may ask for:
    "500", "429:<seconds>", and the common "refuse", "slow:<seconds>", "drop" (channels/loopback.py)."""

    handler = ReceiverHandler

    def __init__(self, receiver=None, *, host="127.0.0.1", port=0, **options):
        super().__init__(host=host, port=port)
        self.receiver = receiver or PortalReceiver(**options)
        if not self.receiver.base_url:
            self.receiver.base_url = super().url

    @property
    def url(self):
        return self.receiver.base_url

    def site_url(self, site):
        return f"{self.url}/{quote(site)}"


def main(argv=None):
    parser = argparse.ArgumentParser(description="The VSS reference portal receiver.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8010)
    parser.add_argument("--secret", action="append", default=[], metavar="SITE=SECRET",
                        help="shared secret of one site (repeatable); sites are the first path segment")
    parser.add_argument("--default-secret", default="", help="secret for sites without their own")
    parser.add_argument("--base-url", default="", help="public address, for the item URLs it answers with")
    parser.add_argument("--store", metavar="FILE", help="keep the items in this JSON file (default: memory only)")
    args = parser.parse_args(argv)
    secrets = dict(item.split("=", 1) for item in args.secret)
    store = FileItemStore(args.store) if args.store else None
    server = ReceiverServer(PortalReceiver(secrets=secrets, default_secret=args.default_secret, store=store,
                                           base_url=args.base_url or f"http://{args.host}:{args.port}"),
                            host=args.host, port=args.port)
    print(f"portal receiver on http://{args.host}:{args.port}/<site>/ ({len(secrets)} site secrets)", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
