"""Query parameters of the item endpoints: each one checked, anything unknown refused.

Every problem is a 400 naming the parameter (cms.api.errors.BadParameter), so a
client's typo ("polcy_area") never silently returns everything.
"""

import datetime
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.models import Locale

from cms.api.documents import TYPE_MODELS, words
from cms.api.errors import BadParameter

FIELDS = (
    "id", "type", "title", "slug", "locale", "is_fallback", "translation_key", "url",
    "first_published_at", "last_published_at", "summary", "body_html", "unit", "policy_areas",
    "audience_groups", "campaign", "image", "details", "translations",
)
ALWAYS = ("id", "type", "locale", "is_fallback")
ORDERINGS = {
    "-first_published_at": ("-first_published_at", "-page_id"),
    "first_published_at": ("first_published_at", "page_id"),
    "-last_published_at": ("-last_published_at", "-page_id"),
    "last_published_at": ("last_published_at", "page_id"),
}
LIST_PARAMS = {"type", "policy_area", "audience", "campaign", "unit", "locale", "fallback", "updated_since",
               "q", "ordering", "fields", "page_size", "cursor"}
DETAIL_PARAMS = {"locale", "fallback", "fields"}
MAX_QUERY_LENGTH = 200
LANGUAGES_SECONDS = 60
_CACHE = {}
MAX_VALUES = 50


@dataclass
class Languages:
    """Locale ids and BCP 47 tags, read once per request (the table has a few dozen rows)."""

    by_tag: dict  # lower-case tag or locale code -> locale id
    tags: dict  # locale id -> BCP 47 tag
    default_id: int

    @classmethod
    def load(cls):
        """Read per process and kept for LANGUAGES_SECONDS: locales follow a setting
        (WAGTAIL_CONTENT_LANGUAGES), so a new one comes with a restart anyway."""
        now = time.monotonic()
        cached = _CACHE.get("languages")
        if cached is not None and now - cached[0] < LANGUAGES_SECONDS:
            return cached[1]
        languages = cls.read()
        _CACHE["languages"] = (now, languages)
        return languages

    @classmethod
    def read(cls):
        rows = list(Locale.objects.values_list("id", "language_code", "language__bcp47"))
        by_tag, tags = {}, {}
        for locale_id, code, bcp47 in rows:
            tags[locale_id] = bcp47 or code
            by_tag[code.lower()] = locale_id
            if bcp47:
                by_tag[bcp47.lower()] = locale_id
        from django.utils.translation import get_supported_language_variant

        default_code = get_supported_language_variant(settings.LANGUAGE_CODE).lower()
        return cls(by_tag=by_tag, tags=tags, default_id=by_tag.get(default_code))

    def resolve(self, tag):
        locale_id = self.by_tag.get(tag.strip().lower())
        if locale_id is None:
            raise BadParameter("locale", f"Unknown locale {tag!r}.", allowed=sorted(set(self.tags.values())))
        return locale_id


@dataclass
class ItemParams:
    locale_id: int = None
    fallback: bool = True
    types: list = field(default_factory=list)
    policy_areas: list = field(default_factory=list)
    audiences: list = field(default_factory=list)
    campaigns: list = field(default_factory=list)
    units: list = field(default_factory=list)
    updated_since: datetime.datetime = None
    search_words: list = field(default_factory=list)
    ordering: tuple = ORDERINGS["-first_published_at"]
    fields: tuple = FIELDS


def _check_known(query, allowed):
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise BadParameter(unknown[0], f"Unknown query parameter {unknown[0]!r}.", allowed=sorted(allowed))
    for name in query:
        if len(query.getlist(name)) > 1:
            raise BadParameter(name, f"Give {name!r} once (use commas for several values).")


def _values(query, name):
    raw = query.get(name)
    if raw is None:
        return []
    values = [value.strip() for value in raw.split(",") if value.strip()]
    if not values:
        raise BadParameter(name, f"{name!r} is empty.")
    if len(values) > MAX_VALUES:
        raise BadParameter(name, f"At most {MAX_VALUES} values for {name!r}.")
    return values


def _boolean(query, name, default):
    raw = query.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"true", "1", "yes"}:
        return True
    if value in {"false", "0", "no"}:
        return False
    raise BadParameter(name, f"{name!r} must be true or false.")


def _fields(query):
    names = _values(query, "fields")
    if not names:
        return FIELDS
    unknown = [name for name in names if name not in FIELDS]
    if unknown:
        raise BadParameter("fields", f"Unknown field {unknown[0]!r}.", allowed=list(FIELDS))
    return tuple(name for name in FIELDS if name in names or name in ALWAYS)


def _datetime(query, name):
    raw = (query.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))  # a "+" in a query string arrives as a space
        if value is None:
            day = parse_date(raw)
            value = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        value = None
    if value is None:
        raise BadParameter(name, f"{name!r} must be an ISO 8601 date or date-time, e.g. 2026-07-01T00:00:00+07:00.")
    if not 1900 <= value.year <= 9000:  # beyond, converting to UTC overflows on some databases
        raise BadParameter(name, f"{name!r} must be a date between the years 1900 and 9000.")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _locale(query, languages):
    raw = query.get("locale")
    if raw is None:
        return languages.default_id
    return languages.resolve(raw)


def detail_params(query, languages):
    _check_known(query, DETAIL_PARAMS)
    return ItemParams(
        locale_id=_locale(query, languages) if "locale" in query else None,
        fallback=_boolean(query, "fallback", True),
        fields=_fields(query),
    )


def list_params(query, languages):
    _check_known(query, LIST_PARAMS)
    types = _values(query, "type")
    unknown = [name for name in types if name not in TYPE_MODELS]
    if unknown:
        raise BadParameter("type", f"Unknown content type {unknown[0]!r}.", allowed=sorted(TYPE_MODELS))
    ordering = (query.get("ordering") or "-first_published_at").strip()
    if ordering not in ORDERINGS:
        raise BadParameter("ordering", f"Unknown ordering {ordering!r}.", allowed=list(ORDERINGS))
    text = query.get("q") or ""
    if len(text) > MAX_QUERY_LENGTH:
        raise BadParameter("q", f"The search text is longer than {MAX_QUERY_LENGTH} characters.")
    search_words = words(text)
    if text.strip() and not search_words:
        raise BadParameter("q", "The search text has no letters or digits.")
    return ItemParams(
        locale_id=_locale(query, languages),
        fallback=_boolean(query, "fallback", True),
        types=types,
        policy_areas=_values(query, "policy_area"),
        audiences=_values(query, "audience"),
        campaigns=_values(query, "campaign"),
        units=_values(query, "unit"),
        updated_since=_datetime(query, "updated_since"),
        search_words=search_words[:20],
        ordering=ORDERINGS[ordering],
        fields=_fields(query),
    )
