"""Who may read, write and approve which unit's plans and register entries.

Scoped like content and the reports (``publishing.services.scoping``): central staff and
superusers see every unit; a province's staff see their province and its communes. Writes
are the unit's own: a person edits only their own unit's plan and register, whatever they
may read. Roles come from the person's StaffProfile, so no group needs extra permissions.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from cms.models import OrgUnit
from cms.models.org import Role
from publishing.services.scoping import unit_ids_for

WRITERS = {Role.EDITOR, Role.APPROVER, Role.CHIEF_EDITOR, Role.LEADERSHIP}
CENTRE_RECEIVERS = {Role.CHIEF_EDITOR, Role.LEADERSHIP}


def _profile(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "staff_profile", None)


def own_unit(user):
    """The province (or the centre) a person works for; a commune's operator belongs to the province."""
    profile = _profile(user)
    if profile is None:
        return None
    unit = profile.org_unit
    return unit if unit.kind == OrgUnit.Kind.CENTRAL else unit.province


def is_staff_writer(user):
    profile = _profile(user)
    return user.is_superuser or (profile is not None and profile.role in WRITERS)


def visible_unit_ids(user):
    """None for every unit, else the ids a person may read (radio operators: none)."""
    if user.is_superuser:
        return None
    profile = _profile(user)
    if profile is None or profile.role == Role.RADIO_OPERATOR:
        return set()
    return unit_ids_for(user)


def writable_unit_ids(user):
    """None for every unit (superusers), else the person's own province (or centre) and its communes."""
    if user.is_superuser:
        return None
    unit = own_unit(user)
    if unit is None or not is_staff_writer(user):
        return set()
    if unit.kind == OrgUnit.Kind.CENTRAL:
        return {unit.pk}
    return set(OrgUnit.objects.within(unit).values_list("pk", flat=True))


def sees_every_unit(user):
    return visible_unit_ids(user) is None


def scope(queryset, user, field="org_unit_id"):
    ids = visible_unit_ids(user)
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


def is_centre_receiver(user):
    profile = _profile(user)
    return profile is not None and profile.org_unit.kind == OrgUnit.Kind.CENTRAL and profile.role in CENTRE_RECEIVERS


def may_moderate_plan(user, plan, step):
    """The province step: the approver of the plan's own unit; the centre step: the centre's chief editor or leadership."""
    if user.is_superuser:
        return True
    profile = _profile(user)
    if profile is None:
        return False
    if step == "province":
        return profile.role == Role.APPROVER and own_unit(user) is not None and own_unit(user).pk == plan.org_unit_id
    return profile.org_unit.kind == OrgUnit.Kind.CENTRAL and profile.role in CENTRE_RECEIVERS


def units_moderated(user, step):
    """Unit ids whose plans ``user`` moderates at ``step``; None for all, empty for none."""
    if user.is_superuser:
        return None
    profile = _profile(user)
    if profile is None:
        return set()
    if step == "province":
        unit = own_unit(user)
        return {unit.pk} if profile.role == Role.APPROVER and unit is not None else set()
    return None if profile.org_unit.kind == OrgUnit.Kind.CENTRAL and profile.role in CENTRE_RECEIVERS else set()


class UnitPermissionPolicy(BasePermissionPolicy):
    """Wagtail permission policy from roles and units instead of Django model permissions.

    ``add``/``change``/``delete``/``lock``: staff who write, on their own unit's objects;
    ``view``: anyone who may read the unit; ``publish``: the centre's receivers (editor-in-chief,
    leadership): a plan goes live when the centre receives it, the workflow's last step.
    """

    def __init__(self, model, *, unit_field="org_unit"):
        super().__init__(model)
        self.unit_field = unit_field

    def user_has_permission(self, user, action):
        if not getattr(user, "is_active", False):
            return False
        if user.is_superuser:
            return True
        if action == "publish":
            return is_centre_receiver(user)
        if action in ("view", "choose"):
            return visible_unit_ids(user) != set()
        return bool(writable_unit_ids(user))

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if set(actions) <= {"publish"}:
            return users.filter(Q(is_superuser=True) | Q(staff_profile__org_unit__kind=OrgUnit.Kind.CENTRAL,
                                                         staff_profile__role__in=CENTRE_RECEIVERS))
        return users.filter(Q(is_superuser=True) | Q(staff_profile__role__in=WRITERS))

    def _unit_id(self, instance):
        return getattr(instance, f"{self.unit_field}_id")

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "publish":
            return True  # the centre receives every unit's plan
        ids = visible_unit_ids(user) if action in ("view", "choose") else writable_unit_ids(user)
        return ids is None or self._unit_id(instance) in ids

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        if not any(self.user_has_permission(user, action) for action in actions):
            return queryset.none()
        reading = set(actions) <= {"view", "choose"}
        ids = visible_unit_ids(user) if reading else writable_unit_ids(user)
        return queryset if ids is None else queryset.filter(**{f"{self.unit_field}_id__in": ids})

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)
