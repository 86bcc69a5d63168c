"""The Data API's answers mapped to the pipeline's kinds of error.

Google's error shape: {"error": {"code", "message", "errors": [{"reason", "domain",
"message"}], "status"}}; the reason says what happened (Data API error reference):
quotaExceeded (403) waits for the Pacific midnight reset, uploadLimitExceeded
(400, the channel's own upload cap) likewise, rateLimitExceeded /
userRateLimitExceeded (403) and 429 a minute, 401 and invalid_grant on refresh
need a person to connect the channel again, invalidPublishAt and other 4xx are
refusals of this payload, 5xx are temporary.
"""

import json

from django.utils.translation import gettext as _

from channels.exceptions import NeedsReauthError, PermanentError, RetryableError

RATE_LIMIT_WAIT = 60


def reason_of(exc):
    """(HTTP status, first reason, message) of a googleapiclient HttpError."""
    status = getattr(getattr(exc, "resp", None), "status", None)
    try:
        error = json.loads(exc.content.decode() if isinstance(exc.content, bytes) else exc.content)["error"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return status, "", ""
    if not isinstance(error, dict):  # OAuth endpoints answer {"error": "invalid_grant"}
        return status, str(error), ""
    reasons = [item.get("reason", "") for item in error.get("errors") or [] if isinstance(item, dict)]
    return status, (reasons[0] if reasons else error.get("status", "")), error.get("message", "")


def map_http_error(exc, *, operation, ledger):
    status, reason, message = reason_of(exc)
    where = f"{operation}: YouTube {reason or 'error'} (HTTP {status}): {message}"
    if reason == "quotaExceeded":
        wait = ledger.exhausted()
        wait.message = f"{where}; {wait.message}"
        return wait
    if reason == "uploadLimitExceeded":
        wait = ledger.wait(_("the channel reached its upload limit"))
        wait.message = f"{where}; {wait.message}"
        return wait
    if reason in ("rateLimitExceeded", "userRateLimitExceeded") or status == 429:
        return RetryableError(where, retry_after=RATE_LIMIT_WAIT,
                              user_message=_("YouTube asked us to slow down; it resumes by itself."))
    if status == 401 or reason in ("authError", "invalid_grant"):
        return NeedsReauthError(where, user_message=reauth_message(message or reason))
    if reason == "invalidPublishAt":
        return PermanentError(where, user_message=_("YouTube refused the premiere time: %(message)s")
                              % {"message": message})
    if status is None or status >= 500:
        return RetryableError(where, user_message=_("YouTube is not answering properly (HTTP %(status)s); "
                                                    "it is tried again.") % {"status": status})
    return PermanentError(where, user_message=_("YouTube refused (%(reason)s): %(message)s")
                          % {"reason": reason or status, "message": message})


def reauth_message(detail):
    return _("Google no longer accepts this channel's authorisation (%(detail)s). "
             "Use \"Kết nối YouTube\" to connect it again.") % {"detail": detail}
