"""Counting the report's figures from deliveries, operators' broadcast confirmations and content metadata.

Every figure is aggregated in the database, for any number of units at once, in a handful
of queries (one per source), never item by item in Python.

Rules (also in the README, "Reports"):
- An item counts on a channel when a *publish* delivery of it to a destination of that
  channel kind, owned by the unit (or one of its communes), was *sent* in the period
  (``finished_at``). Items, not posts: updates and withdrawals do not count, and an item
  sent twice to the same unit's channel in one period counts once. Each language variant
  is its own item.
- Broadcasts (loudspeakers) are the confirmations in the period of each channel box that
  counts broadcasts (its ``report_rows``), summed over ``times``, by the province of the commune.
- Health-insurance-only: the item has at least one policy area and every one of its policy
  areas is a health-insurance one (``PolicyArea.is_health_insurance``: codes ``bhyt``,
  ``bhyt-ho-gia-dinh`` and ``bhyt-hoc-sinh-sinh-vien`` in cms/fixtures/taxonomy.json).
  An item tagged BHYT and BHXH is not "only" about health insurance.
- Leaflets: leaflet items of the unit first published (``first_published_at``) in the
  period, by kind; the figure is their print quantity (the template counts sheets).
"""

import collections

from django.db.models import Case, Count, F, Min, Q, Sum, When
from django.db.models.functions import Coalesce, TruncMonth
from wagtail import hooks
from wagtail.models import Page

from cms.models import CONTENT_TYPES, LeafletPage, OrgUnit
from publishing.models import Delivery
from reports.periods import REPORT_TZ
from reports.series import broadcast_sources, chart_boxes, item_boxes



def unit_of(path):
    """SQL expression: the reporting unit of the OrgUnit at ``path`` (a commune reports with its province)."""
    return Case(When(**{f"{path}__kind": OrgUnit.Kind.COMMUNE}, then=F(f"{path}__parent_id")),
                default=F(f"{path}__id"))


def _tagged(page_ref, *, health_insurance):
    """Condition: the page at ``page_ref`` has a policy area with this health-insurance flag.

    Non-correlated ``IN (SELECT …)`` subqueries, one per content type (each type has its own
    policy-area table): the database evaluates each once, not once per delivery row.
    """
    condition = Q()
    for model in CONTENT_TYPES:
        tagged = model.policy_areas.through.objects.filter(policyarea__is_health_insurance=health_insurance)
        condition |= Q(**{f"{page_ref}__in": tagged.values(f"{model._meta.model_name}_id")})
    return condition


def health_insurance_only(page_ref="page_id"):
    """Condition on a page id column: some policy area, and all of them health insurance."""
    return _tagged(page_ref, health_insurance=True) & ~_tagged(page_ref, health_insurance=False)


def sent_publications(period):
    """Publish deliveries sent in the period: one row per (item, destination) that went out."""
    return Delivery.objects.filter(action=Delivery.Action.PUBLISH, status=Delivery.Status.SENT,
                                   finished_at__gte=period.start, finished_at__lt=period.end,
                                   page__isnull=False).order_by()


def broadcasts_by_box(period):
    """[(box code, confirmations in the period)] for each box that counts broadcasts."""
    return [(box, rows(period.start, period.end)) for box, rows in broadcast_sources()]


def broadcasts_in(period, box=None):
    """The confirmations of ``box`` (by default the first box that counts broadcasts) in the period;
    None when no installed channel counts broadcasts."""
    for code, rows in broadcasts_by_box(period):
        if box is None or code == box:
            return rows
    return None


def leaflets_in(period):
    # Without ordering: treebeard orders pages by path, which would join the GROUP BY of every count.
    return LeafletPage.objects.filter(first_published_at__gte=period.start,
                                      first_published_at__lt=period.end).order_by()


