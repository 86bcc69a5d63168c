"""A YouTube Data API v3 stand-in: a real HTTP server on loopback that answers like Google.

It speaks what the channel uses, with Google's shapes: the API description
(GET /discovery/v1/apis/youtube/v3/rest: the description bundled with
google-api-python-client, its rootUrl pointed here), the resumable upload
protocol (POST /upload/youtube/v3/videos?uploadType=resumable → 200 with a
session URI in Location; PUT chunks with Content-Range → 308 with Range, then
201 with the video; PUT with ``bytes */N`` asks how far it got), captions
insert/list/update/delete, thumbnails set, videos list/update/delete,
channels.list (mine) and playlistItems.list of the uploads playlist, the OAuth
token endpoint (refresh_token and authorization_code grants, invalid_grant) and
a consent page that approves at once. Uploads are streamed to files on disk,
never held whole, and their sha256 kept. Quota is counted per project (OAuth
client) and Pacific day with Google's costs; a clock can be set
(``set_now`` or POST /_standin/clock {"now": ISO}).

Faults, one per request (``fail_next``), besides the loopback ones: "drop-chunk"
(read half an upload chunk, then reset the connection), "5xx-final" (store the
video from the last chunk, answer 503), "forget-session" (the session answers
404 from now on), "quota" (the project's quota is spent), "error:<reason>" (a
Data API error: quotaExceeded, uploadLimitExceeded, rateLimitExceeded,
invalidPublishAt, forbidden, backendError). ``revoke(refresh_token)`` makes
refreshes answer invalid_grant.

``python -m channels.youtube.standin --port 8040`` serves it for ``make run``.
"""

import argparse
import datetime
import hashlib
import itertools
import json
import os
import secrets
import shutil
import socket
import struct
import tempfile
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

from channels.loopback import LoopbackServer, QuietHandler

PACIFIC = ZoneInfo("America/Los_Angeles")
COSTS = {"videos.list": 1, "videos.update": 50, "videos.delete": 50, "captions.list": 50, "captions.insert": 400,
         "captions.update": 450, "captions.delete": 50, "thumbnails.set": 50, "channels.list": 1,
         "playlistItems.list": 1}
ERRORS = {  # reason -> (HTTP status, message), as the Data API's error reference lists them
    "quotaExceeded": (403, "The request cannot be completed because you have exceeded your quota."),
    "uploadLimitExceeded": (400, "The user has exceeded the number of videos they may upload."),
    "rateLimitExceeded": (403, "The request rate is too high."),
    "invalidPublishAt": (400, "The request metadata specifies an invalid scheduled publishing time."),
    "forbidden": (403, "The request is not properly authorized."),
    "videoNotFound": (404, "The video that you are trying to use cannot be found."),
    "captionNotFound": (404, "The caption track could not be found."),
    "authError": (401, "Request had invalid authentication credentials."),
    "backendError": (503, "Backend Error"),
    "invalidValue": (400, "Invalid value."),
}
BLOCK = 1024 * 1024


def google_error(reason, message=None):
    status, text = ERRORS.get(reason, (400, reason))
    return status, {"error": {"code": status, "message": message or text, "status": {
        400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND"}.get(
        status, "UNAVAILABLE"), "errors": [{"message": message or text, "domain": "youtube.api", "reason": reason}]}}


def _discovery_document():
    import googleapiclient

    path = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents" / "youtube.v3.json"
    return json.loads(path.read_text())


class Fault(Exception):
    pass


