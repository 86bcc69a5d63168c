"""Who may read and fill which unit's report.

Central staff and superusers read every province's report and the centre's own; a
province's staff read only their province's (its communes report with it); anyone else,
nothing. Built on ``publishing.services.scoping`` so the reports scope exactly as the
publishing screens do.
"""

from cms.models import OrgUnit
from cms.models.org import Role
from publishing.services.scoping import unit_ids_for


def reportable_units(user):
    """The provinces and central office whose report ``user`` may read, centre first."""
    profile = getattr(user, "staff_profile", None)
    if not user.is_superuser and (profile is None or profile.role == Role.RADIO_OPERATOR):
        return []  # radio operators confirm broadcasts; they do not read the province's report
    units = OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.CENTRAL, OrgUnit.Kind.PROVINCE], is_active=True)
    ids = unit_ids_for(user)
    if ids is not None:
        units = units.filter(pk__in=ids)
    return list(units.order_by("kind", "code"))


def sees_every_province(user):
    return unit_ids_for(user) is None


def can_fill(user, unit):
    """Hand-entered figures are the unit's own word: its staff (or a superuser) enter them."""
    if user.is_superuser:
        return True
    profile = getattr(user, "staff_profile", None)
    if profile is None or profile.role == Role.RADIO_OPERATOR:
        return False
    own = profile.org_unit if profile.org_unit.kind == OrgUnit.Kind.CENTRAL else profile.org_unit.province
    return own is not None and own.pk == unit.pk
