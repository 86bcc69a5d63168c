"""Stored rich text on output: the same nh3 allow-list as the API and every channel (cms.items)."""

from django import template
from django.utils.safestring import mark_safe

from cms.items import sanitise_html

register = template.Library()


@register.filter
def clean_richtext(value):
    """Like Wagtail's ``richtext`` (internal links expanded), but what the database holds is not trusted."""
    return mark_safe(sanitise_html(getattr(value, "source", value) or ""))  # noqa: S308 (nh3 cleaned it)
