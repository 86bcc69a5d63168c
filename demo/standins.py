"""The channels' demo stand-ins, as their Channel declarations describe them (Channel.demo_standin).

`make run` starts one per channel that declares it, and `seed_demo` points the demo
destinations at them; neither names a channel.
"""

import os


def demo_channels(registry):
    """The installed channels whose stand-in the demo starts, in the registry's order."""
    return [channel for channel in registry if channel.demo_standin is not None]


def url_variable(channel):
    return channel.demo_standin.env or f"DEMO_{channel.kind.upper()}_URL"


def standin_url(channel, port=None):
    """Where the demo finds ``channel``'s stand-in: its variable (DEMO_<KIND>_URL) or its loopback port."""
    if port is None:
        found = os.environ.get(url_variable(channel))
        if found:
            return found.rstrip("/")
        port = channel.demo_standin.port
    return f"http://127.0.0.1:{port}"


def standin_urls(registry):
    """{kind: address} of every demo stand-in, what Channel.demo_destinations is given."""
    return {channel.kind: standin_url(channel) for channel in demo_channels(registry)}


def standin_command(channel, *, python, port, data):
    """The command line that starts ``channel``'s stand-in on ``port``, its files under ``data``."""
    args = [arg.replace("{data}", str(data)) for arg in channel.demo_standin.args]
    return [python, "-m", channel.standin, "--port", str(port), *args]
