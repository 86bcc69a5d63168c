"""The half-year (or yearly) narrative report: its draft as DOCX, and saying it was sent."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages

from plans import access
from plans.appendix02 import appendix02_docx
from plans.deadlines import DEADLINES
from plans.models import ReportSubmission
from plans.views.base import UnitScopedMixin
from plans.views.transfer import DOCX_TYPE
from reports.periods import PeriodError


class Appendix02View(UnitScopedMixin, TemplateView):
    template_name = "plans/appendix02.html"

    def _setup(self):
        unit = self.get_unit(required=True)
        period = self.get_period(default="h1")
        if period.kind not in ("h1", "year"):
            raise PeriodError(_("Appendix 02 is reported for the first half-year or the whole year."))
        return unit, period

    def get(self, request, *args, **kwargs):
        try:
            unit, period = self._setup()
        except PeriodError as exc:
            return self.render_to_response({"page_title": _("Half-year report (appendix 02)"), "error": str(exc)},
                                           status=400)
        if request.GET.get("format") == "docx":
            response = HttpResponse(appendix02_docx(unit, period), content_type=DOCX_TYPE)
            response["Content-Disposition"] = (f'attachment; filename="bao-cao-{unit.slug}-{period.kind}-'
                                               f'{period.first.year}.docx"')
            return response
        deadline = next(d for d in DEADLINES if d.period_kind == period.kind).on(period.first.year)
        submission = ReportSubmission.objects.filter(org_unit=unit, year=period.first.year,
                                                     period_kind=period.kind).first()
        query = urlencode({"unit": unit.code, "period": period.kind, "year": period.first.year})
        return self.render_to_response({
            "page_title": _("Half-year report (appendix 02)"), "unit": unit, "units": self.units, "period": period,
            "deadline": deadline, "submission": submission, "docx_url": f"?{query}&format=docx", "query": query,
            "can_submit": access.writable_unit_ids(request.user) is None
            or unit.pk in access.writable_unit_ids(request.user)})

    def post(self, request, *args, **kwargs):
        try:
            unit, period = self._setup()
        except PeriodError as exc:
            return self.render_to_response({"page_title": _("Half-year report (appendix 02)"), "error": str(exc)},
                                           status=400)
        ids = access.writable_unit_ids(request.user)
        if ids is not None and unit.pk not in ids:
            raise PermissionDenied
        ReportSubmission.objects.get_or_create(org_unit=unit, year=period.first.year, period_kind=period.kind,
                                               defaults={"submitted_by": request.user})
        messages.success(request, _("Marked as sent to the Communication Centre: reminders stop."))
        return redirect(request.path + "?" + urlencode({"unit": unit.code, "period": period.kind,
                                                        "year": period.first.year}))
