"""Shapes of the API's answers and request bodies, for the OpenAPI schema and for input checks.

Answers are built from the stored documents (cms.api.views.present) rather than
through these serializers, which would cost a field walk per item; the schema
test holds the two together.
"""

from rest_framework import serializers


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["central", "province", "commune"])
    province = serializers.CharField(allow_null=True, help_text="Code of the unit's province.")


class CampaignSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    hashtags = serializers.ListField(child=serializers.CharField())


class FormatsSerializer(serializers.Serializer):
    avif = serializers.URLField()
    webp = serializers.URLField()
    jpeg = serializers.URLField()


class RenditionsSerializer(serializers.Serializer):
    facebook = FormatsSerializer(help_text="1200x630 crop around the focal point (social posts).")
    mobile = FormatsSerializer(help_text="1080x608 crop (the VssID app's feed).")
    portal = FormatsSerializer(help_text="Whole picture within 1600x1600 (web article).")
    portal_thumb = FormatsSerializer(help_text="480x320 crop (web lists).")


class ImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    alt = serializers.CharField(allow_blank=True)
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    renditions = RenditionsSerializer(
        help_text="A ready rendition's URL, or a signed URL that makes the rendition when first fetched.")


class TranslationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    locale = serializers.CharField(help_text="BCP 47 tag, e.g. km-Khmr.")
    title = serializers.CharField()
    href = serializers.URLField(help_text="This API's address of that version.")


class ItemSerializer(serializers.Serializer):
    """One approved, live content item. With ``fields``, only the fields asked for (and id,
    type, locale, is_fallback) are present."""

    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=["news", "infographic", "clip", "leaflet", "broadcast_script"])
    title = serializers.CharField(required=False)
    slug = serializers.CharField(required=False)
    locale = serializers.CharField(help_text="BCP 47 tag of the language this version is in.")
    is_fallback = serializers.BooleanField(
        help_text="True when the item is not in the locale asked for and the default-language version is given.")
    translation_key = serializers.UUIDField(required=False)
    url = serializers.CharField(required=False, allow_blank=True)
    first_published_at = serializers.DateTimeField(required=False, allow_null=True)
    last_published_at = serializers.DateTimeField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    body_html = serializers.CharField(required=False, allow_blank=True, help_text="Sanitised HTML.")
    unit = UnitSerializer(required=False, allow_null=True)
    policy_areas = CodeNameSerializer(many=True, required=False)
    audience_groups = CodeNameSerializer(many=True, required=False)
    campaign = CampaignSerializer(required=False, allow_null=True)
    image = ImageSerializer(required=False, allow_null=True)
    details = serializers.DictField(required=False, help_text=(
        "Fields of the item's type: infographic alt_text, caption, data_source; clip video_url, "
        "duration_seconds, subtitle_languages; leaflet kind, pdf_url, print_quantity; broadcast_script "
        "target_duration_seconds, broadcast_from, broadcast_until."))
    translations = TranslationSerializer(many=True, required=False, help_text="The item's other live language versions.")


class ItemPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null at the end.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page, or null at the start.")
    results = ItemSerializer(many=True)


class PreviewTokenRequestSerializer(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=2**62, help_text="Id of the item (page) to preview.")


class PreviewTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
    url = serializers.URLField(help_text="The preview endpoint with the token, for the front end.")


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    code = serializers.CharField()
    extra = serializers.DictField()
