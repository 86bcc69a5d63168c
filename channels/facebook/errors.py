"""Facebook's answers mapped to the pipeline's kinds of error, and its usage headers read.

Graph API error codes (developers.facebook.com/docs/graph-api/guides/error-handling):
1, 2 and is_transient: temporary; 4, 17, 32, 341, 613 and 80000-80014: rate
limits, with the wait given by X-Business-Use-Case-Usage / X-App-Usage; 190: the
access token is invalid or expired (any subcode); 10, 200-299: permission,
permanent; 506: duplicate post.
"""

import json

from channels.exceptions import NeedsReauthError, PermanentError, RetryableError

RATE_LIMIT_CODES = {4, 17, 32, 341, 613, *range(80000, 80015)}
TRANSIENT_CODES = {1, 2}
DUPLICATE_POST = 506
DEFAULT_RATE_LIMIT_WAIT = 300  # seconds, when a rate-limit answer carries no usable header


class DuplicatePost(Exception):
    """Facebook says this post exists already; only a reconcile can say whether it is ours."""


def _json_header(response, name):
    if response is None:
        return None
    try:
        return json.loads(response.headers.get(name) or "null")
    except ValueError:
        return None


def usage(response):
    """(highest usage percentage, seconds until access is regained) from the usage headers."""
    highest, regain = 0.0, 0
    app = _json_header(response, "X-App-Usage") or {}
    page = _json_header(response, "X-Page-Usage") or {}
    for block in (app, page):
        if isinstance(block, dict):
            highest = max([highest, *[float(v) for k, v in block.items() if k in ("call_count", "total_time",
                                                                                  "total_cputime")]])
            regain = max(regain, int(block.get("estimated_time_to_regain_access") or 0) * 60)
    business = _json_header(response, "X-Business-Use-Case-Usage") or {}
    if isinstance(business, dict):
        for entries in business.values():
            for entry in entries if isinstance(entries, list) else []:
                highest = max([highest, *[float(entry.get(k) or 0) for k in ("call_count", "total_time",
                                                                              "total_cputime")]])
                regain = max(regain, int(entry.get("estimated_time_to_regain_access") or 0) * 60)
    return highest, regain


def slow_down_seconds(response, *, threshold=90.0):
    """How long to rest a page whose usage nears its limit, before Facebook starts refusing."""
    highest, regain = usage(response)
    if highest < threshold:
        return None
    if regain:
        return float(regain)
    # Facebook's windows roll over an hour; rest longer the closer we are to the cap.
    return 60.0 + 540.0 * min(max((highest - threshold) / max(100.0 - threshold, 1.0), 0.0), 1.0)


def map_graph_error(error, response, *, operation):
    """A ChannelError (or DuplicatePost) for facebook.GraphAPIError ``error``."""
    result = error.result if isinstance(getattr(error, "result", None), dict) else {}
    details = result.get("error") if isinstance(result.get("error"), dict) else {}
    status = response.status_code if response is not None else None
    code = details.get("code", error.code)
    try:
        code = int(code) if code is not None else None
    except (TypeError, ValueError):
        code = None
    subcode = details.get("error_subcode")
    text = details.get("message") or str(error)
    said = details.get("error_user_msg") or text
    where = f"{operation}: Facebook error {code}{f'/{subcode}' if subcode else ''} (HTTP {status}): {text}"
    if code is None:  # not a Graph error body: an HTML error page, a proxy, an empty answer
        if status is not None and status < 500 and status not in (408, 429):
            return PermanentError(f"{operation}: HTTP {status} without a Graph API error: {text}",
                                  user_message=f"Facebook answered HTTP {status}.")
        return RetryableError(f"{operation}: HTTP {status} without a Graph API answer: {text}")
    if code == 190:
        return NeedsReauthError(where, user_message=f"Facebook no longer accepts this page's access token "
                                                    f"({text}). Re-authorise the page, then resume it.")
    if code in RATE_LIMIT_CODES:
        _, regain = usage(response)
        return RetryableError(where, retry_after=regain or DEFAULT_RATE_LIMIT_WAIT,
                              user_message=f"Facebook rate limit (code {code}); posts resume by themselves.")
    if code == DUPLICATE_POST:
        return DuplicatePost(where)
    if code in TRANSIENT_CODES or details.get("is_transient") or (status or 0) >= 500:
        return RetryableError(where)
    if code == 10 or 200 <= code <= 299:
        return PermanentError(where, user_message=f"Facebook refused: {said}")
    return PermanentError(where, user_message=f"Facebook refused the post: {said}")
