"""An OA's token pair: connecting it (OAuth v4 with PKCE), using it, and rotating it without losing it.

Zalo's refresh token is single-use: each refresh returns a new pair and the old
refresh token stops working. Losing the new pair (two workers refreshing at once, a
worker killed after Zalo answered) would lock the OA out until a person reconnects
it. So:

* one refresh at a time per OA: a worker *claims* the refresh on the token row, under
  SELECT ... FOR UPDATE (PostgreSQL; on SQLite the IMMEDIATE transaction takes the
  write lock), and commits the claim before calling Zalo; a worker that finds a live
  claim waits for the new pair and uses it (both proceed, one refresh call);
* the new pair is saved, encrypted, in a locked transaction before its access token
  is used by anyone (Zalo's lenient case keeps the old refresh token valid until the
  new access token is first used; then a lost pair is recoverable);
* the previous pair is kept until the new one is saved: a claim left by a killed
  worker goes stale, and the next worker refreshes again with the previous refresh
  token. If Zalo refuses it (the strict case: it was spent), the destination waits
  for a person with an explanation and the link to reconnect, instead of retrying;
* beat refreshes well ahead of expiry, so the access token in hand outlives a failed
  refresh by hours.
"""

import base64
import datetime
import hashlib
import logging
import secrets
import time
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from channels.exceptions import NeedsReauthError, RetryableError
from channels.zalo.client import OAUTH_URL, ZaloHTTP
from channels.zalo.models import ZaloToken

logger = logging.getLogger(__name__)

USE_MARGIN = datetime.timedelta(minutes=5)  # an access token this close to expiry is refreshed before use
DEFAULT_ACCESS_SECONDS = 25 * 3600  # Zalo: about 25 hours
DEFAULT_REFRESH_SECONDS = 90 * 24 * 3600  # Zalo: about 3 months


def _setting(name, default):
    return float(getattr(settings, name, default))


def claim_seconds():
    """A refresh claim older than this was left by a dead worker (longer than any OAuth call may take)."""
    return _setting("ZALO_REFRESH_CLAIM_SECONDS", 60)


def refresh_ahead():
    """Beat refreshes a pair whose access token expires within this."""
    return datetime.timedelta(seconds=_setting("ZALO_REFRESH_AHEAD_SECONDS", 12 * 3600))


# --- connecting an OA (the admin's "Kết nối Zalo OA") -----------------------------------
def pkce_pair():
    """(code_verifier, code_challenge): RFC 7636 S256, as Zalo's OA permission flow takes it."""
    verifier = secrets.token_urlsafe(32)  # 43 characters of [A-Za-z0-9_-]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorization_url(*, app_id, redirect_uri, code_challenge, state, oauth_url=""):
    query = urlencode({"app_id": app_id, "redirect_uri": redirect_uri, "code_challenge": code_challenge,
                       "state": state})
    return f"{(oauth_url or OAUTH_URL).rstrip('/')}/v4/oa/permission?{query}"


def reconnect_message(app_id, oa_id, why):
    """What staff read on the paused destination: why, and where to reconnect the OA (Vietnamese)."""
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse("zalo_connect") + "?" + urlencode({"app_id": app_id, "oa_id": oa_id})
    except NoReverseMatch:
        path = "/admin/zalo/connect/"
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return (f"{why} Người quản trị OA cần kết nối lại: mở {base}{path} (\"Kết nối Zalo OA\"), đăng nhập Zalo "
            f"bằng tài khoản quản trị OA {oa_id} và đồng ý cấp quyền; sau đó bấm \"Tiếp tục\" ở kênh này.")


