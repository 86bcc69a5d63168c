import json
import logging

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale

from cms.exceptions import FixtureError, UnknownLocale
from cms.models import Language
from cms.text import nfc

logger = logging.getLogger(__name__)

FIELDS = ("bcp47", "name_vi", "name_en", "script", "is_ethnic", "national_radio", "font")


def languages_read(path=None):
    with open(path or settings.LANGUAGES_FIXTURE, encoding="utf-8") as fh:
        return json.load(fh)["languages"]


def languages_load(*, records=None):
    """Create or update a Locale and a Language row for every language of the fixture.

    A language must also be a Wagtail content language; settings read the same
    fixture, so this only fails when the file changed since the server started.
    """
    records = languages_read() if records is None else records
    supported = get_content_languages()
    errors = []
    for position, record in enumerate(records, start=1):
        code = record.get("code", "")
        if code not in supported:
            errors.append(f"language #{position} {code!r}: not in WAGTAIL_CONTENT_LANGUAGES; restart after editing the fixture")
        if code != record.get("bcp47", "").lower():
            errors.append(f"language #{position} {code!r}: code must be the BCP 47 tag {record.get('bcp47')!r} in lower case")
    if errors:
        raise FixtureError(errors)
    created = 0
    with transaction.atomic():
        for record in records:
            locale, _ = Locale.objects.get_or_create(language_code=record["code"])
            values = {field: nfc(record[field]) for field in FIELDS if field in record}
            _, was_created = Language.objects.update_or_create(
                code=record["code"], defaults={"locale": locale, **values}
            )
            created += was_created
    logger.info("languages loaded: %s (%s new)", len(records), created)
    return len(records), created


def language_for_code(code):
    """The Language for a locale code or BCP 47 tag; UnknownLocale if there is none."""
    if not code:
        raise UnknownLocale("No locale code given")
    language = Language.objects.select_related("locale").filter(code=code.strip().lower()).first()
    if language is None:
        known = ", ".join(Language.objects.values_list("code", flat=True))
        raise UnknownLocale(f"Unknown locale {code!r}; known locales: {known}", extra={"code": code})
    return language
