"""Wagtail app: content types, taxonomy, organisation tree, locales, workflow.

Knows nothing of publishing or channels.
"""
