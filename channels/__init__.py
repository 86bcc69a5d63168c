"""One module per channel kind (portal, facebook, vssid, loudspeaker).

Each is a pure formatter plus a transmitter; they read cms content and media,
never publishing's models. The channels arrive with the publishing pipeline.
"""
