"""The VssID channel's loopback stand-in for the optional ingest push: a signed-webhook receiver.

The feed itself is served by this app (/feeds/vssid/); only the push goes out, and it
speaks the webhook protocol, so the webhook channel's receiver stands in for it.
"""

from channels.webhook.standin import Receiver  # noqa: F401
