"""Posting to a Facebook Page through the Graph API.

News become link posts on /{page}/feed, infographics photo posts, clips videos
(resumable upload), leaflets a photo of the cover with a link to the PDF. Every
post's text carries a marker derived from the delivery's idempotency key (in the
link's query), so a delivery whose earlier attempt may have reached Facebook
(timeout, killed worker) is first looked for among the page's published and
scheduled posts and videos, and never posted twice.
"""

import time

import facebook
import requests
from django.conf import settings

from channels.base import Sent, Transmitter
from channels.exceptions import PermanentError, RetryableError, UnconfirmedError
from channels.facebook import caption
from channels.facebook.errors import DuplicatePost, map_graph_error, slow_down_seconds
from channels.facebook.graph import GraphClient
from channels.facebook.video import upload_video

SCHEDULE_MIN_SECONDS = 10 * 60
SCHEDULE_MAX_SECONDS = 30 * 24 * 3600
# A bound on the requests of one video upload (start, chunks, finish); Facebook picks the chunk size.
VIDEO_REQUESTS = 8
RECONCILE_EDGES = (("feed", "id,message"), ("scheduled_posts", "id,message"), ("videos", "id,description"))


class FacebookTransmitter(Transmitter):
    _client = None

    # -- plumbing ---------------------------------------------------------------------
    @property
    def page_id(self):
        return str(self.config["page_id"]).strip()

    def client(self):
        if self._client is None:
            timeout = float(self.config.get("timeout") or 30)
            self._client = GraphClient(access_token=self.secret, timeout=(5, timeout),
                                       version=self.config.get("graph_version") or settings.FACEBOOK_GRAPH_VERSION,
                                       base_url=self.config.get("graph_url") or settings.FACEBOOK_GRAPH_URL)
        return self._client

    def call_seconds(self):
        # A video's resumable upload is one publish made of several requests: a start, the
        # chunks and a finish, each bounded by the client's timeout.
        per_request = 5 + float(self.config.get("timeout") or 30)
        return per_request * VIDEO_REQUESTS

    def _watch_usage(self, response):
        rest = slow_down_seconds(response, threshold=float(self.config.get("slow_down_at") or 90))
        if rest:
            self.slow_down = max(self.slow_down or 0, rest)

    def _call(self, operation, call, *, may_have_created=False):
        """Run one SDK call; every failure becomes one of the pipeline's errors."""
        client = self.client()
        try:
            result = call(client)
        except facebook.GraphAPIError as exc:
            self._watch_usage(client.last_response)
            raise map_graph_error(exc, client.last_response, operation=operation) from exc
        except (requests.ConnectTimeout, requests.exceptions.SSLError) as exc:
            raise RetryableError(f"{operation}: {type(exc).__name__}") from exc
        except (requests.ReadTimeout, requests.ConnectionError) as exc:
            sent = isinstance(exc, requests.ReadTimeout) or "Connection aborted" in str(exc)
            if may_have_created and sent:
                raise UnconfirmedError(f"{operation}: no answer ({type(exc).__name__}); the post may exist") from exc
            raise RetryableError(f"{operation}: {type(exc).__name__}") from exc
        except requests.RequestException as exc:
            raise RetryableError(f"{operation}: {type(exc).__name__}") from exc
        except (KeyError, ValueError) as exc:
            # The SDK indexes headers["content-type"] and parses JSON without guarding either.
            status = getattr(client.last_response, "status_code", None)
            error = UnconfirmedError if may_have_created and status and status < 300 else RetryableError
            raise error(f"{operation}: unreadable answer (HTTP {status}, {type(exc).__name__})") from exc
        self._watch_usage(client.last_response)
        return result

    def _check_raw(self, response, operation):
        """For the raw video calls: the same mapping as the SDK's calls."""
        self._watch_usage(response)
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code >= 400 or not isinstance(data, dict) or "error" in data:
            if isinstance(data, dict) and "error" in data:
                raise map_graph_error(facebook.GraphAPIError(data), response, operation=operation)
            raise RetryableError(f"{operation}: HTTP {response.status_code} without a Graph API answer")
        return data

    def _post_url(self, post_id):
        template = self.config.get("post_url") or "https://www.facebook.com/{id}"
        return template.format(id=post_id, page_id=self.page_id)

    # -- posting ------------------------------------------------------------------------
    def _schedule_args(self, payload):
        when = payload.get("scheduled_publish_time")
        if not when:
            return {}
        ahead = int(when) - time.time()
        if ahead <= 0:
            return {}  # its time has come: publish now
        if ahead < SCHEDULE_MIN_SECONDS:
            # Facebook refuses schedules under 10 minutes ahead: publish it ourselves at the time.
            raise RetryableError("scheduled time is under 10 minutes ahead; publishing at that time",
                                 retry_after=ahead + 1, whole_destination=False)
        if ahead > SCHEDULE_MAX_SECONDS:
            raise PermanentError("scheduled time is more than 30 days ahead",
                                 user_message="Facebook can schedule posts at most 30 days ahead.")
        return {"published": "false", "scheduled_publish_time": str(int(when))}

    def _text(self, payload, key, *, limit=caption.POST_LIMIT):
        links = caption.marked_link(payload.get("link", ""), key)
        if payload["kind"] == "file" and payload.get("file"):
            links = f"{links}\nPDF: {payload['file']}".strip()  # the leaflet itself, to download and print
        return caption.compose(title=payload["title"], summary=payload.get("summary", ""), link=links,
                               hashtags=payload.get("hashtags", ()), limit=limit)

    def publish(self, payload, *, key):
        try:
            return self._publish(payload, key)
        except DuplicatePost as exc:
            found = self.reconcile(key=key)
            if found is not None:
                return found
            raise PermanentError(f"{exc}; no post of ours was found",
                                 user_message="Facebook refused the post as a duplicate of another post.") from exc

    def _publish(self, payload, key):
        page, kind = self.page_id, payload["kind"]
        schedule = self._schedule_args(payload)
        text = self._text(payload, key)
        if kind == "video" and payload.get("video_name"):
            video_id = self._call("video upload", lambda client: upload_video(
                client, video_base_url=self.config.get("graph_video_url") or settings.FACEBOOK_GRAPH_VIDEO_URL,
                page_id=page, storage_name=payload["video_name"], size=payload["video_size"],
                title=caption.truncate(payload["title"], caption.VIDEO_TITLE_LIMIT),
                description=self._text(payload, key, limit=caption.VIDEO_DESCRIPTION_LIMIT),
                schedule_args=schedule, check=self._check_raw), may_have_created=True)
            return Sent(video_id, self._post_url(video_id))
        if kind in ("photo", "file") and payload.get("image"):
            result = self._call("photo post", lambda client: client.put_object(
                page, "photos", url=payload["image"], caption=text, **schedule), may_have_created=True)
            post_id = str(result.get("post_id") or result["id"])
            return Sent(post_id, self._post_url(post_id))
        link = caption.marked_link(payload.get("link") or payload.get("file") or payload.get("video") or "", key)
        result = self._call("link post", lambda client: client.put_object(
            page, "feed", message=text, link=link, **schedule), may_have_created=True)
        return Sent(str(result["id"]), self._post_url(result["id"]))

    def update(self, payload, *, external_id, key):
        field = "description" if payload["kind"] == "video" and payload.get("video_name") else "message"
        limit = caption.VIDEO_DESCRIPTION_LIMIT if field == "description" else caption.POST_LIMIT
        text = self._text(payload, key, limit=limit)
        self._call("post update", lambda client: client.request(f"{client.version}/{external_id}",
                                                                 post_args={field: text}))
        return Sent(external_id, self._post_url(external_id))

    def withdraw(self, *, external_id, key):
        try:
            self._call("post delete", lambda client: client.delete_object(external_id))
        except PermanentError as exc:
            if getattr(exc.__cause__, "code", None) == 100:  # "object does not exist": already gone
                return
            raise

    def reconcile(self, *, key):
        needle = caption.marker(key)
        for edge, fields in RECONCILE_EDGES:
            posts = self._call(f"list {edge}", lambda client: client.get_connections(
                self.page_id, edge, fields=fields, limit=100))
            for post in posts.get("data", []):
                if needle in (post.get("message") or post.get("description") or ""):
                    return Sent(str(post["id"]), self._post_url(post["id"]))
        return None

    def check(self):
        page = self._call("page lookup", lambda client: client.get_object(self.page_id, fields="id,name"))
        return f"page {page.get('name') or page.get('id')}"
