"""Settings split as Wagtail projects do: base, dev, production, test.

Every value that differs between machines comes from the environment; base holds
the embedded defaults (SQLite and a local media folder in ./data) so a laptop needs
nothing installed but Python.
"""
