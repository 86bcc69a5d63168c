"""Serializer fields the content models declare for Wagtail's API v2 (``api_fields``).

No import of cms.models here: the models import this module.
"""

from rest_framework import serializers


class SanitisedHtmlField(serializers.Field):
    """The item's text as sanitised HTML (cms.items.body_html), never the stored rich text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        from cms.items import body_html

        return body_html(page)


class UnitField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, unit):
        return {"code": unit.code, "name": unit.full_name} if unit else None


def codes(field="code"):
    return serializers.SlugRelatedField(slug_field=field, many=True, read_only=True)
