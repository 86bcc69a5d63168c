from django.contrib.auth import get_user_model
from django.db import transaction

from cms.models import OrgUnit, OrgUnitGroup, Role, StaffProfile


def staff_create(*, username, unit, role, password, first_name="", last_name="", email=""):
    """Create (or reset) a staff account bound to one unit and one role.

    Radio operators belong to a commune and use their province's operator group.
    """
    if role == Role.RADIO_OPERATOR and unit.kind != OrgUnit.Kind.COMMUNE:
        raise ValueError("A radio operator is bound to a commune")
    group_unit = unit.parent if role == Role.RADIO_OPERATOR else unit
    link = OrgUnitGroup.objects.select_related("group").get(unit=group_unit, role=role)
    User = get_user_model()
    with transaction.atomic():
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.set_password(password)
        user.is_active = True
        user.save()
        user.groups.add(link.group)
        StaffProfile.objects.update_or_create(user=user, defaults={"org_unit": unit, "role": role})
    return user
