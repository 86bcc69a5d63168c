"""One app per channel kind (channels/<kind>/), and the contract and registry they share.

Each channel is a pure formatter plus a transmitter and its declarations; channels read
cms content and media, never publishing's models (they ask channels.destinations).
See docs/channels.md.
"""
