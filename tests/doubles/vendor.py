"""Moved: the loudspeaker vendor stand-in is channels/loudspeaker/standin.py; this path stays importable."""

from channels.loudspeaker.standin import *  # noqa: F401,F403
