"""The page tree: one home per locale, one section per organisation unit, content below.

    Root
     └─ HomePage (vi)                  central staff hold permissions here
         ├─ SectionPage "Trung ương"   central workflow (two steps)
         ├─ SectionPage "Lào Cai"      Lào Cai's groups and workflow
         │    └─ NewsPage, InfographicPage, ClipPage, LeafletPage, BroadcastScriptPage
         └─ ...
     └─ HomePage (km-khmr, alias)      created with the first Khmer variant
         └─ SectionPage "Lào Cai" (alias, same groups and workflow) └─ variants
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from rest_framework.fields import CharField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.api import APIField
from wagtail.models import Locale, Page
from wagtail.search import index

from cms.api.fields import SanitisedHtmlField, UnitField, codes
from cms.channel_boxes import get_channel_box_defaults
from cms.text import grapheme_len


class PreviewTemplateMixin:
    """Headless: channels and the API carry the content; these templates only give
    editors a readable preview, in the right fonts for every script."""

    preview_template = "cms/preview/content_page.html"

    def get_template(self, request, *args, **kwargs):
        return self.preview_template


class HomePage(PreviewTemplateMixin, Page):
    """The top of one locale's content tree. Headless: it renders nothing public."""

    preview_template = "cms/preview/listing.html"

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.SectionPage"]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("content home")


class SectionPage(PreviewTemplateMixin, Page):
    """The part of the tree that belongs to one organisation unit.

    Permissions and the approval workflow are attached here, so they cover every
    item of that unit. Created by ``load_org_units``, never by hand.
    """

    org_unit = models.ForeignKey(
        "cms.OrgUnit", verbose_name=_("organisation unit"), on_delete=models.PROTECT,
        related_name="sections", null=True,
    )

    parent_page_types = ["cms.HomePage"]
    subpage_types = [
        "cms.NewsPage", "cms.InfographicPage", "cms.ClipPage", "cms.LeafletPage",
        "cms.BroadcastScriptPage",
    ]
    content_panels = Page.content_panels + [FieldPanel("org_unit", read_only=True)]
    preview_template = "cms/preview/listing.html"

    class Meta:
        verbose_name = _("unit section")
        verbose_name_plural = _("unit sections")

    @classmethod
    def can_create_at(cls, parent):
        # Sections follow the organisation tree; load_org_units creates them.
        return False


class MaxGraphemesValidator:
    """Limit a text by what a reader counts as letters (grapheme clusters)."""

    def __init__(self, limit):
        self.limit = limit

    def __call__(self, value):
        length = grapheme_len(value)
        if length > self.limit:
            raise ValidationError(
                _("At most %(limit)d characters (this text has %(length)d)."),
                code="max_graphemes", params={"limit": self.limit, "length": length},
            )

    def __eq__(self, other):
        return isinstance(other, MaxGraphemesValidator) and other.limit == self.limit

    def deconstruct(self):
        return ("cms.models.pages.MaxGraphemesValidator", (self.limit,), {})


def vietnamese_slug_input(locale=None):
    """Wagtail's slug box, taught Vietnamese: the editor's JS folds every tone mark and writes "đ" as "d".

    With WAGTAIL_ALLOW_UNICODE_SLUGS off, Wagtail's JS transliterates with maps that drop
    most Vietnamese letters or write "đ" as "dj"; these formatters run first.
    """
    from wagtail.admin.widgets.slug import SlugInput

    from cms.text import LATIN_VARIANTS

    return SlugInput(locale=locale, formatters=[(f"[{chars}]", base) for base, chars in LATIN_VARIANTS.items()])


class ContentPageForm(WagtailAdminPageForm):
    """Checks that need the parent section, which a page being created cannot ask for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].widget = vietnamese_slug_input(getattr(self.instance, "locale", None))

    def clean(self):
        cleaned = super().clean()
        parent = self.parent_page.specific if self.parent_page else None
        section_unit = getattr(parent, "org_unit", None)
        unit = cleaned.get("org_unit")
        if unit and section_unit and not section_unit.contains(unit):
            self.add_error(
                "org_unit",
                _("%(unit)s does not belong to %(section)s.") % {"unit": unit, "section": section_unit},
            )
        if cleaned.get("for_all_provinces") and section_unit and section_unit.kind != "central":
            self.add_error("for_all_provinces", _("Only central content can go to every province."))
        return cleaned


class VariantStatusPanel(Panel):
    """Shows, on a language variant, its source and whether the source changed since."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/variant_status.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context.update(
                page=page,
                source=page.variant_source,
                is_variant=page.is_variant,
                outdated=page.is_outdated,
                translations=page.get_translations().select_related("locale") if page.pk else [],
            )
            return context


