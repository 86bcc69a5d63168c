"""Reading the feeds: which feeds exist, their entries, and the version their caching headers name."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from channels.vssid.models import FeedEntry


class FeedNotFound(Exception):
    """No such feed; ``message`` (English) says which part of the address is wrong."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Feed:
    unit: object  # cms.OrgUnit: a province, or the centre for the national feed
    language: object  # cms.Language

    @property
    def code(self):
        return self.language.code  # the address part: the BCP 47 tag in lower case

    @property
    def bcp47(self):
        return self.language.bcp47


def _feed_units():
    from cms.models import OrgUnit

    return OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.CENTRAL], is_active=True)


def feed_resolve(province, language):
    """The feed at /feeds/vssid/<province>/<language>/, or FeedNotFound naming what is wrong."""
    from cms.models import Language

    unit = _feed_units().filter(code=province).first()
    if unit is None:
        raise FeedNotFound(f"No province with code {province!r}: the list of feeds is at /feeds/vssid/.")
    found = Language.objects.select_related("locale").filter(code=language.lower()).first()
    if found is None:
        raise FeedNotFound(f"No language {language!r}: use a BCP 47 tag such as 'vi' or 'km-khmr' "
                           f"(the list of feeds is at /feeds/vssid/).")
    return Feed(unit=unit, language=found)


def feed_version(feed):
    """(last modified, number of entries) over live entries and tombstones: any write moves it."""
    row = FeedEntry.objects.of_feed(feed.unit, feed.bcp47).aggregate(last=Max("modified_at"), count=Count("pk"))
    return row["last"], row["count"]


def feed_items(feed, *, page=1, size=None):
    """([entry items], more pages follow): the live entries, newest first."""
    size = size or settings.VSSID_FEED_SIZE
    start = (page - 1) * size
    rows = list(FeedEntry.objects.of_feed(feed.unit, feed.bcp47).live().newest_first()
                .values_list("item", flat=True)[start:start + size + 1])
    return rows[:size], len(rows) > size


def withdrawals_since(now=None):
    """Where the list of withdrawals starts: VSSID_WITHDRAWN_DAYS before the start of today (UTC).

    Whole days, so a feed's body (and its ETag) changes at most once a day without a write.
    """
    today = (now or timezone.now()).astimezone(datetime.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - datetime.timedelta(days=settings.VSSID_WITHDRAWN_DAYS)


def feed_withdrawals(feed, *, now=None):
    """[(id, withdrawn at)] of entries withdrawn since ``withdrawals_since()``, newest first."""
    since = withdrawals_since(now)
    return list(FeedEntry.objects.of_feed(feed.unit, feed.bcp47).withdrawn().filter(withdrawn_at__gte=since)
                .order_by("-withdrawn_at", "-pk").values_list("uri", "withdrawn_at"))


def feeds_list():
    """Every feed there is: each province (and the centre) in Vietnamese, its local languages,
    and every language it has entries in."""
    from cms.models import Language

    languages = {language.bcp47: language for language in Language.objects.all()}
    default = next((language for language in languages.values() if language.code == "vi"), None)
    with_entries = {}
    for unit_id, bcp47, count in (FeedEntry.objects.live().values_list("unit_id", "language")
                                  .annotate(count=Count("pk")).order_by()):
        with_entries[(unit_id, bcp47)] = count
    result = []
    for unit in _feed_units().prefetch_related("languages").order_by("kind", "code"):
        tags = {default.bcp47} if default else set()
        tags |= {language.bcp47 for language in unit.languages.all()}
        tags |= {bcp47 for unit_id, bcp47 in with_entries if unit_id == unit.pk}
        for tag in sorted(tags, key=lambda tag: (tag != "vi", tag)):
            if tag in languages:
                result.append((Feed(unit=unit, language=languages[tag]), with_entries.get((unit.pk, tag), 0)))
    return result
