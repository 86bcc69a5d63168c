"""A stand-in for Zalo on loopback: OAuth v4 for OA and the Open API v2.0 calls the channel makes.

Wire shapes as docs/zalo.md describes them (HTTP 200 with ``{"error": <code>}`` on
failure). It keeps apps (app id -> secret key), OAs, single-use refresh tokens with
expiry, access tokens with expiry, PKCE authorization codes, articles created
asynchronously (verify answers "processing" ``processing`` times first), list /
detail / update / remove, image uploads with the 1 MB limit, broadcasts with a
monthly quota per OA. ``strict`` (the default) refuses a refresh token the moment it
has been used once; with ``strict=False`` an old refresh token keeps working until
the access token issued in its place is first used (a provider's grace period).

Faults, one per request (``fail_next``): "refuse", "drop", "slow:<s>" (loopback's),
"code:<n>" (Zalo's error ``n`` for that call), "processing:<n>" (the next article
stays processing for ``n`` verifies), "reject-article" (the next article fails
Zalo's review at verify), "html500".

Used by the tests, bench/zalo.py and ``make run`` (python -m channels.zalo.standin --demo).
"""

import argparse
import base64
import hashlib
import itertools
import json
import secrets
import time
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs, urlencode, urlsplit

from channels.loopback import LoopbackServer, QuietHandler

ACCESS_SECONDS = 90000  # 25 hours
REFRESH_SECONDS = 90 * 86400
IMAGE_LIMIT = 1024 * 1024
MESSAGES = {-32: "Exceeded the request limit per minute", -124: "Access token expired",
            -201: "Parameter is invalid", -210: "Parameter exceeds the allowed limit",
            -211: "Out of quota", -216: "Access token is invalid", -224: "OA has exceeded its quota"}


def zalo_error(code, message=None):
    return {"error": code, "message": message or MESSAGES.get(code, "Error")}


class ZaloHandler(QuietHandler):
    def _serve(self):
        zalo = self.stand_in
        fault = zalo.next_fault()
        if self.refused(fault):
            return
        body = self.read_body()
        if fault == "html500":
            return self.send(500, b"<html>Internal error</html>", "text/html")
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if self.command == "GET" and parts.path == "/v4/oa/permission":
            status, answer, headers = zalo.permission(query)
        else:
            with zalo.lock:
                status, answer, headers = zalo.handle(self.command, parts.path, query, body, self.headers, fault)
        if self.dropped(fault):
            return
        self.send(status, json.dumps(answer, ensure_ascii=False).encode(), "application/json; charset=utf-8", headers)

    do_GET = do_POST = _serve


