"""A yearly plan downloaded as the agency's template: XLSX or DOCX."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import View

from plans import access
from plans.exports import plan_docx, plan_xlsx
from plans.models import PlanTemplateLine, YearlyPlan
from reports.exports import XLSX_TYPE

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class PlanExportView(View):
    """``?version=draft`` exports the revision under way; by default the received (live) plan, else the draft."""

    def get(self, request, pk, fmt):
        if fmt not in ("xlsx", "docx"):
            raise Http404("Unknown format")
        plan = get_object_or_404(access.scope(YearlyPlan.objects.all(), request.user), pk=pk)
        if request.GET.get("version") == "draft" or not plan.live:
            plan = plan.get_latest_revision_as_object()
        lines = list(PlanTemplateLine.objects.all())
        body = plan_xlsx(plan, lines) if fmt == "xlsx" else plan_docx(plan, lines)
        response = HttpResponse(body, content_type=XLSX_TYPE if fmt == "xlsx" else DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="ke-hoach-{plan.org_unit.slug}-{plan.year}.{fmt}"'
        return response
