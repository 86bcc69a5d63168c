"""Uploads: a yearly plan from its Excel template, register entries from Excel or CSV. All or nothing."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages

from cms.models import OrgUnit
from plans import access
from plans.imports import REGISTER_COLUMNS, ImportError_, plan_import, register_import

MAX_BYTES = 10 * 1024 * 1024


class PlanImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.CENTRAL, OrgUnit.Kind.PROVINCE])
        ids = access.writable_unit_ids(user)
        self.fields["unit"].queryset = units if ids is None else units.filter(pk__in=ids)
        self.fields["year"].initial = timezone.localdate().year


class RegisterImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel (.xlsx) or CSV file"))


class _ImportView(FormView):
    template_name = "plans/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin") or access.writable_unit_ids(request.user) == set():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def read(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ImportError_([_("The file is larger than 10 MB.")])
        return upload.read(), upload.name

    def form_valid(self, form):
        try:
            return self.save(form, *self.read(form))
        except ImportError_ as exc:
            messages.error(self.request, _("Nothing was imported: please correct the rows below and upload again."))
            return self.render_to_response(self.get_context_data(form=form, errors=exc.errors), status=400)


class PlanImportView(_ImportView):
    form_class = PlanImportForm
    extra_context = {"page_title": gettext_lazy("Import a yearly plan")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form, data, name):
        plan, _revision = plan_import(data=data, unit=form.cleaned_data["unit"], year=form.cleaned_data["year"],
                                      user=self.request.user)
        messages.success(self.request, _("Plan imported as a draft: check it and submit it for approval."))
        return redirect(reverse("wagtailsnippets_plans_yearlyplan:edit", args=[plan.pk]))


class RegisterImportView(_ImportView):
    form_class = RegisterImportForm
    extra_context = {"page_title": gettext_lazy("Import activities"), "columns": REGISTER_COLUMNS}

    def save(self, form, data, name):
        created = register_import(data=data, filename=name, user=self.request.user)
        messages.success(self.request, _("%(n)s activities imported.") % {"n": len(created)})
        return redirect(reverse("wagtailsnippets_plans_activityentry:list"))
