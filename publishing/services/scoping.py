"""Which organisation units a person may see in publishing screens."""

from cms.models import OrgUnit


def unit_ids_for(user):
    """None for everything (superusers and central staff), else the ids of the person's province and its communes."""
    if user.is_superuser:
        return None
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        return set()
    unit = profile.org_unit
    if unit.kind == OrgUnit.Kind.CENTRAL:
        return None
    province = unit.province
    return set(OrgUnit.objects.within(province).values_list("pk", flat=True))
