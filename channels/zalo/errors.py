"""Zalo's answers mapped to the pipeline's kinds of error.

Zalo answers HTTP 200 with ``{"error": <negative code>, "message": ...}`` (docs/zalo.md
lists the sources). Token codes: -216 (access token invalid) and -124 (access token
expired); -201 means "invalid parameter" in the OA API's list but "invalid access
token" in some integrators' tables, so it is a token error only when its message says
so. -32 is the per-minute rate limit; -224 and -211 the OA's quota (articles,
broadcasts). Everything else is the payload's fault and permanent.
"""

from channels.exceptions import PermanentError, RetryableError

TOKEN_CODES = {-216, -124}
RATE_LIMIT_CODES = {-32}
QUOTA_CODES = {-224, -211}
RATE_LIMIT_WAIT = 60  # seconds: Zalo counts requests per minute
QUOTA_WAIT = 6 * 3600  # an OA's quota resets daily or monthly; try again a few times a day


class TokenRejected(Exception):
    """Zalo did not take the access token: refresh it, and only then call the destination paused."""


def is_token_error(code, message) -> bool:
    return code in TOKEN_CODES or (code == -201 and "token" in (message or "").lower())


def error_for(code, message, *, operation):
    """The ChannelError (or TokenRejected) for Zalo's ``{"error": code, "message": message}``."""
    where = f"{operation}: Zalo error {code}: {message}"
    if is_token_error(code, message):
        return TokenRejected(where)
    if code in RATE_LIMIT_CODES:
        return RetryableError(where, retry_after=RATE_LIMIT_WAIT,
                              user_message="Zalo: quá giới hạn số lần gọi mỗi phút; bài sẽ tự gửi lại.")
    if code in QUOTA_CODES:
        return RetryableError(where, retry_after=QUOTA_WAIT,
                              user_message=f"Zalo: OA đã hết hạn mức ({message}); bài sẽ tự gửi lại khi có hạn mức.")
    if code in (-1, -500) or (code is not None and code <= -1000 and code > -2000):
        return RetryableError(where)  # Zalo's own trouble
    return PermanentError(where, user_message=f"Zalo từ chối bài: {message} (mã {code}).")
