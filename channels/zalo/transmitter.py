"""Posting to a Zalo OA: upload pictures, create the article, verify it, broadcast it once.

Article creation is asynchronous: ``article/create`` answers a token and
``article/verify`` turns it into the article id once Zalo has made it ("processing"
until then, polled with backoff). Zalo has no idempotency key, so every request we
make is recorded by delivery key (ZaloArticle: the create token, then the id), and
each article's tracking link carries a marker from the key: a retry verifies the
first request's token, and an answer lost before we saw the token is found again
by the marker among the OA's latest articles (getslice, then getdetail).
"""

import logging
import time

from django.utils import timezone

from channels.base import Sent, Transmitter
from channels.exceptions import PermanentError, RetryableError, UnconfirmedError
from channels.zalo import article, tokens
from channels.zalo.client import ZaloHTTP
from channels.zalo.errors import TokenRejected
from channels.zalo.models import ZaloArticle, ZaloBroadcast

logger = logging.getLogger(__name__)

IMAGE_LIMIT = 1024 * 1024  # bytes: Zalo's upload limit for JPG/PNG
RECONCILE_PAGES = 3  # getslice pages of 10 looked through for an article whose answer we lost


def verify_delays(total_seconds):
    """Waits between verify polls: 0.05 s doubling to 2 s, for ``total_seconds`` at most."""
    delay, waited = 0.05, 0.0
    while waited < total_seconds:
        yield delay
        waited += delay
        delay = min(delay * 2, 2.0)


_BYTES = {}  # (image id, original file, size) -> rendition bytes: one cover read once for 200 OAs


def rendition_bytes(image_id, size):
    """The JPEG rendition's bytes from our media storage (made now if the approval's task has not yet)."""
    from wagtail.images import get_image_model

    from media.renditions import rendition_spec

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        raise PermanentError(f"image {image_id} was deleted after the item was approved")
    key = (image.pk, image.file.name, size)  # a replaced original is another file: never served stale
    if key in _BYTES:
        return _BYTES[key]
    try:
        rendition = image.get_rendition(rendition_spec(size, "jpeg"))
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise RetryableError(f"image {image_id} could not be read: {type(exc).__name__}",
                             whole_destination=False) from exc
    if len(_BYTES) > 16:
        _BYTES.clear()
    _BYTES[key] = data
    return data


