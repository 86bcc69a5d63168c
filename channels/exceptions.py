"""What a transmitter may raise. The pipeline acts on the class, never on a channel's name.

Transmitters wrap their library's failures in one of these with ``raise ... from exc``;
they neither log nor notify: the pipeline does.
"""


class ChannelError(Exception):
    """Base class. ``message`` is English, for logs and the delivery record."""

    def __init__(self, message, *, user_message=""):
        super().__init__(message)
        self.message = message
        self.user_message = user_message or message


class RetryableError(ChannelError):
    """Try again later: network trouble, 5xx, rate limits. ``retry_after`` in seconds, if the channel said.

    ``whole_destination`` (the default) says the trouble is the destination's, not
    this payload's: every delivery to it waits as long, so a portal that is down or
    a page that is throttled is not hammered, and posts reach it in their order.

    ``counts_as_attempt=False`` is for a wait the channel knows the end of before
    trying (a daily quota spent, an upload cap): nothing failed, so the attempt is not
    counted, and however many days it waits it never runs out of attempts.
    """

    def __init__(self, message, *, retry_after=None, user_message="", whole_destination=True,
                 counts_as_attempt=True):
        super().__init__(message, user_message=user_message)
        self.retry_after = retry_after
        self.whole_destination = whole_destination
        self.counts_as_attempt = counts_as_attempt


class PermanentError(ChannelError):
    """The channel refused this payload; sending it again cannot help."""


class NeedsReauthError(ChannelError):
    """The destination's credentials no longer work: every delivery to it waits for a person."""


class UnconfirmedError(ChannelError):
    """The call may have reached the channel (a timeout after sending): reconcile before resending."""
