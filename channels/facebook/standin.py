"""A Graph API test double: a real HTTP server on loopback that answers like graph.facebook.com.

It implements what the fanpage channel uses, with Facebook's answer shapes:
POST /{v}/{page}/feed, /{page}/photos, the resumable /{page}/videos protocol
(start, transfer, finish), POST /{v}/{post} (edit), DELETE /{v}/{post},
GET /{v}/{page}/feed, /scheduled_posts, /videos and GET /{v}/{page}. It checks
page access tokens, records what it received, sends X-App-Usage and
X-Business-Use-Case-Usage headers, and can be told to fail, one fault per
request: "code:<n>[:<subcode>]" (a Graph error), "throttle:<minutes>" (code
80001 with the wait in the usage header), "usage:<percent>" (succeeds, reports
that usage), "html500" (an HTML error page), "no-content-type", "slow:<seconds>"
(does the work, answers late), "drop" (does the work, closes the connection
without an answer), "refuse" (closes before reading). Tokens expire with
``expire_token(page_id)``.

Used by the tests, the fan-out benchmark and `make run` (python -m
channels.facebook.standin), so the demo shows posts "on Facebook" offline.
"""

import argparse
import html
import json
import time
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs, urlsplit

from channels.loopback import JsonFile, LoopbackServer, QuietHandler

HTTP_STATUS = {1: 500, 2: 503, 4: 403, 10: 403, 17: 403, 32: 403, 190: 400, 341: 400, 506: 400, 613: 400}
MESSAGES = {
    1: "An unknown error occurred", 2: "An unexpected error has occurred. Please retry your request later.",
    4: "Application request limit reached", 10: "Application does not have permission for this action",
    17: "User request limit reached", 32: "Page request limit reached", 100: "Invalid parameter",
    190: "Error validating access token: Session has expired.", 200: "Permissions error",
    341: "Application limit reached", 506: "Duplicate status message", 613: "Calls to this api have exceeded the rate limit.",
    80001: "There have been too many calls to this Page account. Wait a bit and try again.",
}


def graph_error(code, subcode=None, message=None, user_message=None):
    error = {"message": message or MESSAGES.get(code, "Error"), "type": "OAuthException" if code == 190 else
             "GraphMethodException", "code": code, "fbtrace_id": "AbCdEfGh123"}
    if subcode:
        error["error_subcode"] = subcode
    if code in (1, 2):
        error["is_transient"] = True
    if user_message:
        error["error_user_title"], error["error_user_msg"] = "Không thể đăng", user_message
    return {"error": error}


def _created_now():
    return {"created": time.time(), "created_time": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime())}


class GraphHandler(QuietHandler):
    """HTTP for the double: form and multipart parameters in, Graph JSON out, faults applied."""

    def _params(self, body):
        parsed = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                value = part.get_payload(decode=True)
                params[name] = value if part.get_filename() else value.decode()
        elif body:
            params.update({k: v[-1] for k, v in parse_qs(body.decode()).items()})
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith(("OAuth ", "Bearer ")):
            params.setdefault("access_token", authorization.split(" ", 1)[1])
        return parsed.path, params

    def _serve(self):
        double = self.stand_in
        fault = double.next_fault()
        if self.refused(fault):
            return
        body = self.read_body()
        if fault == "html500":
            return self.send(500, b"<html><body>Internal error</body></html>", "text/html")
        path, params = self._params(body)
        if self.command == "GET" and path.startswith("/posts/"):
            return self._post_page(path.rsplit("/", 1)[-1])
        status, answer, headers = double.handle(self.command, path, params, fault)
        usage = dict(double.usage)
        if fault and fault.startswith("usage:"):
            usage = {key: int(fault.split(":")[1]) for key in usage}
        headers.setdefault("X-App-Usage", json.dumps(usage))
        headers["facebook-api-version"] = "v25.0"
        if self.dropped(fault):
            return
        content_type = None if fault == "no-content-type" else "application/json; charset=UTF-8"
        self.send(status, json.dumps(answer).encode(), content_type, headers)

    def _post_page(self, post_id):
        post = self.stand_in.posts.get(post_id)
        if post is None or post["deleted"]:
            return self.send(404, b"<p>This content isn't available.</p>", "text/html")
        text = html.escape(post.get("message") or post.get("description") or "").replace("\n", "<br>")
        return self.send(200, f'<!doctype html><meta charset="utf-8"><h1>Facebook (test double)</h1>'
                              f'<p>{text}</p>'.encode(), "text/html; charset=utf-8")

    do_GET = do_POST = do_DELETE = _serve


