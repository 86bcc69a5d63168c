"""A channel's error, said so the people who can act understand it.

Transmitters write technical English (logs, API, the delivery's last_error); the
admin and the mails show a Vietnamese sentence first and the technical text after
it, so a support call can still quote it.
"""

import re

from django.utils.translation import gettext as _

# (pattern in the technical text, what it means for a person); first match wins.
_RULES = [
    (re.compile(r"credential|access token|shared secret|HTTP 40[13]\b|re-?auth", re.I),
     lambda: _("The channel refused our credentials (the access token expired or was revoked): "
               "an approver must enter a new one.")),
    (re.compile(r"HTTP 429|rate.?limit|too many|usage", re.I),
     lambda: _("The channel is limiting how much we send; sending resumes by itself later.")),
    (re.compile(r"timeout|timed out", re.I), lambda: _("The channel did not answer in time.")),
    (re.compile(r"HTTP 5\d\d|ConnectionError|connect", re.I), lambda: _("The channel's server is down or unreachable.")),
    (re.compile(r"Cancelled by a person", re.I), lambda: _("Cancelled by a person.")),
    (re.compile(r"deleted after the item was approved", re.I),
     lambda: _("A picture of the item was deleted after it was approved.")),
    (re.compile(r"HTTP 4\d\d|refused", re.I), lambda: _("The channel refused the item.")),
]
_ATTEMPTS = re.compile(r"\(after (\d+) attempts\)")


def reason_vi(text):
    """Vietnamese reason for a technical error text; empty in, empty out."""
    text = (text or "").strip()
    if not text:
        return ""
    meaning = next((say() for pattern, say in _RULES if pattern.search(text)), _("Technical error."))
    attempts = _ATTEMPTS.search(text)
    if attempts:
        meaning = f"{meaning} " + _("Tried %(count)s times.") % {"count": attempts.group(1)}
    return _("%(meaning)s (technical detail: %(detail)s)") % {"meaning": meaning, "detail": text}
