"""Moved: the webhook stand-in is channels/webhook/standin.py; this path stays importable."""

from channels.webhook.standin import *  # noqa: F401,F403