def counted_figures(units, period):
    """``{unit_id: {metric: number}}`` for the counted lines of the table, for every unit given."""
    ids = [unit.pk for unit in units]
    figures = {pk: collections.defaultdict(int) for pk in ids}

    channel_rows = (sent_publications(period)
                    .filter(destination__channel_kind__code__in=item_boxes())
                    .annotate(unit_id=unit_of("destination__org_unit"))
                    .filter(unit_id__in=ids)
                    .values("unit_id", "destination__channel_kind__code")
                    .annotate(total=Count("page", distinct=True),
                              hi=Count("page", distinct=True, filter=health_insurance_only())))
    for row in channel_rows:
        kind = row["destination__channel_kind__code"]
        figures[row["unit_id"]][f"{kind}_total"] += row["total"]
        figures[row["unit_id"]][f"{kind}_hi"] += row["hi"]

    for box, broadcasts in broadcasts_by_box(period):
        for row in (broadcasts.annotate(unit_id=unit_of("commune")).filter(unit_id__in=ids).values("unit_id")
                    .annotate(total=Sum("times"), hi=Sum("times", filter=health_insurance_only()))):
            figures[row["unit_id"]][f"{box}_total"] += row["total"] or 0
            figures[row["unit_id"]][f"{box}_hi"] += row["hi"] or 0

    leaflet_rows = (leaflets_in(period).annotate(unit_id=unit_of("org_unit")).filter(unit_id__in=ids)
                    .values("unit_id", "kind").annotate(items=Count("pk"), sheets=Sum("print_quantity")))
    for row in leaflet_rows:
        figures[row["unit_id"]][f"leaflets_{row['kind']}"] += row["sheets"] or 0
        figures[row["unit_id"]][f"leaflet_items_{row['kind']}"] += row["items"]
    # Figures other apps record (the plans app's activity register), added through a hook so the
    # reports import none of them: each hook returns {unit_id: {metric: number}}.
    for hook in hooks.get_hooks("report_counted_figures"):
        for unit_id, values in hook(ids, period).items():
            for key, value in values.items():
                figures[unit_id][key] += value
    return {pk: dict(values) for pk, values in figures.items()}


def _campaign_of_page():
    return Coalesce(*(f"page__{model._meta.model_name}__campaign" for model in CONTENT_TYPES))


def _policy_area_of_page():
    # A page is of exactly one type, so the other types' joins are empty and add no rows.
    return Coalesce(*(f"page__{model._meta.model_name}__policy_areas" for model in CONTENT_TYPES))


def detail_figures(unit, period):
    """The breakdowns behind the table: ethnic languages, campaigns, policy areas, leaflets, months."""
    from cms.models import Campaign, Language, PolicyArea

    published = (sent_publications(period).annotate(unit_id=unit_of("destination__org_unit"))
                 .filter(unit_id=unit.pk))

    languages = {language.locale_id: language for language in Language.objects.ethnic()}
    by_language = collections.defaultdict(lambda: {"items": 0, "broadcasts": 0})
    for row in (published.filter(page__locale__language__is_ethnic=True).values("page__locale")
                .annotate(n=Count("page", distinct=True))):
        by_language[row["page__locale"]]["items"] = row["n"]
    for _box, broadcasts in broadcasts_by_box(period):
        for row in (broadcasts.annotate(unit_id=unit_of("commune")).filter(unit_id=unit.pk)
                    .filter(locale__language__is_ethnic=True).values("locale").annotate(n=Sum("times"))):
            by_language[row["locale"]]["broadcasts"] += row["n"] or 0
    language_rows = sorted(
        ({"language": languages[locale_id], "code": languages[locale_id].code, **counts}
         for locale_id, counts in by_language.items() if locale_id in languages),
        key=lambda row: row["language"].name_vi)

    campaigns = {campaign.pk: campaign for campaign in Campaign.objects.all()}
    campaign_rows = []
    for row in (published.annotate(campaign_id=_campaign_of_page()).filter(campaign_id__isnull=False)
                .values("campaign_id").annotate(n=Count("page", distinct=True)).order_by("-n")):
        campaign_rows.append({"campaign": campaigns[row["campaign_id"]], "items": row["n"]})

    areas = {area.pk: area for area in PolicyArea.objects.all()}
    policy_rows = []
    for row in (published.annotate(area_id=_policy_area_of_page()).filter(area_id__isnull=False)
                .values("area_id").annotate(n=Count("page", distinct=True)).order_by("-n")):
        policy_rows.append({"area": areas[row["area_id"]], "items": row["n"]})

    leaflet_rows = {row["kind"]: row for row in (
        leaflets_in(period).annotate(unit_id=unit_of("org_unit")).filter(unit_id=unit.pk)
        .values("kind").annotate(items=Count("pk"), sheets=Sum("print_quantity")))}
    leaflets = [{"kind": kind, "label": label, "items": leaflet_rows.get(kind, {}).get("items", 0),
                 "sheets": leaflet_rows.get(kind, {}).get("sheets") or 0}
                for kind, label in LeafletPage.Kind.choices]

    return {"languages": language_rows, "campaigns": campaign_rows, "policy_areas": policy_rows,
            "leaflets": leaflets, "months": monthly_figures([unit], period)}