def store_pair(*, app_id, oa_id, answer, secret_key="", oauth_url=""):
    """Save a pair Zalo issued (a code exchange, or the demo's seed) and clear any refusal."""
    now = timezone.now()
    with transaction.atomic():
        row, _ = ZaloToken.objects.select_for_update().get_or_create(app_id=str(app_id), oa_id=str(oa_id))
        row.access_token, row.refresh_token = answer["access_token"], answer["refresh_token"]
        row.access_expires_at = now + datetime.timedelta(seconds=int(answer.get("expires_in") or DEFAULT_ACCESS_SECONDS))
        row.refresh_expires_at = now + datetime.timedelta(seconds=int(answer.get("refresh_token_expires_in")
                                                                          or DEFAULT_REFRESH_SECONDS))
        row.generation += 1
        row.refresh_claim, row.refresh_claimed_at, row.refused = "", None, ""
        row.connected_at = now
        if secret_key:
            row.secret_key = secret_key
        if oauth_url:
            row.oauth_url = oauth_url
        row.save()
    logger.info("zalo OA connected oa=%s app=%s generation=%s", oa_id, app_id, row.generation)
    return row


def exchange_code(*, app_id, oa_id, secret_key, code, code_verifier, oauth_url=""):
    """The callback's step: the authorization code and our PKCE verifier for a pair, stored. Raises ValueError."""
    http = ZaloHTTP(oauth_url=oauth_url)
    answer = http.oauth(app_id=app_id, secret_key=secret_key, operation="authorization code exchange",
                        fields={"grant_type": "authorization_code", "code": code, "code_verifier": code_verifier})
    if not answer.get("access_token") or not answer.get("refresh_token"):
        raise ValueError(_oauth_reason(answer))
    return store_pair(app_id=app_id, oa_id=oa_id, answer=answer, secret_key=secret_key, oauth_url=oauth_url)


def _oauth_reason(answer):
    return str(answer.get("error_description") or answer.get("error_reason") or answer.get("error_name")
               or answer.get("message") or f"error {answer.get('error')}")


# --- using and rotating it --------------------------------------------------------------
def access_token(http, *, app_id, oa_id, secret_key, rejected=None):
    """A working access token for the OA, refreshed first when it nears expiry.

    ``rejected``: the token Zalo just refused (-216/-124) although it looked fresh: it is
    refreshed, unless another worker has already replaced it.
    """
    row = ZaloToken.objects.filter(app_id=str(app_id), oa_id=str(oa_id)).first()
    if row is None or not row.refresh_token:
        raise NeedsReauthError(f"zalo OA {oa_id}: not connected", user_message=reconnect_message(
            app_id, oa_id, f"OA {oa_id} chưa được kết nối với hệ thống."))
    if row.refused:
        raise NeedsReauthError(f"zalo OA {oa_id}: Zalo refused its tokens", user_message=row.refused)
    if secret_key and (row.secret_key != secret_key or row.oauth_url != http.oauth_url):
        ZaloToken.objects.filter(pk=row.pk).update(secret_key=secret_key, oauth_url=http.oauth_url)  # for beat
    fresh = row.access_expires_at and row.access_expires_at > timezone.now() + USE_MARGIN
    if fresh and row.access_token and row.access_token != rejected:
        return row.access_token
    return refresh(http, row=row, secret_key=secret_key or row.secret_key)


def refresh(http, *, row, secret_key, wait=None):
    """Rotate the pair once, whoever else tries at the same time; returns the new access token."""
    deadline = time.monotonic() + (wait if wait is not None else _setting("ZALO_REFRESH_WAIT_SECONDS", 20))
    seen = row.generation
    while True:
        claimed = _claim(row.pk, seen)
        if isinstance(claimed, str):
            return claimed  # another worker saved a new pair while we waited
        if claimed is not None:
            break
        if time.monotonic() > deadline:
            raise RetryableError(f"zalo OA {row.oa_id}: another worker is still refreshing its token",
                                 retry_after=claim_seconds())
        time.sleep(0.05)
    claim, refresh_token, generation, interrupted = claimed
    try:
        answer = http.oauth(app_id=row.app_id, secret_key=secret_key, operation="token refresh",
                            fields={"grant_type": "refresh_token", "refresh_token": refresh_token})
    except Exception:
        _release(row.pk, claim)  # nothing learnt: the next attempt refreshes with the same token
        raise
    if not answer.get("access_token") or not answer.get("refresh_token"):
        why = _oauth_reason(answer)
        if interrupted:
            text = ("Một lần làm mới token trước đó bị gián đoạn (tiến trình xử lý dừng đột ngột) và Zalo không "
                    f"nhận lại refresh token cũ ({why}).")
        else:
            text = f"Zalo không chấp nhận refresh token của OA ({why})."
        message = reconnect_message(row.app_id, row.oa_id, text)
        ZaloToken.objects.filter(pk=row.pk, refresh_claim=claim).update(refused=message, refresh_claim="",
                                                                         refresh_claimed_at=None)
        logger.warning("zalo refresh refused oa=%s interrupted=%s: %s", row.oa_id, interrupted, why)
        raise NeedsReauthError(f"zalo OA {row.oa_id}: refresh refused: {why}", user_message=message)
    return _save(row.pk, claim, generation, answer)