class GraphDouble(LoopbackServer):
    handler = GraphHandler

    def __init__(self, *, pages=None, chunk_size=256 * 1024, host="127.0.0.1", port=0, demo=False, store=None):
        super().__init__(host=host, port=port)
        self.pages = dict(pages or {})  # page id -> access token
        # For the demo: any numeric page exists, with the token "demo-page-token-<page id>".
        self.demo = demo
        self.names = {}
        self.expired = set()
        self.expire_after = {}  # page id -> successful posts before its token expires
        self.posts = {}  # id -> dict(page, kind, message, link, url, published, scheduled_publish_time, deleted, ...)
        self.uploads = {}  # upload session id -> dict(video_id, page, size, received)
        self.requests = []  # (method, path, params without the token)
        self.usage = {"call_count": 1, "total_time": 1, "total_cputime": 1}
        self.chunk_size = chunk_size
        self._next_id = 1000
        # --store: the posts survive a restart of the demo double (uploads in progress do not).
        self.file = JsonFile(store) if store else None
        if self.file:
            saved = self.file.load({"posts": {}, "next_id": 1000})
            self.posts.update(saved["posts"])
            self._next_id = saved["next_id"]

    # -- for tests ---------------------------------------------------------------------
    def add_page(self, page_id, token, name=None):
        self.pages[str(page_id)] = token
        self.names[str(page_id)] = name or f"Page {page_id}"

    def expire_token(self, page_id, *, after_posts=0):
        """The page's token stops working now, or after ``after_posts`` more successful posts."""
        if after_posts:
            self.expire_after[str(page_id)] = after_posts
        else:
            self.expired.add(str(page_id))

    def live_posts(self, page_id=None):
        return {pid: post for pid, post in self.posts.items()
                if not post["deleted"] and (page_id is None or post["page"] == str(page_id))}

    # -- Graph API ---------------------------------------------------------------------
    def _new_id(self):
        self._next_id += 1
        return str(self._next_id - 1)

    def _save(self):
        self.file.save({"posts": self.posts, "next_id": self._next_id})

    def _page_of(self, object_id):
        if object_id in self.pages:
            return object_id
        post = self.posts.get(object_id)
        if post:
            return post["page"]
        return object_id.split("_", 1)[0] if "_" in object_id else None

    def handle(self, method, path, params, fault):
        """Returns (status, body dict, extra headers)."""
        parts = [p for p in path.strip("/").split("/") if p]
        if not parts or not parts[0].startswith("v"):
            return 400, graph_error(100, message="Unknown path components"), {}
        parts = parts[1:]
        token = params.pop("access_token", "")
        self.requests.append((method, "/" + "/".join(parts), dict(params)))
        if fault and fault.startswith("code:"):
            code, *sub = (int(x) for x in fault.split(":")[1:])
            return HTTP_STATUS.get(code, 400), graph_error(code, sub[0] if sub else None,
                                                           user_message="Nội dung bị từ chối." if code in (10, 200)
                                                           else None), {}
        if fault and fault.startswith("throttle:"):
            minutes = int(fault.split(":")[1])
            return 400, graph_error(80001), {"X-Business-Use-Case-Usage": json.dumps(
                {parts[0]: [{"type": "pages", "call_count": 100, "total_cputime": 40, "total_time": 40,
                             "estimated_time_to_regain_access": minutes}]})}
        if not parts:
            return 400, graph_error(100), {}
        if self.demo and parts[0].isdigit() and len(parts[0]) >= 15 and parts[0] not in self.pages:
            self.add_page(parts[0], f"demo-page-token-{parts[0]}")  # page ids are long; our post ids are short
        page = self._page_of(parts[0])
        if page is None or page not in self.pages:
            return 400, graph_error(100, 33, f"Unsupported request. Object with ID '{parts[0]}' does not exist"), {}
        if token != self.pages[page]:
            return 400, graph_error(190, None, "Invalid OAuth access token - Cannot parse access token"), {}
        if page in self.expired:
            return 400, graph_error(190, 463), {}
        with self.lock:
            answer = self._route(method, parts, params, page)
            if self.file and method in ("POST", "DELETE") and answer[0] == 200:
                self._save()
            if method == "POST" and answer[0] == 200 and page in self.expire_after:
                self.expire_after[page] -= 1
                if self.expire_after[page] <= 0:
                    del self.expire_after[page]
                    self.expired.add(page)
            return answer

    def _route(self, method, parts, params, page):
        edge = parts[1] if len(parts) > 1 else None
        if method == "GET" and edge is None:
            if parts[0] == page:
                return 200, {"id": page, "name": self.names.get(page, f"Page {page}")}, {}
            post = self.posts.get(parts[0])
            return (200, {"id": parts[0], **{k: post[k] for k in ("message", "link")}}, {}) if post \
                else (400, graph_error(100, 33), {})
        if method == "GET" and edge in ("feed", "published_posts", "scheduled_posts", "videos"):
            rows = [dict(id=pid, **{k: v for k, v in post.items() if k in ("message", "description", "created_time")})
                    for pid, post in sorted(self.posts.items(), key=lambda kv: -kv[1]["created"])
                    if post["page"] == page and not post["deleted"]
                    and (post["kind"] == "video" if edge == "videos" else post["kind"] != "video")
                    and (edge == "videos" or (post["published"] == (edge != "scheduled_posts")))]
            limit = int(params.get("limit") or 25)
            return 200, {"data": rows[:limit], "paging": {}}, {}
        if method == "POST" and edge in ("feed", "photos"):
            scheduled = params.get("published") == "false"
            if scheduled and not params.get("scheduled_publish_time"):
                return 400, graph_error(100, message="scheduled_publish_time is required"), {}
            if scheduled:
                ahead = int(params["scheduled_publish_time"]) - time.time()
                if not 600 <= ahead <= 30 * 86400:
                    return 400, graph_error(100, 1501234, "The specified scheduled publish time is invalid."), {}
            text = params.get("message") or params.get("caption") or ""
            if not text and not params.get("link") and not params.get("url"):
                return 400, graph_error(100, message="(#100) Missing message or attachment"), {}
            object_id = self._new_id()
            post_id = f"{page}_{object_id}"
            self.posts[post_id] = {"page": page, "kind": "photo" if edge == "photos" else "link", "message": text,
                                   "link": params.get("link", ""), "url": params.get("url", ""),
                                   "published": not scheduled, "scheduled_publish_time": params.get(
                                       "scheduled_publish_time"), "deleted": False, "edits": 0, **_created_now()}
            return 200, ({"id": object_id, "post_id": post_id} if edge == "photos" else {"id": post_id}), {}
        if method == "POST" and edge == "videos":
            return self._video(params, page)
        if method == "POST" and edge is None:
            post = self.posts.get(parts[0])
            if post is None or post["deleted"]:
                return 400, graph_error(100, 33), {}
            field = "description" if post["kind"] == "video" else "message"
            post[field] = params.get(field, post.get(field, ""))
            post["edits"] += 1
            return 200, {"success": True}, {}
        if method == "DELETE" and edge is None:
            post = self.posts.get(parts[0])
            if post is None or post["deleted"]:
                return 400, graph_error(100, 33, "Unsupported delete request."), {}
            post["deleted"] = True
            return 200, {"success": True}, {}
        return 400, graph_error(100, message=f"Unsupported {method} request"), {}

    def _video(self, params, page):
        phase = params.get("upload_phase")
        if phase == "start":
            size = int(params.get("file_size") or 0)
            if size <= 0:
                return 400, graph_error(100, message="file_size is required"), {}
            session_id, video_id = self._new_id(), self._new_id()
            self.uploads[session_id] = {"video_id": video_id, "page": page, "size": size, "received": 0}
            return 200, {"video_id": video_id, "upload_session_id": session_id, "start_offset": "0",
                         "end_offset": str(min(self.chunk_size, size))}, {}
        upload = self.uploads.get(params.get("upload_session_id", ""))
        if upload is None:
            return 400, graph_error(100, message="Invalid upload session"), {}
        if phase == "transfer":
            chunk = params.get("video_file_chunk", b"")
            if int(params.get("start_offset", -1)) != upload["received"]:
                return 400, graph_error(100, 1363037, "The start offset does not match"), {}
            upload["received"] += len(chunk)
            start = upload["received"]
            return 200, {"start_offset": str(start), "end_offset": str(min(start + self.chunk_size,
                                                                           upload["size"]))}, {}
        if phase == "finish":
            if upload["received"] != upload["size"]:
                return 400, graph_error(100, 1363019, "The video file is incomplete"), {}
            scheduled = params.get("published") == "false"
            self.posts[upload["video_id"]] = {
                "page": page, "kind": "video", "title": params.get("title", ""), "description": params.get(
                    "description", ""), "message": "", "link": "", "url": "", "published": not scheduled,
                "scheduled_publish_time": params.get("scheduled_publish_time"), "deleted": False,
                "size": upload["size"], "edits": 0, **_created_now()}
            return 200, {"success": True}, {}
        return 400, graph_error(100, message="upload_phase must be start, transfer or finish"), {}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Graph API test double for the demo.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8020)
    parser.add_argument("--page", action="append", default=[], metavar="PAGE_ID=TOKEN")
    parser.add_argument("--demo", action="store_true", help="any numeric page, token demo-page-token-<id>")
    parser.add_argument("--store", metavar="FILE", help="keep the posts in this JSON file (default: memory only)")
    args = parser.parse_args(argv)
    double = GraphDouble(host=args.host, port=args.port, demo=args.demo, store=args.store)
    for item in args.page:
        page_id, token = item.split("=", 1)
        double.add_page(page_id, token)
    print(f"Graph API double on http://{args.host}:{args.port}/ ({len(double.pages)} pages)", flush=True)
    double.serve_forever()


if __name__ == "__main__":
    main()
