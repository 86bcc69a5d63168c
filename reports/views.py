"""Admin screens of the reports: the table, its drill-downs, the hand-entered figures and the exports."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages

from cms.models import LeafletPage, OrgUnit
from reports import access, series
from reports.charts import bar_chart, channel_labels
from reports.exports import XLSX_TYPE, csv_report, xlsx_report
from reports.forms import PERIOD_CHOICES, ManualFiguresForm
from reports.lines import COLUMN_TITLES, COUNTED
from reports.models import ManualFigures
from reports.periods import PeriodError, period_from_query
from reports.selectors import (detail_figures, drill_broadcasts, drill_items, drill_leaflets,
                                          monthly_figures)
from reports.services import manual_figures_save
from reports.tables import build_table


class ReportMixin:
    """Reads the unit and the period from the query; refuses units the person may not read."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        self.units = access.reportable_units(request.user)
        if not self.units:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_unit(self, *, required=False):
        """The unit asked for; None means every province (only for those who see them all)."""
        code = (self.request.GET.get("unit") or "").strip()
        if not code:
            if access.sees_every_province(self.request.user) and not required:
                return None
            if len(self.units) == 1:
                return self.units[0]
            raise Http404("No unit given")
        unit = next((unit for unit in self.units if unit.code == code), None)
        if unit is None:
            # Another province's report, or a code that does not exist: the same answer for both.
            raise Http404("No such report")
        return unit

    def get_period(self):
        return period_from_query(self.request.GET)

    def query(self, period, unit=None, **extra):
        params = dict(period.as_query())
        if unit is not None:
            params["unit"] = unit.code
        params.update({key: value for key, value in extra.items() if value not in (None, "")})
        return urlencode(params)

    def periods_for(self, period):
        # The agency's yearly table has a first-half column beside the whole year.
        return [period.first_half(), period] if period.kind == "year" else [period]

    def overview_units(self):
        return [unit for unit in self.units if unit.kind == OrgUnit.Kind.PROVINCE] + \
            [unit for unit in self.units if unit.kind == OrgUnit.Kind.CENTRAL]


class CommunicationReportView(ReportMixin, TemplateView):
    template_name = "reports/report.html"

    def get(self, request, *args, **kwargs):
        unit = self.get_unit()
        context = {"units": self.units, "unit": unit, "period_choices": PERIOD_CHOICES, "params": request.GET,
                   "sees_all": access.sees_every_province(request.user)}
        try:
            period = self.get_period()
        except PeriodError as exc:
            context["error"] = str(exc)
            return self.render_to_response(self.get_context_data(**context), status=400)
        context["period"] = period
        if unit is None:
            table = build_table(self.overview_units(), [period], with_total=True)
            months = monthly_figures(self.overview_units(), period)
        else:
            table = build_table([unit], self.periods_for(period))
            detail = detail_figures(unit, period)
            months = detail["months"]
            context["detail"] = detail
            boxes, labels = series.chart_boxes(), series.labels()
            context["month_labels"] = [labels[box] for box in boxes]
            context["month_rows"] = [(month, [counts[box] for box in boxes]) for month, counts in months]
            context["can_fill"] = access.can_fill(request.user, unit)
            context["figures"] = ManualFigures.objects.for_period(period).filter(org_unit=unit).first()
            context["figures_url"] = reverse("reports_figures") + "?" + self.query(period, unit)
        context["charts"] = [
            bar_chart(months, series.item_boxes(), title=_("Items by month and channel")),
            bar_chart(months, series.broadcast_boxes(), title=_("Loudspeaker broadcasts by month")),
        ]
        context["table"] = table
        context["cells"] = self.cell_links(table)
        query = self.query(period, unit)
        context["xlsx_url"] = reverse("reports_export", args=["xlsx"]) + "?" + query
        context["csv_url"] = reverse("reports_export", args=["csv"]) + "?" + query
        context["drill_base"] = reverse("reports_drill")
        context["unit_query"] = query
        return self.render_to_response(self.get_context_data(**context))

    def cell_links(self, table):
        """``{(row id, column index): drill-down URL}`` for every counted figure."""
        links = {}
        for _code, _title, rows in table.rows():
            for row in rows:
                for index, (column, _value) in enumerate(row.cells):
                    if column.unit is None:
                        continue
                    if row.line.drill:
                        links[(id(row), index)] = (reverse("reports_drill") + "?"
                                                   + self.query(column.period, column.unit, **row.line.drill))
                    elif row.line.source == COUNTED:
                        url = row.line.drill_url(column.unit, column.period)
                        if url:
                            links[(id(row), index)] = url
        return links

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Communication results")
        if "period" in context and "table" in context:
            context["rows"] = [
                (code, title, COLUMN_TITLES[code],
                 [(row, [(value, context["cells"].get((id(row), index)))
                         for index, (_column, value) in enumerate(row.cells)]) for row in rows])
                for code, title, rows in context["table"].rows()
            ]
            context["subject"] = context["unit"].full_name if context.get("unit") else _("All provinces")
        return context