def _claim(pk, seen):
    """(claim, refresh token, generation, interrupted), or a fresher access token, or None: someone else is at it."""
    now = timezone.now()
    with transaction.atomic():
        row = ZaloToken.objects.select_for_update().get(pk=pk)
        if row.refused:
            raise NeedsReauthError(f"zalo OA {row.oa_id}: Zalo refused its tokens", user_message=row.refused)
        if row.generation != seen and row.access_expires_at and row.access_expires_at > now + USE_MARGIN:
            return row.access_token
        if row.refresh_claim and row.refresh_claimed_at and \
                row.refresh_claimed_at > now - datetime.timedelta(seconds=claim_seconds()):
            return None
        interrupted = bool(row.refresh_claim)  # a claim that went stale: its worker died mid-refresh
        claim = uuid.uuid4().hex
        ZaloToken.objects.filter(pk=pk).update(refresh_claim=claim, refresh_claimed_at=now)
    if interrupted:
        logger.warning("zalo refresh interrupted earlier, refreshing again with the previous pair oa=%s", row.oa_id)
    return claim, row.refresh_token, row.generation, interrupted


def _release(pk, claim):
    ZaloToken.objects.filter(pk=pk, refresh_claim=claim).update(refresh_claim="", refresh_claimed_at=None)


def _save(pk, claim, generation, answer):
    now = timezone.now()
    with transaction.atomic():
        row = ZaloToken.objects.select_for_update().get(pk=pk)
        # A pair Zalo just issued is the one that works (strict Zalo spent the old token), even
        # when a slow call's claim was taken over meanwhile; only a pair saved after ours wins.
        if row.generation != generation:
            logger.warning("zalo refresh answered after a newer pair was saved oa=%s; keeping the newer", row.oa_id)
            return row.access_token
        row.access_token, row.refresh_token = answer["access_token"], answer["refresh_token"]
        row.access_expires_at = now + datetime.timedelta(seconds=int(answer.get("expires_in") or DEFAULT_ACCESS_SECONDS))
        row.refresh_expires_at = now + datetime.timedelta(seconds=int(answer.get("refresh_token_expires_in")
                                                                          or DEFAULT_REFRESH_SECONDS))
        row.generation += 1
        row.refresh_claim, row.refresh_claimed_at, row.refused = "", None, ""
        row.refreshed_at, row.refresh_count = now, row.refresh_count + 1
        row.save()
    logger.info("zalo token refreshed oa=%s generation=%s", row.oa_id, row.generation)
    return row.access_token


def refresh_due(*, now=None):
    """Beat's pass: refresh each connected OA whose access token expires within refresh_ahead()."""
    now = now or timezone.now()
    due = ZaloToken.objects.filter(refused="", access_expires_at__lt=now + refresh_ahead()).exclude(refresh_token="")
    done = failed = 0
    for row in due:
        try:
            refresh(ZaloHTTP(oauth_url=row.oauth_url), row=row, secret_key=row.secret_key, wait=0)
            done += 1
        except Exception as exc:  # one OA's trouble must not stop the others
            failed += 1
            logger.warning("zalo beat refresh failed oa=%s: %s", row.oa_id, exc)
    return {"refreshed": done, "failed": failed}