class ItemExtensionsPanel(Panel):
    """A slot in the item editor that other apps fill through the ``cms_item_edit_panels`` hook.

    The CMS knows nothing of publishing; publishing registers a hook that renders
    the item's deliveries here.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/extensions.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from django.utils.safestring import mark_safe
            from wagtail import hooks

            context = super().get_context_data(parent_context)
            fragments = [fn(self.instance, self.request) for fn in hooks.get_hooks("cms_item_edit_panels")]
            context["fragments"] = [mark_safe(fragment) for fragment in fragments if fragment]
            return context


class ContentPage(PreviewTemplateMixin, Page):
    """Fields and rules shared by every content type."""

    summary_limit = 400

    org_unit = models.ForeignKey(
        "cms.OrgUnit", verbose_name=_("owning unit"), on_delete=models.PROTECT,
        null=True, blank=False, related_name="+",
        help_text=_("The province or commune this item belongs to."),
    )
    policy_areas = ParentalManyToManyField("cms.PolicyArea", verbose_name=_("policy areas"), blank=True)
    audience_groups = ParentalManyToManyField(
        "cms.AudienceGroup", verbose_name=_("audience groups"), blank=True
    )
    campaign = models.ForeignKey(
        "cms.Campaign", verbose_name=_("campaign"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    channel_kinds = ParentalManyToManyField(
        "cms.ChannelKind", verbose_name=_("channels"), blank=True,
        help_text=_("Where this item should go once approved."),
    )
    for_all_provinces = models.BooleanField(
        _("for all provinces"), default=False,
        help_text=_("Central content only: also publish to every province's channels."),
    )
    translated_from_revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("translated from revision"), null=True,
        blank=True, editable=False, on_delete=models.SET_NULL, related_name="+",
    )

    parent_page_types = ["cms.SectionPage"]
    subpage_types = []
    base_form_class = ContentPageForm

    @property
    def default_channel_kinds(self):
        """ChannelKind codes a new item of this type starts with: what the installed channels declared for it."""
        return get_channel_box_defaults().for_model(type(self))
    def _set_core_field_defaults(self):
        """A slug made from the title folds Vietnamese letters ("đ" -> "d") instead of dropping them.

        Wagtail fills an empty slug here (from full_clean and clean) with Django's slugify.
        """
        if not self.slug and self.title and (self.path or getattr(self, "_cached_parent_obj", None)):
            from cms.text import vi_slugify

            base = vi_slugify(self.title, max_length=200)
            if base:
                self.slug = self._get_autogenerated_slug(base)
        return super()._set_core_field_defaults()

    @property
    def status_string(self):
        """Wagtail calls an item sent back 'in moderation'; the editor must read that it needs changes."""
        state = self.current_workflow_state
        if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
            return _("live + needs changes") if self.live else _("needs changes")
        return super().status_string

    classification_panels = [
        ItemExtensionsPanel(heading=_("Channels")),
        VariantStatusPanel(heading=_("Language variants")),
        MultiFieldPanel(
            [
                FieldPanel("org_unit"),
                FieldPanel("policy_areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audience_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("campaign"),
                FieldPanel("channel_kinds", widget=forms.CheckboxSelectMultiple),
                FieldPanel("for_all_provinces"),
            ],
            heading=_("Classification and channels"),
        ),
    ]
    search_fields = Page.search_fields + [index.FilterField("org_unit"), index.FilterField("locale")]
    # Wagtail's API v2 (/api/v2/pages/?type=...&fields=...); rich text only sanitised.
    api_fields = [
        APIField("org_unit", serializer=UnitField()),
        APIField("policy_areas", serializer=codes()),
        APIField("audience_groups", serializer=codes()),
        APIField("campaign", serializer=CharField(source="campaign.slug", read_only=True, default=None)),
        APIField("body_html", serializer=SanitisedHtmlField()),
    ]

    class Meta:
        abstract = True

    # --- language variants -------------------------------------------------
    @cached_property
    def variant_source(self):
        """The original in the default language, or None for an original."""
        default = Locale.get_default()
        if self.locale_id == default.id:
            return None
        return Page.objects.filter(translation_key=self.translation_key, locale=default).first()

    @property
    def is_variant(self):
        return self.variant_source is not None

    @property
    def is_outdated(self):
        """True when the source has been edited since this variant was made from it."""
        source = self.variant_source
        if source is None or source.latest_revision_id is None:
            return False
        return source.latest_revision_id != self.translated_from_revision_id

    # --- validation ----------------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.pk and self.org_unit_id:
            section = self.get_parent().specific
            section_unit = getattr(section, "org_unit", None)
            if section_unit and not section_unit.contains(self.org_unit):
                errors["org_unit"] = _("%(unit)s does not belong to %(section)s.") % {
                    "unit": self.org_unit, "section": section_unit,
                }
        errors.update(self.clean_content())
        if errors:
            raise ValidationError(errors)

    def clean_content(self):
        """Type-specific checks; returns a dict of field -> message."""
        return {}

    def get_channel_kind_codes(self):
        return sorted(kind.code for kind in self.channel_kinds.all())

    @staticmethod
    def file_limits():
        return settings.VSS_MAX_VIDEO_BYTES, settings.VSS_MAX_PDF_BYTES
