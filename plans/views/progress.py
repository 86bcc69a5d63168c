"""Plan against actual: one unit line by line, or every province side by side; the records behind a figure."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from plans import counting
from plans.exports import progress_xlsx
from plans.models.register import ActivityKind
from plans.progress import SORTS, plan_progress, sort_progress
from plans.views.base import UnitScopedMixin
from reports.exports import XLSX_TYPE
from reports.forms import PERIOD_CHOICES
from reports.periods import PeriodError, period_from_query


class ProgressView(UnitScopedMixin, TemplateView):
    template_name = "plans/progress.html"

    def get(self, request, *args, **kwargs):
        unit = self.get_unit()
        context = {"page_title": _("Plan against actual"), "units": self.units, "unit": unit,
                   "sees_all": self.sees_all, "period_choices": PERIOD_CHOICES, "params": request.GET}
        try:
            period = self.get_period()
        except PeriodError as exc:
            context["error"] = str(exc)
            return self.render_to_response(context, status=400)
        context["period"] = period
        sort = request.GET.get("sort", "percent")
        if sort not in SORTS:
            sort = "percent"
        descending = request.GET.get("desc") == "1"
        if unit is None:
            rows = sort_progress(plan_progress(self.provinces, period), sort, descending=descending)
            columns = [line for line in (rows[0].lines if rows else []) if line.line.measure]
            context.update(rows=rows, columns=[column.line for column in columns], sort=sort, descending=descending)
            context["matrix"] = [(row, [row.line(column.line.code) for column in columns]) for row in rows]
        else:
            context["progress"] = plan_progress([unit], period)[0]
        query = {**period.as_query(), **({"unit": unit.code} if unit else {})}
        context["export_url"] = "export.xlsx?" + urlencode(query)
        context["base_query"] = urlencode(period.as_query())
        return self.render_to_response(context)


class ProgressExportView(UnitScopedMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        unit = self.get_unit()
        try:
            period = self.get_period()
        except PeriodError as exc:
            return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
        rows = plan_progress([unit] if unit else self.provinces, period)
        if unit is None:
            rows = sort_progress(rows)
        response = HttpResponse(progress_xlsx(rows, period=period, unit=unit), content_type=XLSX_TYPE)
        name = f"ke-hoach-thuc-hien-{unit.code if unit else 'cac-tinh'}-{period.first:%Y%m%d}-{period.last:%Y%m%d}"
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


class RegisterDrillView(UnitScopedMixin, TemplateView):
    """The register entries behind a figure (plan against actual, or the reports' appendix 03)."""

    template_name = "plans/drill.html"
    unit_kinds = UnitScopedMixin.unit_kinds

    def get(self, request, *args, **kwargs):
        unit = self.get_unit(required=True)
        params = request.GET
        try:
            period = period_from_query({"period": "range", "start": params.get("start"), "end": params.get("end")})
        except PeriodError as exc:
            return self.render_to_response({"error": str(exc), "page_title": _("Records behind a figure")}, status=400)
        kinds = [kind for kind in (params.get("kind") or "").split(",") if kind]
        unknown = [kind for kind in kinds if kind not in ActivityKind.values]
        if unknown:
            return self.render_to_response({"error": _("Unknown activity kind: %(kinds)s") % {"kinds": ", ".join(unknown)},
                                            "page_title": _("Records behind a figure")}, status=400)
        ids = [unit.pk, *unit.children.values_list("pk", flat=True)]
        rows = counting.drill_entries(ids, period.first, period.last, kinds=kinds, hi=params.get("hi") == "1")
        page = Paginator(rows, 100).get_page(params.get("p"))
        others = {key: value for key, value in params.items() if key != "p"}
        return self.render_to_response({
            "page_title": _("Records behind a figure"), "unit": unit, "period": period, "rows": page,
            "total": page.paginator.count, "kinds": [ActivityKind(kind).label for kind in kinds],
            "pager_query": urlencode(others)})