class ZaloTransmitter(Transmitter):
    _http = None

    # -- plumbing ---------------------------------------------------------------------
    @property
    def app_id(self):
        return str(self.config["app_id"]).strip()

    @property
    def oa_id(self):
        return str(self.config["oa_id"]).strip()

    def http(self):
        if self._http is None:
            self._http = ZaloHTTP(api_url=self.config.get("api_url"), oauth_url=self.config.get("oauth_url"),
                                  timeout=self.config.get("timeout") or 30)
        return self._http

    def _token(self, rejected=None):
        return tokens.access_token(self.http(), app_id=self.app_id, oa_id=self.oa_id, secret_key=self.secret,
                                   rejected=rejected)

    def _api(self, method, path, *, operation, **kwargs):
        """One Open API call with a working token: a refused token is refreshed once, then it is a person's job."""
        token = self._token()
        try:
            return self.http().api(method, path, token=token, operation=operation, **kwargs)
        except TokenRejected:
            token = self._token(rejected=token)
        try:
            return self.http().api(method, path, token=token, operation=operation, **kwargs)
        except TokenRejected as exc:
            from channels.exceptions import NeedsReauthError

            raise NeedsReauthError(str(exc), user_message=tokens.reconnect_message(
                self.app_id, self.oa_id, "Zalo không nhận access token của OA, kể cả sau khi làm mới.")) from exc

    def _url(self, article_id):
        template = self.config.get("post_url") or ""
        return template.format(id=article_id, oa_id=self.oa_id) if template else ""

    # -- pictures -----------------------------------------------------------------------
    def _upload(self, image_id, size, fallback_url):
        data = rendition_bytes(image_id, size)
        if len(data) > IMAGE_LIMIT:
            raise PermanentError(f"rendition {size} of image {image_id} is {len(data)} bytes, over Zalo's 1 MB",
                                 user_message="Ảnh lớn hơn 1 MB, Zalo không nhận; hãy dùng ảnh nhỏ hơn.")
        answer = self._api("POST", "/v2.0/oa/upload/image", operation="image upload",
                           files={"file": (f"{size}-{image_id}.jpg", data, "image/jpeg")})
        # Article blocks take a picture's address; Zalo's copy when it gives one, else ours.
        return answer.get("url") or fallback_url

    def _article(self, payload, key):
        """The article/create (or update) body: pictures uploaded first, blocks in order."""
        cover = payload.get("cover") or ""
        if payload.get("cover_image_id"):
            cover = self._upload(payload["cover_image_id"], "zalo_cover", cover)
        body = []
        for block in payload.get("body", []):
            if block["type"] == "image":
                body.append({"type": "image", "url": self._upload(block["image_id"], "zalo_body", block["image"])})
            elif block["type"] == "video":
                body.append({"type": "video", "url": block["url"]})
            else:
                body.append({"type": "text", "content": block["content"]})
        data = {"type": "normal", "title": payload["title"], "author": payload["author"],
                "description": payload["description"], "body": body, "status": "show",
                "comment": payload.get("comment", "hide"), "tracking_link": article.marked_link(payload["link"], key)}
        if cover:
            data["cover"] = {"cover_type": "photo", "photo_url": cover, "status": "show"}
        return data

    def _verify(self, create_token, *, operation):
        """Poll article/verify until Zalo says the article exists; its id. Still processing: retry later."""
        for delay in verify_delays(float(self.config.get("verify_seconds") or 20)):
            answer = self._api("POST", "/v2.0/article/verify", operation=operation, json={"token": create_token})
            if answer.get("id"):
                return str(answer["id"])
            status = str(answer.get("status") or "processing")
            if status not in ("processing", "pending"):
                raise PermanentError(f"{operation}: Zalo did not make the article: {answer}",
                                     user_message=f"Zalo không đăng bài: {answer.get('reason') or status}.")
            time.sleep(delay)
        raise RetryableError(f"{operation}: Zalo is still processing the article", retry_after=60,
                             whole_destination=False, user_message="Zalo vẫn đang xử lý bài; sẽ kiểm tra lại.")

    # -- the contract -------------------------------------------------------------------
    def publish(self, payload, *, key):
        record, _ = ZaloArticle.objects.get_or_create(oa_id=self.oa_id, key=key)
        if record.article_id:
            article_id = record.article_id
        elif record.create_token:  # an earlier attempt was answered: finish that one
            article_id = self._verify(record.create_token, operation="article verify")
        else:
            answer = self._api("POST", "/v2.0/article/create", operation="article create", may_have_created=True,
                               json=self._article(payload, key))
            if not answer.get("token"):
                raise UnconfirmedError(f"article create: no token in Zalo's answer {answer}")
            ZaloArticle.objects.filter(pk=record.pk).update(create_token=str(answer["token"]))
            article_id = self._verify(str(answer["token"]), operation="article verify")
        ZaloArticle.objects.filter(pk=record.pk).update(article_id=article_id)
        if payload.get("broadcast"):
            self._broadcast_once(article_id)
        return Sent(article_id, self._url(article_id))

    def update(self, payload, *, external_id, key):
        answer = self._api("POST", "/v2.0/article/update", operation="article update",
                           json={"id": external_id, **self._article(payload, key)})
        if answer.get("token"):  # updates are asynchronous too
            self._verify(str(answer["token"]), operation="article update verify")
        return Sent(external_id, self._url(external_id))

    def withdraw(self, *, external_id, key):
        try:
            self._api("POST", "/v2.0/article/remove", operation="article remove", json={"id": external_id})
        except PermanentError:
            if self._detail(external_id) is None:
                return  # already gone
            raise

    def _detail(self, article_id):
        try:
            return self._api("GET", "/v2.0/article/getdetail", operation="article detail", params={"id": article_id})
        except PermanentError:
            return None

    def reconcile(self, *, key):
        record = ZaloArticle.objects.filter(oa_id=self.oa_id, key=key).first()
        if record is not None and record.article_id:
            return Sent(record.article_id, self._url(record.article_id))
        if record is not None and record.create_token:
            article_id = self._verify(record.create_token, operation="article verify (reconcile)")
            ZaloArticle.objects.filter(pk=record.pk).update(article_id=article_id)
            return Sent(article_id, self._url(article_id))
        needle = article.marker(key)
        for page in range(RECONCILE_PAGES):
            listing = self._api("GET", "/v2.0/article/getslice", operation="article list",
                                params={"offset": page * 10, "limit": 10, "type": "normal"})
            medias = listing.get("medias") or []
            for media in medias:
                detail = self._detail(media.get("id"))
                if detail and needle in (detail.get("tracking_link") or ""):
                    article_id = str(media["id"])
                    ZaloArticle.objects.update_or_create(oa_id=self.oa_id, key=key,
                                                         defaults={"article_id": article_id})
                    return Sent(article_id, self._url(article_id))
            if len(medias) < 10:
                break
        return None

    # -- broadcast ------------------------------------------------------------------------
    def _broadcast_once(self, article_id):
        """Send the article to the OA's followers, at most once whatever is retried; never fails the article."""
        claim, created = ZaloBroadcast.objects.get_or_create(oa_id=self.oa_id, article_id=article_id)
        if not created and claim.state != ZaloBroadcast.State.REFUSED:
            return claim  # sent, or a send whose answer was lost: a second one would reach followers twice
        ZaloBroadcast.objects.filter(pk=claim.pk).update(state=ZaloBroadcast.State.SENDING, reason="")
        target = {"gender": "0"}
        cities = str(self.config.get("broadcast_cities") or "").replace(" ", "")
        if cities:
            target["cities"] = cities
        message = {"recipient": {"target": target}, "message": {"attachment": {"type": "template", "payload": {
            "template_type": "media", "elements": [{"media_type": "article", "attachment_id": article_id}]}}}}
        try:
            answer = self._api("POST", "/v2.0/oa/message", operation="broadcast", json=message, may_have_created=True)
        except UnconfirmedError as exc:
            ZaloBroadcast.objects.filter(pk=claim.pk).update(state=ZaloBroadcast.State.UNCONFIRMED, reason=str(exc))
            return claim
        except (PermanentError, RetryableError) as exc:
            # The article is live; a broadcast Zalo refused (quota, permission) is recorded, not retried.
            ZaloBroadcast.objects.filter(pk=claim.pk).update(state=ZaloBroadcast.State.REFUSED,
                                                             reason=exc.user_message or str(exc))
            logger.warning("zalo broadcast refused oa=%s article=%s: %s", self.oa_id, article_id, exc)
            return claim
        ZaloBroadcast.objects.filter(pk=claim.pk).update(state=ZaloBroadcast.State.SENT, sent_at=timezone.now(),
                                                         message_id=str(answer.get("message_id") or ""))
        return claim

    def check(self):
        listing = self._api("GET", "/v2.0/article/getslice", operation="article list",
                            params={"offset": 0, "limit": 1, "type": "normal"})
        return f"OA {self.oa_id}: {int(listing.get('total') or 0)} bài viết"