class ExportView(ReportMixin, TemplateView):
    def get(self, request, fmt):
        if fmt not in ("xlsx", "csv"):
            raise Http404("Unknown export format")
        unit = self.get_unit()
        try:
            period = self.get_period()
        except PeriodError as exc:
            return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
        if unit is None:
            table = build_table(self.overview_units(), [period], with_total=True)
            detail = None
        else:
            table = build_table([unit], self.periods_for(period))
            detail = detail_figures(unit, period)
        name = f"bao-cao-{unit.code if unit else 'cac-tinh'}-{period.first:%Y%m%d}-{period.last:%Y%m%d}"
        if fmt == "xlsx":
            response = HttpResponse(xlsx_report(table, unit=unit, period=period, detail=detail), content_type=XLSX_TYPE)
        else:
            response = HttpResponse(csv_report(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response


class DrillDownView(ReportMixin, TemplateView):
    """The items (or broadcasts, or leaflets) behind one figure."""

    template_name = "reports/drill.html"
    per_page = 100

    def get(self, request, *args, **kwargs):
        unit = self.get_unit(required=True)
        params = request.GET
        what = params.get("what", "items")
        try:
            period = self.get_period()
        except PeriodError as exc:
            return self.render_to_response({"error": str(exc), "unit": unit, "page_title": _("Items behind a figure")},
                                           status=400)
        hi = params.get("hi") == "1"
        context = {"unit": unit, "period": period, "what": what, "hi": hi, "page_title": _("Items behind a figure"),
                   "back_url": reverse("reports_index") + "?" + self.query(period, unit)}
        if what == "items":
            channel = params.get("channel") or None
            if channel is not None and channel not in series.item_boxes():
                raise Http404("Unknown channel")
            campaign = params.get("campaign") or None
            policy = params.get("policy_area") or None
            if (campaign and not campaign.isdigit()) or (policy and not policy.isdigit()):
                raise Http404("Bad filter")
            context["rows"] = drill_items(unit, period, channel=channel, hi=hi, language=params.get("language") or None,
                                          campaign=campaign and int(campaign), policy_area=policy and int(policy))
            context["channel"] = channel_labels().get(channel, "")
        elif what == "broadcasts":
            context["rows"] = drill_broadcasts(unit, period, hi=hi, language=params.get("language") or None)
        elif what == "leaflets":
            kind = params.get("kind") or None
            if kind and kind not in LeafletPage.Kind.values:
                raise Http404("Unknown leaflet kind")
            context["rows"] = drill_leaflets(unit, period, kind=kind)
            context["kind_label"] = LeafletPage.Kind(kind).label if kind else ""
        else:
            raise Http404("Unknown figure")
        page = Paginator(context.pop("rows"), self.per_page).get_page(params.get("p"))
        others = {key: value for key, value in params.items() if key != "p"}
        context.update(rows=page, total=page.paginator.count, pager_query=urlencode(others))
        return self.render_to_response(self.get_context_data(**context))


class ManualFiguresView(ReportMixin, TemplateView):
    """Hand-entered figures of one unit for one period, kept with its report."""

    template_name = "reports/figures.html"

    def _setup(self):
        unit = self.get_unit(required=True)
        if not access.can_fill(self.request.user, unit):
            raise PermissionDenied
        return unit, self.get_period()

    def get(self, request, *args, **kwargs):
        try:
            unit, period = self._setup()
        except PeriodError as exc:
            return self.render_to_response({"error": str(exc), "page_title": _("Hand-entered figures")}, status=400)
        figures = ManualFigures.objects.for_period(period).filter(org_unit=unit).first()
        initial = dict(figures.values, notes=figures.notes) if figures else {}
        return self.render(unit, period, ManualFiguresForm(initial=initial))

    def post(self, request, *args, **kwargs):
        try:
            unit, period = self._setup()
        except PeriodError as exc:
            return self.render_to_response({"error": str(exc), "page_title": _("Hand-entered figures")}, status=400)
        form = ManualFiguresForm(request.POST)
        if not form.is_valid():
            messages.validation_error(request, _("The figures were not saved: please correct the errors."), form)
            return self.render(unit, period, form, status=400)
        manual_figures_save(unit=unit, period=period, values=form.values(), notes=form.cleaned_data["notes"],
                            user=request.user)
        messages.success(request, _("Hand-entered figures saved for %(unit)s, %(period)s.")
                         % {"unit": unit.full_name, "period": period.label})
        return redirect(reverse("reports_index") + "?" + self.query(period, unit))

    def render(self, unit, period, form, status=200):
        return self.render_to_response({
            "unit": unit, "period": period, "form": form, "page_title": _("Hand-entered figures"),
            "back_url": reverse("reports_index") + "?" + self.query(period, unit),
        }, status=status)
