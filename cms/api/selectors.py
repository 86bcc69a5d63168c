"""Reads of the API: the public items, their language versions and their image renditions.

A page of items costs a fixed number of queries whatever its size: the rows (one
table, cms.models.PublishedItem), then one query for the items' other language
versions and one for the renditions of their images.
"""

from functools import lru_cache
from types import SimpleNamespace
from urllib.parse import quote

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.utils import generate_signature

from cms.api.errors import BadParameter
from cms.models import AudienceGroup, Campaign, OrgUnit, PolicyArea, PublishedItem
from media.renditions import channel_sizes, channel_specs_by_size
from media.storage import absolute_url

LIST_COLUMNS = ("page_id", "locale_id", "translation_key", "image_id", "first_published_at", "last_published_at",
                "document")


def rendition_specs():
    """{filter spec: (size, format)} of the sizes the installed channels declared, asked at run time."""
    return channel_specs_by_size()


@lru_cache(maxsize=256)
def _filter(spec):
    return Filter(spec=spec)


# What a crop's cache key depends on (wagtail.images.image_operations: vary_fields).
FOCAL_FIELDS = ("focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height")


def _known(model, field, values, parameter):
    found = set(model.objects.filter(**{f"{field}__in": values}).values_list(field, flat=True))
    missing = [value for value in values if value not in found]
    if missing:
        raise BadParameter(parameter, f"Unknown {parameter} {missing[0]!r}.")


def in_locale(queryset, *, locale_id, default_id, fallback):
    """Items in ``locale_id``; with ``fallback``, the default-language version where there is none."""
    if not fallback or locale_id == default_id:
        return queryset.filter(locale_id=locale_id)
    translated = PublishedItem.objects.filter(translation_key=OuterRef("translation_key"), locale_id=locale_id)
    return queryset.filter(Q(locale_id=locale_id) | (Q(locale_id=default_id) & ~Exists(translated)))


def items_list(params, languages):
    """The public items matching ``params``, ordered; unknown taxonomy values raise BadParameter."""
    items = in_locale(PublishedItem.objects.only(*LIST_COLUMNS), locale_id=params.locale_id,
                      default_id=languages.default_id, fallback=params.fallback)
    if params.types:
        items = items.filter(content_type__in=params.types)
    if params.policy_areas:
        _known(PolicyArea, "code", params.policy_areas, "policy_area")
        through = PublishedItem.policy_areas.through
        items = items.filter(Exists(through.objects.filter(
            publisheditem_id=OuterRef("pk"), policyarea__code__in=params.policy_areas)))
    if params.audiences:
        _known(AudienceGroup, "code", params.audiences, "audience")
        through = PublishedItem.audience_groups.through
        items = items.filter(Exists(through.objects.filter(
            publisheditem_id=OuterRef("pk"), audiencegroup__code__in=params.audiences)))
    if params.campaigns:
        _known(Campaign, "slug", params.campaigns, "campaign")
        items = items.filter(campaign__slug__in=params.campaigns)
    if params.units:
        _known(OrgUnit, "code", params.units, "unit")
        # A province's code matches its own items and its communes' (their province column).
        items = items.filter(Q(org_unit__code__in=params.units) | Q(province__code__in=params.units))
    if params.updated_since:
        items = items.filter(last_published_at__gte=params.updated_since)
    for word in params.search_words:
        items = items.filter(search_text__contains=f" {word}")
    return items.order_by(*params.ordering)


def item_detail(page_id, params, languages):
    """The live item ``page_id``, or its version in the asked locale (falling back to the default)."""
    item = PublishedItem.objects.only(*LIST_COLUMNS).filter(page_id=page_id).first()
    if item is None or params.locale_id is None or item.locale_id == params.locale_id:
        return item
    wanted = [params.locale_id] + ([languages.default_id] if params.fallback else [])
    versions = {row.locale_id: row for row in PublishedItem.objects.only(*LIST_COLUMNS).filter(
        translation_key=item.translation_key, locale_id__in=wanted)}
    for locale_id in wanted:
        if locale_id in versions:
            return versions[locale_id]
    return item


def translations_of(items, languages, detail_url):
    """{translation_key: [{id, locale, title, href}]} of every live version of ``items``, one query."""
    keys = {item.translation_key for item in items}
    found = {}
    rows = (PublishedItem.objects.filter(translation_key__in=keys)
            .order_by("locale_id").values_list("page_id", "translation_key", "locale_id", "title"))
    for page_id, key, locale_id, title in rows:
        found.setdefault(key, []).append(
            {"id": page_id, "locale": languages.tags.get(locale_id), "title": title, "href": detail_url(page_id)})
    return found


def renditions_of(image_ids):
    """{image id: {size: {format: url}}} for the channel renditions that exist, one query.

    Renditions are made when an item is approved (media.tasks.make_renditions); a list
    never makes one. A crop depends on the image's focal point, so a rendition counts
    only if it was cut for the focal point the image has now, as Wagtail checks. Plain
    values, not model objects: a page of 20 items can have a few hundred renditions.
    """
    if not image_ids:
        return {}
    Rendition = get_image_model().get_rendition_model()
    columns = ("image_id", "filter_spec", "focal_point_key", "file", *(f"image__{name}" for name in FOCAL_FIELDS))
    found = {}
    specs = rendition_specs()
    rows = (Rendition.objects.filter(image_id__in=image_ids, filter_spec__in=list(specs))
            .order_by("id").values_list(*columns))
    for image_id, spec, key, name, *focal in rows:
        if key != _crop_key(spec, tuple(focal)):
            continue
        size, fmt = specs[spec]
        found.setdefault(image_id, {}).setdefault(size, {})[fmt] = _rendition_url(name)
    return found


@lru_cache(maxsize=4096)
def _crop_key(spec, focal):
    return _filter(spec).get_cache_key(SimpleNamespace(**dict(zip(FOCAL_FIELDS, focal))))


@lru_cache(maxsize=100_000)
def _rendition_url(name):
    """A stored file's public URL never changes (rendition storage is never signed)."""
    Rendition = get_image_model().get_rendition_model()
    return absolute_url(Rendition._meta.get_field("file").storage.url(name))


def _serve_url_template():
    return reverse("wagtailimages_serve", args=("SIGNATURE", 0, "SPEC"))


def on_demand_url(image_id, spec):
    """Wagtail's signed image-serving URL: the rendition is made when that URL is first fetched,
    by whoever wants the picture, never while answering a list."""
    path = (_serve_url_template().replace("SIGNATURE", generate_signature(image_id, spec))
            .replace("/0/", f"/{image_id}/", 1).replace("SPEC", quote(spec, safe="")))
    return absolute_url(path)


def image_renditions(image_id, ready):
    """Every channel size in every format: the ready rendition, else the on-demand URL."""
    have = ready.get(image_id, {})
    specs = rendition_specs()
    return {
        size: {fmt: have.get(size, {}).get(fmt) or on_demand_url(image_id, spec)
               for spec, (spec_size, fmt) in specs.items() if spec_size == size}
        for size in channel_sizes()
    }
