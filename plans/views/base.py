"""What every plans screen does first: admin access, the units the person may read, the unit and period asked for."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cms.models import OrgUnit
from plans import access
from reports.periods import period_from_query


class UnitScopedMixin:
    unit_kinds = (OrgUnit.Kind.CENTRAL, OrgUnit.Kind.PROVINCE)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        ids = access.visible_unit_ids(request.user)
        if ids == set():
            raise PermissionDenied
        units = OrgUnit.objects.filter(kind__in=self.unit_kinds, is_active=True)
        if ids is not None:
            units = units.filter(pk__in=ids)
        self.units = list(units.order_by("kind", "name"))
        self.sees_all = ids is None
        return super().dispatch(request, *args, **kwargs)

    def get_unit(self, *, required=False):
        """The unit asked for (``?unit=code``); None means every unit, for those who see them all."""
        code = (self.request.GET.get("unit") or "").strip()
        if not code:
            if self.sees_all and not required:
                return None
            own = access.own_unit(self.request.user)
            if own is not None and any(unit.pk == own.pk for unit in self.units):
                return own
            if self.units:
                return self.units[0]
            raise Http404("No unit")
        unit = next((unit for unit in self.units if unit.code == code), None)
        if unit is None:
            raise Http404("No such unit")  # another province's, or none: the same answer
        return unit

    def get_period(self, default="year"):
        params = self.request.GET.copy()
        params.setdefault("period", default)
        return period_from_query(params)

    @property
    def provinces(self):
        return [unit for unit in self.units if unit.kind == OrgUnit.Kind.PROVINCE]
