"""Uploading clips to a YouTube channel through the Data API.

A publish is a few steps, each recorded on the delivery's Upload row (models.py)
so a retry carries on where the last attempt stopped: the resumable upload
(the session URI kept; an interrupted session is asked how far it got with
``Content-Range: bytes */N`` and continued from Google's last byte), then one
caption track per subtitle language, then the poster as thumbnail. The video
only exists once its last byte arrives, so an interrupted upload cannot make two;
an answer lost after the last byte is found again through the session, or by
the marker from the idempotency key in the video's description among the
channel's uploads. Each call is counted against the day's quota first.
"""

import hashlib
import json
import http.client
import io
import socket

import httplib2
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from google.auth.exceptions import RefreshError, TransportError
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaIoBaseUpload

from channels.base import Sent, Transmitter
from channels.exceptions import NeedsReauthError, PermanentError, RetryableError, UnconfirmedError
from channels.youtube import client, text
from channels.youtube.errors import map_http_error, reauth_message
from channels.youtube.models import Upload
from channels.youtube.quota import DEFAULT_UNITS, DEFAULT_UPLOADS, Ledger

CHUNK_UNIT = 256 * 1024  # Google: every chunk but the last a multiple of 256 KiB
RECONCILE_PAGES = 4  # the 200 newest uploads
NETWORK_ERRORS = (OSError, socket.timeout, httplib2.HttpLib2Error, http.client.HTTPException, TransportError)
MIME = {"mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "mov": "video/quicktime"}


class ChunkUpload(MediaIoBaseUpload):
    """A resumable upload read a chunk at a time (8 MiB in memory at most, never the clip).

    MediaUpload's documented interface lets a subclass say it has no stream: the
    client then asks ``getbytes`` for each chunk and sends it in one write, where a
    stream is copied to the socket 8 KiB at a time by http.client (a third slower
    on loopback in bench/youtube.py).
    """

    def has_stream(self):
        return False


def _sha(value):
    return hashlib.sha256(value.encode()).hexdigest()[:16]


class YouTubeTransmitter(Transmitter):
    _http = _youtube = None

    # -- plumbing ---------------------------------------------------------------------
    @property
    def ledger(self):
        return Ledger(project=client.client_id(self.config),
                      units=self.config.get("daily_quota") or DEFAULT_UNITS,
                      uploads=self.config.get("daily_uploads") or DEFAULT_UPLOADS)

    @property
    def chunk_size(self):
        return int(self.config.get("chunk_mib") or 8) * 4 * CHUNK_UNIT

    def http(self):
        if self._http is None:
            self._http = client.authorized_http(self.config, self.secret,
                                                timeout=float(self.config.get("timeout") or 60))
        return self._http

    def youtube(self):
        if self._youtube is None:
            self._youtube = self._guard("API description", lambda: client.youtube(self.config, self.http()))
        return self._youtube

    def _guard(self, operation, call, *, may_have_created=False):
        """Run ``call``; every failure becomes one of the pipeline's errors."""
        try:
            return call()
        except (HttpError, RefreshError, *NETWORK_ERRORS) as exc:
            raise self._mapped(exc, operation, may_have_created=may_have_created) from exc

    def _mapped(self, exc, operation, *, may_have_created=False):
        if isinstance(exc, HttpError):
            return map_http_error(exc, operation=operation, ledger=self.ledger)
        if isinstance(exc, RefreshError):
            if "invalid_grant" in str(exc) or "invalid_client" in str(exc):
                return NeedsReauthError(f"{operation}: token refresh refused: {exc}",
                                        user_message=reauth_message("invalid_grant"))
            return RetryableError(f"{operation}: token refresh failed: {exc}")
        if may_have_created:
            return UnconfirmedError(f"{operation}: no answer ({type(exc).__name__}); it may exist")
        return RetryableError(f"{operation}: {type(exc).__name__}: {exc}")

    def _call(self, method, make_request, *, may_have_created=False):
        """One API call, counted against today's quota before it is made."""
        self.ledger.spend(method)
        return self._guard(method, lambda: make_request(self.youtube()).execute(num_retries=0),
                           may_have_created=may_have_created)

    def _video_url(self, video_id):
        return (self.config.get("video_url") or "https://www.youtube.com/watch?v={id}").format(id=video_id)

    def _sent(self, video_id):
        return Sent(video_id, self._video_url(video_id))

    # -- what a video says ------------------------------------------------------------
    def _snippet(self, payload, key):
        snippet = {"title": payload["title"], "categoryId": payload.get("category_id") or text.DEFAULT_CATEGORY,
                   "description": text.description(summary=payload.get("summary", ""),
                                                   transcript=payload.get("transcript", ""),
                                                   link=payload.get("link", ""), hashtags=payload.get("hashtags", ()),
                                                   key=key),
                   "tags": payload.get("tags", [])}
        if payload.get("language"):
            snippet["defaultLanguage"] = snippet["defaultAudioLanguage"] = payload["language"]
        return snippet

    def _status(self, payload, *, current=None):
        status = {"selfDeclaredMadeForKids": False, "privacyStatus": payload.get("privacy") or "public"}
        if payload.get("publish_at"):
            # A premiere: private until YouTube itself makes it public at the time.
            status.update(privacyStatus="private", publishAt=payload["publish_at"])
        elif current and current.get("publishAt"):
            status["publishAt"] = None  # no time any more: it goes out now, with the destination's privacy
        return status

    # -- the upload -------------------------------------------------------------------
    def _session_state(self, upload):
        """(bytes Google has, the video resource or None); (None, None) when the session is gone."""
        headers = {"Content-Range": f"bytes */{upload.size}", "Content-Length": "0"}
        resp, content = self._guard("upload status", lambda: self.http().request(upload.session_uri, "PUT",
                                                                                headers=headers))
        if resp.status in (200, 201):
            return upload.size, json.loads(content)
        if resp.status == 308:
            found = resp.get("range", "")
            return (int(found.rsplit("-", 1)[1]) + 1 if found else 0), None
        if resp.status in (404, 410):
            return None, None
        raise RetryableError(f"upload status: HTTP {resp.status}")

    def _upload(self, payload, key, upload):
        name, size = payload["video_name"], payload.get("video_size") or default_storage.size(payload["video_name"])
        progress = 0
        if upload.session_uri:
            progress, video = self._session_state(upload)
            if video is not None:
                return video["id"]
            if progress is None:  # the session expired (a week at Google): the video may exist all the same
                found = self._find_marked(key)
                if found:
                    return found
                upload.session_uri, progress = "", 0
        mimetype = MIME.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
        with default_storage.open(name, "rb") as handle:
            media = ChunkUpload(handle, mimetype=mimetype, chunksize=self.chunk_size, resumable=True)
            request = self.youtube().videos().insert(
                part="snippet,status", notifySubscribers=not payload.get("publish_at"), media_body=media,
                body={"snippet": self._snippet(payload, key), "status": self._status(payload)})
            if upload.session_uri:
                request.resumable_uri, request.resumable_progress = upload.session_uri, progress
            else:
                self.ledger.spend("videos.insert")
                upload.size = size
            response = None
            while response is None:
                try:
                    _progress, response = request.next_chunk()
                except (HttpError, RefreshError, *NETWORK_ERRORS) as exc:
                    self._remember(upload, request)
                    raise self._interrupted(exc, request, size) from exc
                self._remember(upload, request)
        return response["id"]

    def _interrupted(self, exc, request, size):
        """A chunk that failed: resumable from Google's last byte, unless Google itself refused."""
        started = bool(request.resumable_uri)
        server_trouble = not isinstance(exc, (HttpError, RefreshError)) or exc.resp.status >= 500
        if not (started and server_trouble):
            return self._mapped(exc, "video upload")
        done = request.resumable_progress
        if done + self.chunk_size >= size:
            # The last chunk went out: Google may have stored the video and lost only its answer.
            return UnconfirmedError(f"video upload: {type(exc).__name__} after the last chunk; the video may exist")
        return RetryableError(
            f"video upload interrupted at {done} of {size} bytes: {type(exc).__name__}", whole_destination=False,
            user_message=_("Upload interrupted at %(done)s of %(size)s MB; it resumes from there.")
            % {"done": done // 2**20, "size": max(size // 2**20, 1)})

    @staticmethod
    def _remember(upload, request):
        if request.resumable_uri and request.resumable_uri != upload.session_uri:
            upload.session_uri = request.resumable_uri
            upload.save(update_fields=["session_uri", "size", "updated_at"])

    # -- captions and thumbnail -------------------------------------------------------
    def _existing_captions(self, video_id):
        found = self._call("captions.list", lambda yt: yt.captions().list(part="snippet", videoId=video_id))
        return {item["snippet"]["language"]: item["id"] for item in found.get("items", [])
                if item["snippet"].get("trackKind", "standard").lower() == "standard"}

    def _captions(self, payload, upload, *, fresh):
        wanted = {caption["language"]: caption for caption in payload.get("captions", [])}
        done = dict(upload.captions)
        if not wanted and not done:
            return
        existing = {} if fresh and not done else self._existing_captions(upload.video_id)
        for language, caption in wanted.items():
            digest = _sha(caption["vtt"])
            if language in done and done[language].get("sha") == digest and language in existing:
                continue
            media = MediaIoBaseUpload(io.BytesIO(caption["vtt"].encode()), mimetype="text/vtt", resumable=False)
            if language in existing:
                self._call("captions.update", lambda yt: yt.captions().update(
                    part="snippet", media_body=media, body={"id": existing[language], "snippet": {"isDraft": False}}))
                caption_id = existing[language]
            else:
                snippet = {"videoId": upload.video_id, "language": language, "name": caption.get("name", ""),
                           "isDraft": False}
                caption_id = self._call("captions.insert", lambda yt: yt.captions().insert(
                    part="snippet", body={"snippet": snippet}, media_body=media), may_have_created=True)["id"]
            done[language] = {"id": caption_id, "sha": digest}
            upload.captions = done
            upload.save(update_fields=["captions", "updated_at"])
        for language in set(existing) - set(wanted):
            if language in done:  # only tracks we put there; a person's own stay
                self._call("captions.delete", lambda yt: yt.captions().delete(id=existing[language]))
                done.pop(language)
        upload.captions = done
        upload.save(update_fields=["captions", "updated_at"])

    def _thumbnail(self, payload, upload):
        poster = payload.get("poster_id")
        if not poster or upload.thumbnail_set:
            return
        from wagtail.images import get_image_model

        from media.renditions import rendition_spec

        image = get_image_model().objects.filter(pk=poster).first()
        if image is None:
            return  # the poster was deleted since approval: the video keeps YouTube's own frame
        rendition = image.get_rendition(rendition_spec("youtube", "jpeg"))
        with rendition.file.open("rb") as handle:
            data = handle.read()  # at most 1280 x 720 JPEG, well under YouTube's 2 MB
        self._call("thumbnails.set", lambda yt: yt.thumbnails().set(
            videoId=upload.video_id, media_body=MediaIoBaseUpload(io.BytesIO(data), mimetype="image/jpeg")))
        upload.thumbnail_set = True
        upload.save(update_fields=["thumbnail_set", "updated_at"])

    # -- the contract -----------------------------------------------------------------
    def publish(self, payload, *, key):
        if not payload.get("video_name"):
            raise PermanentError("the clip has no video file (an external video URL is not uploaded)",
                                 user_message=_("Only a clip with its own video file can go to YouTube."))
        upload, _created = Upload.objects.get_or_create(key=key)
        fresh = False
        if not upload.video_id:
            if not upload.session_uri:
                # The whole publish must fit today: a video without its captions would go out half done.
                calls = ["videos.insert", *["captions.insert"] * len(payload.get("captions", []))]
                self.ledger.require(calls + (["thumbnails.set"] if payload.get("poster_id") else []))
            upload.video_id = self._upload(payload, key, upload)
            upload.save(update_fields=["video_id", "session_uri", "size", "updated_at"])
            fresh = True
        self._captions(payload, upload, fresh=fresh)
        self._thumbnail(payload, upload)
        if not upload.done:
            upload.done = True
            upload.save(update_fields=["done", "updated_at"])
        return self._sent(upload.video_id)

    def _current(self, video_id):
        found = self._call("videos.list", lambda yt: yt.videos().list(part="snippet,status", id=video_id))
        items = found.get("items", [])
        return items[0] if items else None

    def update(self, payload, *, external_id, key):
        current = self._current(external_id)
        if current is None:
            raise PermanentError(f"video {external_id} is no longer on YouTube",
                                 user_message=_("The video was removed from YouTube; publish the item again."))
        body = {"id": external_id, "snippet": self._snippet(payload, key),
                "status": self._status(payload, current=current.get("status"))}
        self._call("videos.update", lambda yt: yt.videos().update(part="snippet,status", body=body))
        upload = Upload.objects.filter(video_id=external_id).order_by("-updated_at").first() \
            or Upload.objects.create(key=key, video_id=external_id)
        self._captions(payload, upload, fresh=False)
        return self._sent(external_id)

    def withdraw(self, *, external_id, key):
        if self.config.get("withdraw") == "private":
            current = self._current(external_id)
            if current is None:
                return
            status = {"privacyStatus": "private", "selfDeclaredMadeForKids": False}
            self._call("videos.update", lambda yt: yt.videos().update(part="status",
                                                                      body={"id": external_id, "status": status}))
            return
        try:
            self._call("videos.delete", lambda yt: yt.videos().delete(id=external_id))
        except PermanentError as exc:
            if getattr(getattr(exc.__cause__, "resp", None), "status", None) == 404:
                return  # already gone
            raise

    def _find_marked(self, key):
        """A video of ours among the channel's newest uploads, by the marker in its description."""
        needle = text.marker(key)
        channels = self._call("channels.list", lambda yt: yt.channels().list(part="contentDetails", mine=True))
        if not channels.get("items"):
            return None
        playlist = channels["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"]
        page = None
        for _page in range(RECONCILE_PAGES):
            found = self._call("playlistItems.list", lambda yt: yt.playlistItems().list(
                part="snippet", playlistId=playlist, maxResults=50, pageToken=page))
            for item in found.get("items", []):
                if needle in item["snippet"].get("description", ""):
                    return item["snippet"]["resourceId"]["videoId"]
            page = found.get("nextPageToken")
            if not page:
                break
        return None

    def written(self, *, key):
        upload = Upload.objects.filter(key=key).first()
        if upload is not None and upload.video_id:
            return self._sent(upload.video_id)
        if upload is not None and upload.session_uri:
            _have, video = self._session_state(upload)
            if video is not None:
                return self._sent(video["id"])
        found = self._find_marked(key)
        return self._sent(found) if found else None

    def reconcile(self, *, key):
        """The video when it exists with everything; None when nothing is there or steps remain (publish finishes)."""
        upload = Upload.objects.filter(key=key).first()
        found = self.written(key=key)
        if found is None:
            return None
        if upload is not None and upload.done:
            return found
        upload = upload or Upload(key=key)
        if not upload.video_id:
            upload.video_id = found.external_id
            upload.save()
        return None  # the video exists, its captions or thumbnail may not: publish carries on from the video

    def check(self):
        found = self._call("channels.list", lambda yt: yt.channels().list(part="snippet", mine=True))
        items = found.get("items") or []
        if not items:
            raise PermanentError("the authorised account has no YouTube channel",
                                 user_message=_("This Google account has no YouTube channel."))
        expected = (self.config.get("channel_id") or "").strip()
        if expected and items[0]["id"] != expected:
            raise PermanentError(f"authorised channel {items[0]['id']} is not {expected}",
                                 user_message=_("The account connected is another channel (%(found)s), not %(expected)s.")
                                 % {"found": items[0]["snippet"].get("title", items[0]["id"]), "expected": expected})
        return f"channel {items[0]['snippet'].get('title') or items[0]['id']}"
