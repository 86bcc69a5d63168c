"""Admin forms: the unit chooser offers only the units a person writes for, and text is stored in NFC."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.models import OrgUnit
from plans import access
from plans.models.register import MEETING_KINDS, QUANTITY_KINDS


class UnitScopedForm(WagtailAdminModelForm):
    unit_kinds = (OrgUnit.Kind.CENTRAL, OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE)

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("org_unit")
        if field is not None and for_user is not None:
            units = OrgUnit.objects.filter(kind__in=self.unit_kinds, is_active=True).order_by("kind", "name")
            ids = access.writable_unit_ids(for_user)
            if ids is not None:
                units = units.filter(pk__in=ids)
            field.queryset = units
            if not self.instance.pk and units.count() >= 1 and not self.initial.get("org_unit"):
                own = access.own_unit(for_user)
                if own is not None and own.kind in self.unit_kinds:
                    self.initial["org_unit"] = own.pk

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = unicodedata.normalize("NFC", value)
        return cleaned


class YearlyPlanForm(UnitScopedForm):
    unit_kinds = (OrgUnit.Kind.CENTRAL, OrgUnit.Kind.PROVINCE)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("The year must be between 2000 and 2100."))
        return year


class ActivityEntryForm(UnitScopedForm):
    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in QUANTITY_KINDS and not cleaned.get("quantity"):
            self.add_error("quantity", _("Say how many were put up or handed out."))
        if kind in MEETING_KINDS and cleaned.get("attendees") is None:
            self.add_error("attendees", _("Say how many people attended."))
        return cleaned
