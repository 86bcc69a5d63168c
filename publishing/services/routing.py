"""From an item to the destinations it goes to, and when."""

from django.utils import timezone

from publishing.models import Destination, ItemChannelPlan, Route


def routed_destinations(item):
    """Destinations the active routes send ``item`` to, limited to the item's ticked channel kinds.

    Disabled destinations are left out; ones that need re-authorisation are kept
    (their deliveries wait until someone fixes the credentials).
    """
    kinds = {kind.pk for kind in item.channel_kinds.all()}
    if not kinds:
        return []
    found = {}
    all_provinces = None
    for route in Route.objects.filter(is_active=True).select_related("org_unit").prefetch_related("destinations"):
        if not route.matches(item):
            continue
        targets = list(route.destinations.all())
        if route.to_all_provinces:
            if all_provinces is None:
                all_provinces = list(Destination.objects.filter(org_unit__kind__in=["province", "commune"]))
            targets += all_provinces
        for destination in targets:
            if destination.enabled and destination.channel_kind_id in kinds:
                found[destination.pk] = destination
    return sorted(found.values(), key=lambda destination: destination.pk)


def delivery_plan(item, page_id):
    """[(destination, due_at)] for an item being published now, after the editor's per-item choices."""
    now = timezone.now()
    plans = {plan.destination_id: plan for plan in ItemChannelPlan.objects.filter(page_id=page_id)}
    result = []
    for destination in routed_destinations(item):
        plan = plans.get(destination.pk)
        if plan is not None and not plan.enabled:
            continue
        due = plan.send_at if plan is not None and plan.send_at and plan.send_at > now else now
        result.append((destination, due))
    return result


def default_routes_ensure(destination):
    """A new destination joins its unit's default route (and the centre's for-all-provinces route exists).

    Defaults: a province's content goes to its own destinations and its communes'
    (loudspeakers); central content to the central destinations, and to every
    province's when marked "for all provinces".
    """
    unit = destination.org_unit
    owner = unit.province or unit  # a commune's destination serves its province's content
    route, _ = Route.objects.get_or_create(
        org_unit=owner, content_type=None, policy_area=None, locale=None,
        only_for_all_provinces=False, to_all_provinces=False,
        defaults={"name": f"{owner.name} · mặc định", "include_descendants": owner.kind != "central"},
    )
    route.destinations.add(destination)
    if owner.kind == "central":
        Route.objects.get_or_create(
            org_unit=owner, only_for_all_provinces=True, to_all_provinces=True,
            defaults={"name": "Trung ương · gửi tất cả các tỉnh", "include_descendants": False},
        )
    return route
