"""Language variants: a copy of a Vietnamese original in another locale.

Built on Wagtail's own translation (copy_for_translation): the variant shares the
original's translation_key, lives in its locale's copy of the section, and goes
through that section's workflow like any other item. What Wagtail does not do,
and this module adds, is remember which revision of the original the variant was
made from, so an edit of the original flags the variant as outdated.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.log_actions import log
from wagtail.models import Locale

from cms.exceptions import VariantError
from cms.models import ContentPage, HomePage, SectionPage
from cms.services.languages import language_for_code

logger = logging.getLogger(__name__)


def variant_create(*, source, locale_code, user=None):
    """Copy ``source`` into the locale named by ``locale_code`` as a draft variant."""
    language = language_for_code(locale_code)
    source = source.specific
    if not isinstance(source, ContentPage):
        raise VariantError(f"Only content items have language variants, not {type(source).__name__}")
    if source.locale_id != Locale.get_default().id:
        raise VariantError("Variants are made from the original in the default language")
    if source.get_translations().filter(locale=language.locale).exists():
        raise VariantError(f"This item already has a {language.name_en} variant", extra={"code": language.code})
    if user is not None and not source.permissions_for_user(user).can_edit():
        raise PermissionDenied("You cannot edit this item, so you cannot make a variant of it")
    with transaction.atomic():
        action = CopyPageForTranslationAction(
            page=source, locale=language.locale, copy_parents=True, user=user,
        )
        variant = action.execute(skip_permission_checks=True)
    if user is not None:
        # Wagtail caches a user's page permissions on the user object; the copy may
        # have just created this locale's section, with new permissions on it.
        for cache in ("_page_permission_cache", "_explorable_root_page_cache"):
            user.__dict__.pop(cache, None)
    logger.info("variant created page=%s source=%s locale=%s", variant.pk, source.pk, language.code)
    return variant.specific


def variant_copied(*, source, target):
    """Receiver of Wagtail's copy_for_translation_done, for every page it copies.

    Section and home pages copied into a new locale get their unit's permissions
    and workflow, so a Khmer variant of a Lào Cai item is still Lào Cai's.
    """
    from cms.services.org_units import home_grant, section_grant

    target = target.specific
    if isinstance(target, SectionPage):
        section_grant(target)
    elif isinstance(target, HomePage):
        home_grant(target)
    elif isinstance(target, ContentPage):
        source = source.specific
        revision_id = source.live_revision_id if source.live else source.latest_revision_id
        type(target).objects.filter(pk=target.pk).update(translated_from_revision_id=revision_id)
        target.translated_from_revision_id = revision_id


def variant_mark_in_sync(*, variant, user=None):
    """The variant's translator has brought it up to date with the original."""
    variant = variant.specific
    source = variant.variant_source
    if source is None:
        raise VariantError("This item is an original, not a variant")
    if user is not None and not variant.permissions_for_user(user).can_edit():
        raise PermissionDenied("You cannot edit this variant")
    type(variant).objects.filter(pk=variant.pk).update(translated_from_revision_id=source.latest_revision_id)
    variant.translated_from_revision_id = source.latest_revision_id
    log(instance=variant, action="cms.variant_synced", user=user)
    return variant


def outdated_variants(queryset_by_model):
    """Variants whose source changed since they were made, across content types."""
    result = []
    for model in queryset_by_model:
        for page in model.objects.exclude(locale=Locale.get_default()).select_related("locale"):
            if page.is_outdated:
                result.append(page)
    return result