class YouTubeHandler(QuietHandler):
    def _serve(self):
        stand_in = self.stand_in
        fault = stand_in.next_fault()
        if self.refused(fault):
            return
        parts = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        try:
            status, answer, headers = stand_in.route(self, parts.path, query, fault)
        except Fault:
            return  # the connection was dropped on purpose
        if self.dropped(fault):
            return
        if isinstance(answer, (dict, list)):
            data, content_type = json.dumps(answer).encode(), "application/json; charset=UTF-8"
        else:
            data, content_type = (answer or b""), ("text/html; charset=utf-8" if answer else None)
        self.send(status, data, content_type, headers)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def reset(self):
        """Close with a TCP reset, as a network that drops the line does."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()
        raise Fault()


class YouTubeStandIn(LoopbackServer):
    handler = YouTubeHandler

    def __init__(self, *, host="127.0.0.1", port=0, folder=None, daily_units=10_000, daily_uploads=100, demo=False):
        super().__init__(host=host, port=port)
        self.folder = Path(folder or tempfile.mkdtemp(prefix="youtube-standin-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.daily_units, self.daily_uploads = daily_units, daily_uploads
        self.demo = demo  # any refresh token works, for `make run`
        self.clients = {}  # client id -> secret
        self.refresh_tokens = {}  # refresh token -> (client id, channel id)
        self.access_tokens = {}  # access token -> (client id, channel id)
        self.revoked = set()
        self.codes = {}  # authorisation code -> (client id, channel id)
        self.channels = {}  # channel id -> title
        self.sessions = {}  # upload id -> dict(path, size, received, body, channel, client, video)
        self.videos = {}  # video id -> resource (+ "_sha256", "_path", "_channel", "_size")
        self.captions = {}  # caption id -> dict(videoId, language, name, data)
        self.thumbnails = {}  # video id -> bytes
        self.quota = {}  # (client id, Pacific day) -> [units, uploads]
        self.calls = []  # (method name, client id)
        self.now_override = None
        self.chunk_faults = {}  # number of the upload chunk (1, 2, ... across sessions) -> fault
        self.chunks = 0
        self.bytes_received = 0
        self._ids = itertools.count(1)

    # -- for tests ---------------------------------------------------------------------
    def add_channel(self, channel_id, title, *, refresh_token, client_id="vss-test.apps.googleusercontent.com",
                    client_secret="test-secret"):
        self.channels[channel_id] = title
        self.clients[client_id] = client_secret
        self.refresh_tokens[refresh_token] = (client_id, channel_id)

    def fail_chunk(self, number, fault):
        """Upload chunk ``number`` (counted from 1 across every session) meets ``fault``."""
        self.chunk_faults[number] = fault

    def revoke(self, refresh_token):
        self.revoked.add(refresh_token)

    def set_now(self, moment):
        self.now_override = moment

    def now(self):
        return self.now_override or datetime.datetime.now(datetime.UTC)

    def exhaust_quota(self, client_id):
        self._quota(client_id)[0] = self.daily_units

    def live_videos(self, channel_id=None):
        return {vid: video for vid, video in self.videos.items()
                if channel_id in (None, video["snippet"]["channelId"])}

    def video_captions(self, video_id):
        return sorted((c["language"], c["name"]) for c in self.captions.values() if c["videoId"] == video_id)

    def stop(self):
        super().stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- accounting --------------------------------------------------------------------
    def _quota(self, client):
        day = self.now().astimezone(PACIFIC).date()
        return self.quota.setdefault((client, day), [0, 0])

    def _charge(self, client, method):
        with self.lock:
            spent = self._quota(client)
            self.calls.append((method, client))
            if method == "videos.insert":
                if spent[1] >= self.daily_uploads:
                    return google_error("quotaExceeded")
                spent[1] += 1
                return None
            if spent[0] + COSTS[method] > self.daily_units:
                spent[0] += 1  # an invalid request still costs a unit
                return google_error("quotaExceeded")
            spent[0] += COSTS[method]
        return None

    def _who(self, handler):
        token = handler.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return self.access_tokens.get(token)

    # -- routing -----------------------------------------------------------------------
    def route(self, handler, path, query, fault):
        method = handler.command
        if path == "/discovery/v1/apis/youtube/v3/rest":
            document = _discovery_document()
            document["rootUrl"] = document["baseUrl"] = self.url + "/"
            document["mtlsRootUrl"] = self.url + "/"
            return 200, document, {}
        if path == "/token":
            return self._token(handler.read_body())
        if path == "/o/oauth2/auth":
            return self._consent(query)
        if path == "/_standin/clock":
            moment = json.loads(handler.read_body() or b"{}").get("now")
            self.now_override = datetime.datetime.fromisoformat(moment) if moment else None
            return 200, {"now": self.now().isoformat()}, {}
        if path.startswith("/watch"):
            return self._watch(query.get("v", ""))
        if path.startswith("/upload/youtube/v3/videos") and "upload_id" in query:
            return self._chunk(handler, query["upload_id"], fault)
        who = self._who(handler)
        if who is None:
            handler.read_body()
            return (*google_error("authError"), {"WWW-Authenticate": "Bearer realm=\"https://accounts.google.com/\""})
        if fault and fault.startswith("error:"):
            handler.read_body()
            return (*google_error(fault.split(":", 1)[1]), {})
        if fault == "quota":
            self.exhaust_quota(who[0])
        name = self._method(method, path)
        if name is None:
            handler.read_body()
            return 404, {"error": {"code": 404, "message": f"no method {method} {path}"}}, {}
        refused = self._charge(who[0], name)
        if refused:
            handler.read_body()
            return (*refused, {})
        return getattr(self, "_" + name.replace(".", "_"))(handler, query, who)

    @staticmethod
    def _method(method, path):
        table = {("POST", "/upload/youtube/v3/videos"): "videos.insert",
                 ("GET", "/youtube/v3/videos"): "videos.list", ("PUT", "/youtube/v3/videos"): "videos.update",
                 ("DELETE", "/youtube/v3/videos"): "videos.delete",
                 ("GET", "/youtube/v3/captions"): "captions.list",
                 ("POST", "/upload/youtube/v3/captions"): "captions.insert",
                 ("PUT", "/upload/youtube/v3/captions"): "captions.update",
                 ("DELETE", "/youtube/v3/captions"): "captions.delete",
                 ("POST", "/upload/youtube/v3/thumbnails/set"): "thumbnails.set",
                 ("GET", "/youtube/v3/channels"): "channels.list",
                 ("GET", "/youtube/v3/playlistItems"): "playlistItems.list"}
        return table.get((method, path))

    # -- OAuth ---------------------------------------------------------------------------
    def _token(self, body):
        form = {key: values[-1] for key, values in parse_qs(body.decode()).items()}
        grant = form.get("grant_type")
        client = form.get("client_id", "")
        if grant == "refresh_token":
            token = form.get("refresh_token", "")
            owner = self.refresh_tokens.get(token)
            if owner is None and self.demo and token.startswith("demo-refresh-token-"):
                channel = token.removeprefix("demo-refresh-token-")  # the demo's destinations, one channel each
                self.channels.setdefault(channel, f"BHXH {channel} (stand-in)")
                owner = self.refresh_tokens[token] = (client, channel)
            if owner is None or token in self.revoked:
                return 400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}, {}
        elif grant == "authorization_code":
            owner = self.codes.pop(form.get("code", ""), None)
            if owner is None:
                return 400, {"error": "invalid_grant", "error_description": "Malformed auth code."}, {}
            token = "1//" + secrets.token_urlsafe(24)
            self.refresh_tokens[token] = owner
        else:
            return 400, {"error": "unsupported_grant_type"}, {}
        access = "ya29." + secrets.token_urlsafe(24)
        self.access_tokens[access] = owner
        answer = {"access_token": access, "expires_in": 3599, "token_type": "Bearer",
                  "scope": "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.force-ssl"}
        if grant == "authorization_code":
            answer["refresh_token"] = token
        return 200, answer, {}

    def _consent(self, query):
        """Google's consent screen, approved at once for the first channel (or ?channel=)."""
        channel = query.get("channel") or next(iter(self.channels), "UCvss-demo")
        code = "4/" + secrets.token_urlsafe(16)
        self.codes[code] = (query.get("client_id", ""), channel)
        self.last_consent = query
        target = query.get("redirect_uri", "") + "?" + urlencode({"code": code, "state": query.get("state", ""),
                                                                  "scope": query.get("scope", "")})
        return 302, b"", {"Location": target}

    # -- uploads -------------------------------------------------------------------------
    def _videos_insert(self, handler, query, who):
        if query.get("uploadType") != "resumable":
            handler.read_body()
            return (*google_error("invalidValue", "This stand-in takes resumable uploads only."), {})
        body = json.loads(handler.read_body() or b"{}")
        problem = self._check_status(body.get("status") or {})
        if problem:
            return (*google_error(problem), {})
        size = int(handler.headers.get("X-Upload-Content-Length") or -1)
        upload_id = secrets.token_urlsafe(12)
        path = self.folder / f"{upload_id}.part"
        path.touch()
        self.sessions[upload_id] = {"path": path, "size": size, "received": 0, "body": body, "who": who,
                                    "video": None, "gone": False}
        location = f"{self.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id={upload_id}"
        return 200, b"", {"Location": location, "X-GUploader-UploadID": upload_id}

    def _check_status(self, status):
        if status.get("publishAt"):
            if status.get("privacyStatus") != "private":
                return "invalidPublishAt"
            when = datetime.datetime.fromisoformat(status["publishAt"].replace("Z", "+00:00"))
            if when <= self.now():
                return "invalidPublishAt"
        return None

    def _chunk(self, handler, upload_id, fault):
        session = self.sessions.get(upload_id)
        length = int(handler.headers.get("Content-Length") or 0)
        if session is None or session["gone"] or fault == "forget-session":
            if session is not None:
                session["gone"] = True
            handler.rfile.read(length)
            return 404, {"error": {"code": 404, "message": "Not Found"}}, {}
        if session["video"] is not None:  # done: the status query and any late chunk answer with the video
            handler.rfile.read(length)
            return 201, self._public(self.videos[session["video"]]), {}
        spec = handler.headers.get("Content-Range", "")
        unit, _, spec = spec.partition(" ")
        span, _, total = spec.partition("/")
        if total.isdigit():
            session["size"] = int(total)
        if span != "*":
            with self.lock:
                self.chunks += 1
                fault = self.chunk_faults.pop(self.chunks, fault)
            start = int(span.split("-")[0])
            if start > session["received"]:
                handler.rfile.read(length)
                return 308, b"", self._range(session)
            self._write(handler, session, start, length, drop=fault == "drop-chunk")
        if session["received"] >= session["size"] >= 0:
            video = self._finish(session)
            if fault == "5xx-final":
                return (*google_error("backendError"), {})
            return 201, self._public(video), {}
        return 308, b"", self._range(session)

    @staticmethod
    def _range(session):
        return {"Range": f"bytes=0-{session['received'] - 1}"} if session["received"] else {}

    def _write(self, handler, session, start, length, *, drop):
        stop_at = length // 2 if drop else length
        with open(session["path"], "r+b") as out:
            out.seek(start)
            left, position = stop_at, start
            while left > 0:
                block = handler.rfile.read(min(BLOCK, left))
                if not block:
                    break
                out.write(block)
                self.bytes_received += len(block)
                left -= len(block)
                position += len(block)
                session["received"] = max(session["received"], position)
        if drop:
            handler.reset()

    def _finish(self, session):
        digest = hashlib.sha256()
        with open(session["path"], "rb") as source:
            for block in iter(lambda: source.read(BLOCK), b""):
                digest.update(block)
        body = session["body"]
        video_id = "yt" + secrets.token_urlsafe(7).replace("-", "x").replace("_", "y")[:9]
        snippet = {**body.get("snippet", {}), "channelId": session["who"][1],
                   "publishedAt": self.now().strftime("%Y-%m-%dT%H:%M:%SZ")}
        status = {"uploadStatus": "uploaded", "privacyStatus": "public", **body.get("status", {})}
        self.videos[video_id] = {"kind": "youtube#video", "id": video_id, "snippet": snippet, "status": status,
                                 "_sha256": digest.hexdigest(), "_size": session["received"],
                                 "_seq": next(self._ids)}
        session["video"] = video_id
        return self.videos[video_id]

    def _public(self, video):
        status = video["status"]
        if status.get("publishAt") and status.get("privacyStatus") == "private":
            when = datetime.datetime.fromisoformat(status["publishAt"].replace("Z", "+00:00"))
            if when <= self.now():  # the premiere time came: YouTube made it public
                status["privacyStatus"] = "public"
                status.pop("publishAt")
        return {key: value for key, value in video.items() if not key.startswith("_")}

    # -- videos ----------------------------------------------------------------------------
    def _own(self, video_id, who):
        video = self.videos.get(video_id)
        if video is None:
            return None, google_error("videoNotFound")
        if video["snippet"]["channelId"] != who[1]:
            return None, google_error("forbidden")
        return video, None

    def _videos_list(self, handler, query, who):
        ids = [vid for vid in query.get("id", "").split(",") if vid in self.videos]
        return 200, {"kind": "youtube#videoListResponse", "items": [self._public(self.videos[vid]) for vid in ids],
                     "pageInfo": {"totalResults": len(ids), "resultsPerPage": len(ids)}}, {}

    def _videos_update(self, handler, query, who):
        body = json.loads(handler.read_body() or b"{}")
        video, error = self._own(body.get("id", ""), who)
        if error:
            return (*error, {})
        parts = set(query.get("part", "").split(","))
        if "status" in parts:
            status = {key: value for key, value in (body.get("status") or {}).items() if value is not None}
            problem = self._check_status(status)
            if problem:
                return (*google_error(problem), {})
            video["status"] = {"uploadStatus": "processed", **status}
        if "snippet" in parts:
            snippet = body.get("snippet") or {}
            if not snippet.get("title") or not snippet.get("categoryId"):
                return (*google_error("invalidValue", "A title and a category are required."), {})
            video["snippet"] = {**snippet, "channelId": video["snippet"]["channelId"],
                                "publishedAt": video["snippet"]["publishedAt"]}
        return 200, self._public(video), {}

    def _videos_delete(self, handler, query, who):
        video, error = self._own(query.get("id", ""), who)
        if error:
            return (*error, {})
        del self.videos[video["id"]]
        for caption_id in [cid for cid, c in self.captions.items() if c["videoId"] == video["id"]]:
            del self.captions[caption_id]
        return 204, b"", {}

    def _channels_list(self, handler, query, who):
        channel = who[1]
        return 200, {"kind": "youtube#channelListResponse", "items": [{
            "kind": "youtube#channel", "id": channel, "snippet": {"title": self.channels.get(channel, channel)},
            "contentDetails": {"relatedPlaylists": {"uploads": "UU" + channel[2:]}}}]}, {}

    def _playlistItems_list(self, handler, query, who):
        channel = "UC" + query.get("playlistId", "")[2:]
        mine = sorted((v for v in self.videos.values() if v["snippet"]["channelId"] == channel),
                      key=lambda v: -v["_seq"])
        size = min(int(query.get("maxResults") or 5), 50)
        start = int(query.get("pageToken") or 0)
        page = mine[start:start + size]
        answer = {"kind": "youtube#playlistItemListResponse", "items": [{
            "kind": "youtube#playlistItem", "id": f"PI{v['id']}", "snippet": {
                "title": v["snippet"].get("title"), "description": v["snippet"].get("description", ""),
                "resourceId": {"kind": "youtube#video", "videoId": v["id"]}}} for v in page]}
        if start + size < len(mine):
            answer["nextPageToken"] = str(start + size)
        return 200, answer, {}

    # -- captions and thumbnails -----------------------------------------------------------
    def _media(self, handler):
        """(metadata, media bytes) of a multipart/related or a plain media upload."""
        body = handler.read_body()
        content_type = handler.headers.get("Content-Type", "")
        if content_type.startswith("multipart/related"):
            message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
            parts = list(message.iter_parts())
            return json.loads(parts[0].get_payload(decode=True) or b"{}"), parts[1].get_payload(decode=True)
        return {}, body

    def _captions_insert(self, handler, query, who):
        meta, data = self._media(handler)
        snippet = meta.get("snippet") or {}
        video, error = self._own(snippet.get("videoId", ""), who)
        if error:
            return (*error, {})
        if not data.startswith(b"WEBVTT") and not data[:1].isdigit():
            return (*google_error("invalidValue", "The caption track is not WebVTT or SRT."), {})
        caption_id = f"AUieDa{next(self._ids)}"
        self.captions[caption_id] = {"videoId": video["id"], "language": snippet.get("language", ""),
                                     "name": snippet.get("name", ""), "data": data, "trackKind": "standard"}
        return 200, self._caption(caption_id), {}

    def _caption(self, caption_id):
        c = self.captions[caption_id]
        return {"kind": "youtube#caption", "id": caption_id, "snippet": {
            "videoId": c["videoId"], "language": c["language"], "name": c["name"], "trackKind": c["trackKind"],
            "status": "serving", "isDraft": False}}

    def _captions_list(self, handler, query, who):
        video, error = self._own(query.get("videoId", ""), who)
        if error:
            return (*error, {})
        return 200, {"kind": "youtube#captionListResponse", "items": [
            self._caption(cid) for cid, c in self.captions.items() if c["videoId"] == video["id"]]}, {}

    def _captions_update(self, handler, query, who):
        meta, data = self._media(handler)
        caption = self.captions.get(meta.get("id", ""))
        if caption is None:
            return (*google_error("captionNotFound"), {})
        if data:
            caption["data"] = data
        return 200, self._caption(meta["id"]), {}

    def _captions_delete(self, handler, query, who):
        if self.captions.pop(query.get("id", ""), None) is None:
            return (*google_error("captionNotFound"), {})
        return 204, b"", {}

    def _thumbnails_set(self, handler, query, who):
        _meta, data = self._media(handler)
        video, error = self._own(query.get("videoId", ""), who)
        if error:
            return (*error, {})
        if not data.startswith(b"\xff\xd8") and not data.startswith(b"\x89PNG"):
            return (*google_error("invalidValue", "The thumbnail is not a JPEG or PNG image."), {})
        if len(data) > 2 * 1024 * 1024:
            return (*google_error("invalidValue", "The thumbnail is over 2 MB."), {})
        self.thumbnails[video["id"]] = data
        url = f"{self.url}/vi/{video['id']}/maxresdefault.jpg"
        return 200, {"kind": "youtube#thumbnailSetResponse", "items": [{"default": {"url": url},
                                                                         "maxres": {"url": url}}]}, {}

    def _watch(self, video_id):
        video = self.videos.get(video_id)
        if video is None:
            return 404, b"<p>Video unavailable</p>", {}
        import html

        public = self._public(video)
        langs = ", ".join(language for language, _ in self.video_captions(video_id)) or "—"
        page = (f'<!doctype html><meta charset="utf-8"><h1>YouTube (stand-in)</h1><h2>{html.escape(public["snippet"]["title"])}'
                f'</h2><p>{html.escape(public["status"]["privacyStatus"])} {html.escape(public["status"].get("publishAt") or "")}'
                f'</p><p>Captions: {html.escape(langs)}</p><pre>{html.escape(public["snippet"].get("description", ""))}</pre>')
        return 200, page.encode(), {}


def main():
    parser = argparse.ArgumentParser(description="YouTube Data API stand-in on loopback")
    parser.add_argument("--port", type=int, default=int(os.environ.get("YOUTUBE_STANDIN_PORT", 8040)))
    parser.add_argument("--folder", default=None)
    args = parser.parse_args()
    server = YouTubeStandIn(port=args.port, folder=args.folder, demo=True)
    server.add_channel("UCvss-lao-cai-demo0000001", "BHXH Lào Cai (stand-in)", refresh_token="demo-refresh-token",
                       client_id="vss-demo.apps.googleusercontent.com")
    print(f"YouTube stand-in on {server.url}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