def monthly_figures(units, period):
    """``[(first day of month, {channel: number})]``: items per channel and broadcasts, month by month (Vietnam time),
    summed over ``units`` (one unit, or every province for the centre).

    An item counts in the month of its first sent publication to that channel of the unit.
    """
    ids = [unit.pk for unit in units]
    months = {month: dict.fromkeys(chart_boxes(), 0) for month in period.months()}
    first_sent = (sent_publications(period).filter(destination__channel_kind__code__in=item_boxes())
                  .annotate(unit_id=unit_of("destination__org_unit")).filter(unit_id__in=ids)
                  .values("unit_id", "page_id", "destination__channel_kind__code").annotate(first=Min("finished_at")))
    # Bucketed here, on at most one row per (item, channel): SQLite cannot truncate an aggregate by zone.
    for row in first_sent:
        month = row["first"].astimezone(REPORT_TZ).date().replace(day=1)
        if month in months:
            months[month][row["destination__channel_kind__code"]] += 1
    for box, broadcasts in broadcasts_by_box(period):
        for row in (broadcasts.annotate(unit_id=unit_of("commune")).filter(unit_id__in=ids)
                    .annotate(month=TruncMonth("broadcast_at", tzinfo=REPORT_TZ)).values("month")
                    .annotate(n=Sum("times"))):
            month = row["month"]
            month = (month.astimezone(REPORT_TZ).date() if hasattr(month, "astimezone") else month).replace(day=1)
            if month in months:
                months[month][box] += row["n"] or 0
    return sorted(months.items())


# --- drill-down: the items behind a figure --------------------------------------------------------

def drill_items(unit, period, *, channel=None, hi=False, language=None, campaign=None, policy_area=None):
    """Items behind a delivery-based figure: one row per item, with its first sending and a link."""
    published = (sent_publications(period).annotate(unit_id=unit_of("destination__org_unit"))
                 .filter(unit_id=unit.pk))
    if channel:
        published = published.filter(destination__channel_kind__code=channel)
    if hi:
        published = published.filter(health_insurance_only())
    if language:
        published = published.filter(page__locale__language__code=language)
    if campaign:
        published = published.annotate(campaign_id=_campaign_of_page()).filter(campaign_id=campaign)
    if policy_area:
        published = published.annotate(area_id=_policy_area_of_page()).filter(area_id=policy_area)
    rows = list(published.values("page_id")
                .annotate(first_sent=Min("finished_at"), destinations=Count("destination", distinct=True))
                .order_by("first_sent", "page_id"))
    pages = Page.objects.filter(pk__in=[row["page_id"] for row in rows]).select_related("locale", "content_type")
    pages = {page.pk: page for page in pages}
    links = {}
    for delivery in (published.filter(page_id__in=pages).exclude(external_url="")
                     .values("page_id", "external_url").order_by("finished_at")):
        links.setdefault(delivery["page_id"], delivery["external_url"])
    return [{"page": pages[row["page_id"]], "first_sent": row["first_sent"], "destinations": row["destinations"],
             "url": links.get(row["page_id"], "")} for row in rows if row["page_id"] in pages]


def drill_broadcasts(unit, period, *, hi=False, language=None, box=None):
    rows = broadcasts_in(period, box)
    if rows is None:
        return []
    rows = (rows.annotate(unit_id=unit_of("commune")).filter(unit_id=unit.pk)
            .select_related("commune", "page", "locale", "operator").order_by("broadcast_at", "pk"))
    if hi:
        rows = rows.filter(health_insurance_only())
    if language:
        rows = rows.filter(locale__language__code=language)
    return rows


def drill_leaflets(unit, period, *, kind=None):
    rows = (leaflets_in(period).annotate(unit_id=unit_of("org_unit")).filter(unit_id=unit.pk)
            .select_related("locale").order_by("first_published_at", "pk"))
    return rows.filter(kind=kind) if kind else rows
