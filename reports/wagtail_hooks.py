from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reports import access
from reports.views import CommunicationReportView, DrillDownView, ExportView, ManualFiguresView


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("communication-reports/", CommunicationReportView.as_view(), name="reports_index"),
        path("communication-reports/items/", DrillDownView.as_view(), name="reports_drill"),
        path("communication-reports/figures/", ManualFiguresView.as_view(), name="reports_figures"),
        path("communication-reports/export.<str:fmt>", ExportView.as_view(), name="reports_export"),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(access.reportable_units(request.user))


@hooks.register("register_reports_menu_item")
def communication_report_menu_item():
    return ReportMenuItem(_("Communication results"), reverse("reports_index"), icon_name="table", order=1)