class ZaloStandIn(LoopbackServer):
    handler = ZaloHandler

    def __init__(self, *, strict=True, processing=2, broadcast_quota=4, host="127.0.0.1", port=0, demo=False):
        super().__init__(host=host, port=port)
        self.strict = strict
        self.processing = processing
        self.broadcast_quota = broadcast_quota
        self.demo = demo  # any OA of the app "demo", tokens recognisable after a restart
        self.apps = {}  # app id -> secret key
        self.oas = {}  # oa id -> {"app": app id, "name": ...}
        self.access = {}  # token -> {"oa", "expires", "used"}
        self.refresh = {}  # token -> {"oa", "app", "expires", "used", "successor"}
        self.codes = {}  # code -> {"oa", "app", "challenge", "redirect_uri"}
        self.articles = {}  # id -> dict(oa, title, description, body, cover, tracking_link, deleted, edits, ...)
        self.pending = {}  # create/update token -> {"article": id, "polls": n, "reject": bool}
        self.uploads = {}
        self.broadcasts = []  # (oa, article id, message id)
        self.requests = []  # (method, path, oa or None)
        self.refreshes = []  # (oa, old refresh token) for every refresh Zalo accepted
        self._ids = itertools.count(7001)

    # -- for tests ------------------------------------------------------------------------
    def add_oa(self, oa_id, *, app_id, secret_key, name=None):
        self.apps[str(app_id)] = secret_key
        self.oas[str(oa_id)] = {"app": str(app_id), "name": name or f"OA {oa_id}"}

    def issue(self, oa_id):
        """A fresh pair for the OA, as a completed consent would give: {"access_token", "refresh_token", ...}."""
        oa = str(oa_id)
        access, refresh = self._token("access", oa), self._token("refresh", oa)
        now = time.time()
        self.access[access] = {"oa": oa, "expires": now + ACCESS_SECONDS, "used": False}
        self.refresh[refresh] = {"oa": oa, "app": self.oas[oa]["app"], "expires": now + REFRESH_SECONDS,
                                 "used": False, "successor": None}
        return {"access_token": access, "refresh_token": refresh, "expires_in": str(ACCESS_SECONDS)}

    def expire_access(self, oa_id):
        for token in self.access.values():
            if token["oa"] == str(oa_id):
                token["expires"] = 0

    def revoke(self, oa_id):
        """The OA's admin removed the app's permission in Zalo: every token of the OA stops working."""
        for table in (self.access, self.refresh):
            for token in table.values():
                if token["oa"] == str(oa_id):
                    token["expires"] = 0

    def live_articles(self, oa_id=None):
        return {aid: a for aid, a in self.articles.items()
                if not a["deleted"] and (oa_id is None or a["oa"] == str(oa_id))}

    def calls(self, path, oa_id=None):
        return [r for r in self.requests if r[1] == path and (oa_id is None or r[2] == str(oa_id))]

    # -- wire -----------------------------------------------------------------------------
    def _token(self, kind, oa):
        prefix = f"demo-{kind}-{oa}-" if self.demo else f"{kind[0]}{oa}."
        return prefix + secrets.token_urlsafe(18)

    def _demo_oa(self, oa, app="demo"):
        if self.demo and oa.isdigit() and oa not in self.oas:
            self.add_oa(oa, app_id=app if app in self.apps else app, secret_key=self.apps.get(app, "demo-zalo-secret"))

    def permission(self, query):
        """The OA admin's consent page, approved at once: back to redirect_uri with a code and the OA id."""
        app = query.get("app_id", "")
        oa = query.get("oa_id") or next((oa for oa, info in self.oas.items() if info["app"] == app), "")
        if self.demo and oa:
            self._demo_oa(oa, app)
        if app not in self.apps or oa not in self.oas or not query.get("redirect_uri"):
            return 400, zalo_error(-14002, "Invalid app_id or redirect_uri"), {}
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {"oa": oa, "app": app, "challenge": query.get("code_challenge", ""),
                                "expires": time.time() + 600}
        target = query["redirect_uri"] + ("&" if "?" in query["redirect_uri"] else "?") + urlencode(
            {"code": code, "oa_id": oa, "state": query.get("state", ""), "code_challenge": query.get("code_challenge", "")})
        return 302, {}, {"Location": target}

    def handle(self, method, path, query, body, headers, fault):
        if fault and fault.startswith("code:"):
            self.requests.append((method, path, None))
            code = int(fault.split(":")[1])
            return 200, zalo_error(code), {}
        if path == "/v4/oa/access_token" and method == "POST":
            return self._oauth({k: v[-1] for k, v in parse_qs(body.decode()).items()}, headers.get("secret_key", ""))
        token = headers.get("access_token", "")
        oa = self._access_oa(token)
        self.requests.append((method, path, oa if isinstance(oa, str) else None))
        if not isinstance(oa, str):
            return 200, oa, {}
        if path == "/v2.0/oa/upload/image" and method == "POST":
            return self._upload(headers, body, oa)
        data = json.loads(body or b"{}") if method == "POST" else query
        route = {"/v2.0/article/create": self._create, "/v2.0/article/update": self._update,
                 "/v2.0/article/verify": self._verify, "/v2.0/article/remove": self._remove,
                 "/v2.0/article/getslice": self._slice, "/v2.0/article/getdetail": self._detail,
                 "/v2.0/oa/message": self._message}.get(path)
        if route is None:
            return 404, zalo_error(-201, f"Unknown endpoint {path}"), {}
        return route(data, oa, fault)

    def _access_oa(self, token):
        info = self.access.get(token)
        if info is None and self.demo and token.startswith("demo-access-"):
            oa = token.split("-")[2]
            self._demo_oa(oa)
            info = self.access[token] = {"oa": oa, "expires": time.time() + ACCESS_SECONDS, "used": False}
        if info is None:
            return zalo_error(-216)
        if info["expires"] < time.time():
            return zalo_error(-124)
        if not info["used"]:
            info["used"] = True  # from now on the refresh token this one replaced is spent, even when lenient
        return info["oa"]

    def _oauth(self, form, secret_key):
        app = form.get("app_id", "")
        if self.demo and app and app not in self.apps:
            self.apps[app] = secret_key
        if app not in self.apps or self.apps[app] != secret_key:
            return 200, {"error": -14002, "error_name": "Invalid app", "error_reason": "app_id or secret_key is invalid",
                         "error_description": "Ứng dụng hoặc secret key không hợp lệ"}, {}
        grant = form.get("grant_type")
        if grant == "authorization_code":
            code = self.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if code is None or code["app"] != app or code["expires"] < time.time() or code["challenge"] != challenge:
                return 200, {"error": -14019, "error_name": "Invalid code", "error_reason": "code is invalid, expired "
                             "or does not match code_verifier", "error_description": "Mã xác thực không hợp lệ"}, {}
            return 200, self.issue(code["oa"]), {}
        if grant == "refresh_token":
            token = form.get("refresh_token", "")
            info = self.refresh.get(token)
            if info is None and self.demo and token.startswith("demo-refresh-"):
                oa = token.split("-")[2]
                self._demo_oa(oa, app)
                info = self.refresh[token] = {"oa": oa, "app": app, "expires": time.time() + REFRESH_SECONDS,
                                              "used": False, "successor": None}
            if info is None or info["app"] != app or info["expires"] < time.time() or not self._reusable(info):
                return 200, {"error": -14014, "error_name": "Invalid refresh token", "error_reason":
                             "refresh_token is invalid, expired or already used",
                             "error_description": "Refresh token không hợp lệ hoặc đã được sử dụng"}, {}
            info["used"] = True
            pair = self.issue(info["oa"])
            info["successor"] = pair["access_token"]
            self.refreshes.append((info["oa"], token))
            return 200, pair, {}
        return 200, {"error": -14003, "error_name": "Invalid grant_type", "error_reason": "grant_type"}, {}

    def _reusable(self, info):
        if not info["used"]:
            return True
        if self.strict:
            return False
        successor = self.access.get(info["successor"] or "")
        return successor is not None and not successor["used"]

    def _upload(self, headers, body, oa):
        content_type = headers.get("Content-Type", "")
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        files = [part for part in message.iter_parts() if part.get_filename()] if message.is_multipart() else []
        if not files:
            return 200, zalo_error(-201, "file is required"), {}
        data = files[0].get_payload(decode=True)
        if len(data) > IMAGE_LIMIT:
            return 200, zalo_error(-210, "Image size exceeds 1MB"), {}
        if not (data.startswith(b"\xff\xd8") or data.startswith(b"\x89PNG")):
            return 200, zalo_error(-201, "Only JPG and PNG images are supported"), {}
        attachment = f"att{next(self._ids)}"
        self.uploads[attachment] = {"oa": oa, "size": len(data)}
        return 200, {"error": 0, "message": "Success", "data": {
            "attachment_id": attachment, "url": f"{self.url}/media/{attachment}.jpg"}}, {}

    def _check_article(self, data):
        title = data.get("title") or ""
        if not title or len(title) > 150:
            return "title is required and must be at most 150 characters"
        if len(data.get("description") or "") > 300:
            return "description must be at most 300 characters"
        if not data.get("author") or len(data["author"]) > 50:
            return "author is required and must be at most 50 characters"
        if not data.get("body"):
            return "body is required"
        for block in data["body"]:
            if block.get("type") not in ("text", "image", "video", "product"):
                return f"unknown body block type {block.get('type')!r}"
        return None

    def _create(self, data, oa, fault):
        problem = self._check_article(data)
        if problem:
            return 200, zalo_error(-201, problem), {}
        article_id = f"{next(self._ids)}{secrets.token_hex(4)}"
        token = secrets.token_urlsafe(16)
        polls = int(fault.split(":")[1]) if fault and fault.startswith("processing:") else self.processing
        self.pending[token] = {"article": article_id, "polls": polls, "reject": fault == "reject-article"}
        self.articles[article_id] = {"oa": oa, "deleted": True, "edits": 0, "created": time.time(),
                                     **{k: data.get(k) for k in ("title", "description", "author", "body", "cover",
                                                                 "tracking_link", "status", "comment")}}
        return 200, {"error": 0, "message": "Success", "data": {"token": token}}, {}

    def _verify(self, data, oa, fault):
        pending = self.pending.get(data.get("token", ""))
        if pending is None or self.articles[pending["article"]]["oa"] != oa:
            return 200, zalo_error(-201, "token is invalid"), {}
        if pending["polls"] > 0:
            pending["polls"] -= 1
            return 200, {"error": 0, "message": "Success", "data": {"status": "processing"}}, {}
        if pending["reject"]:
            return 200, {"error": 0, "message": "Success", "data": {
                "status": "failed", "reason": "Nội dung vi phạm chính sách của Zalo"}}, {}
        article = self.articles[pending["article"]]
        if pending.get("update") is None:
            article["deleted"] = False
        return 200, {"error": 0, "message": "Success", "data": {"id": pending["article"], "status": "success"}}, {}

    def _update(self, data, oa, fault):
        article = self.articles.get(str(data.get("id", "")))
        if article is None or article["deleted"] or article["oa"] != oa:
            return 200, zalo_error(-201, "Article does not exist"), {}
        problem = self._check_article(data)
        if problem:
            return 200, zalo_error(-201, problem), {}
        article.update({k: data.get(k) for k in ("title", "description", "author", "body", "cover", "tracking_link",
                                                  "status", "comment")})
        article["edits"] += 1
        token = secrets.token_urlsafe(16)
        self.pending[token] = {"article": str(data["id"]), "polls": 0, "reject": False, "update": True}
        return 200, {"error": 0, "message": "Success", "data": {"token": token}}, {}

    def _remove(self, data, oa, fault):
        article = self.articles.get(str(data.get("id", "")))
        if article is None or article["deleted"] or article["oa"] != oa:
            return 200, zalo_error(-201, "Article does not exist"), {}
        article["deleted"] = True
        return 200, {"error": 0, "message": "Success"}, {}

    def _slice(self, data, oa, fault):
        offset, limit = int(data.get("offset") or 0), min(int(data.get("limit") or 10), 10)
        rows = sorted(((aid, a) for aid, a in self.articles.items() if a["oa"] == oa and not a["deleted"]),
                      key=lambda row: -row[1]["created"])
        medias = [{"id": aid, "type": "normal", "title": a["title"], "status": a.get("status") or "show",
                   "create_date": int(a["created"] * 1000)} for aid, a in rows[offset:offset + limit]]
        return 200, {"error": 0, "message": "Success", "data": {"medias": medias, "total": len(rows)}}, {}

    def _detail(self, data, oa, fault):
        article = self.articles.get(str(data.get("id", "")))
        if article is None or article["deleted"] or article["oa"] != oa:
            return 200, zalo_error(-201, "Article does not exist"), {}
        return 200, {"error": 0, "message": "Success", "data": {
            "id": str(data["id"]), **{k: v for k, v in article.items() if k not in ("oa", "deleted")}}}, {}

    def _message(self, data, oa, fault):
        recipient = data.get("recipient") or {}
        try:
            elements = data["message"]["attachment"]["payload"]["elements"]
            article_id = str(elements[0]["attachment_id"])
        except (KeyError, IndexError, TypeError):
            return 200, zalo_error(-201, "message.attachment is invalid"), {}
        if "target" not in recipient:
            return 200, zalo_error(-201, "recipient.target is required for a broadcast"), {}
        article = self.articles.get(article_id)
        if article is None or article["deleted"] or article["oa"] != oa:
            return 200, zalo_error(-201, "Article does not exist"), {}
        if sum(1 for b in self.broadcasts if b[0] == oa) >= self.broadcast_quota:
            return 200, zalo_error(-224, "OA has exceeded its broadcast quota this month"), {}
        message_id = secrets.token_hex(8)
        self.broadcasts.append((oa, article_id, message_id))
        return 200, {"error": 0, "message": "Success", "data": {"message_id": message_id}}, {}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Zalo OA stand-in for the demo.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8030)
    parser.add_argument("--demo", action="store_true", help="any numeric OA; tokens survive a restart")
    parser.add_argument("--lenient", action="store_true", help="old refresh tokens work until the new one is used")
    args = parser.parse_args(argv)
    zalo = ZaloStandIn(host=args.host, port=args.port, demo=args.demo, strict=not args.lenient, processing=1)
    print(f"Zalo stand-in on http://{args.host}:{args.port}/", flush=True)
    zalo.serve_forever()


if __name__ == "__main__":
    main()
