"""Admin of the plans app: plan and register snippets, plan against actual, the calendar, imports and reports."""

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from plans import access, counting
from plans.forms import ActivityEntryForm, YearlyPlanForm
from plans.models import ActivityEntry, YearlyPlan
from plans.views import appendix02, calendar, imports, progress, transfer

register_permission_policy(YearlyPlan, access.UnitPermissionPolicy(YearlyPlan))
register_permission_policy(ActivityEntry, access.UnitPermissionPolicy(ActivityEntry))


class ScopedViewSet(SnippetViewSet):
    """Lists only the units a person reads; every view of one object answers 404 for another province's.

    Wagtail's generic views fetch an object by its id from the whole table, so each URL that
    names one is wrapped here; writing it (a POST to edit or delete) needs the unit to be one's own.
    """

    def get_queryset(self, request):
        return access.scope(self.model._default_manager.select_related("org_unit"), request.user)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in pattern.pattern.regex.groupindex:
                pattern.callback = self._scoped(pattern.callback, pattern.name)
        return patterns

    def _scoped(self, view, name):
        model = self.model

        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            pk = unquote(str(kwargs["pk"]))
            unit_id = model._default_manager.filter(pk=pk).values_list("org_unit_id", flat=True).first()
            if unit_id is None:
                raise Http404
            visible = access.visible_unit_ids(request.user)
            if visible is not None and unit_id not in visible:
                raise Http404
            writable = access.writable_unit_ids(request.user)
            if request.method == "POST" and name in ("edit", "delete") and writable is not None \
                    and unit_id not in writable:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped


class ImportButtonIndexView(IndexView):
    """The listing with an "Import" button beside "Add", for those who may write (the import view's own rule)."""

    import_url_name = ""
    import_label = ""

    @functools.cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if access.writable_unit_ids(self.request.user) != set():
            buttons.append(HeaderButton(self.import_label, url=reverse(self.import_url_name), icon_name="upload"))
        return buttons


class PlanIndexView(ImportButtonIndexView):
    import_url_name, import_label = "plans_import", _("Import a yearly plan")


class RegisterIndexView(ImportButtonIndexView):
    import_url_name, import_label = "plans_register_import", _("Import activities")


class YearlyPlanViewSet(ScopedViewSet):
    index_view_class = PlanIndexView
    model = YearlyPlan
    icon = "list-ol"
    menu_label = _("Yearly plans")
    list_display = ["__str__", "year", "org_unit", "live", "last_published_at"]
    list_filter = ["year"]
    edit_handler = ObjectList(YearlyPlan.panels, base_form_class=YearlyPlanForm)
    ordering = ["-year", "org_unit__code"]


class ActivityEntryViewSet(ScopedViewSet):
    index_view_class = RegisterIndexView
    model = ActivityEntry
    icon = "calendar-check"
    menu_label = _("Activity register")
    list_display = ["title", "kind", "held_on", "org_unit", "attendees", "quantity"]
    list_filter = ["kind", "held_on", "campaign"]
    search_fields = ["title"]
    edit_handler = ObjectList(ActivityEntry.panels, base_form_class=ActivityEntryForm)
    ordering = ["-held_on", "-pk"]


class PlansGroup(SnippetViewSetGroup):
    items = (YearlyPlanViewSet, ActivityEntryViewSet)
    menu_icon = "date"
    menu_label = _("Plans and activities")
    menu_name = "plans"
    add_to_admin_menu = True
    menu_order = 250


register_snippet(PlansGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("plans/progress/", progress.ProgressView.as_view(), name="plans_progress"),
        path("plans/progress/export.xlsx", progress.ProgressExportView.as_view(), name="plans_progress_export"),
        path("plans/progress/records/", progress.RegisterDrillView.as_view(), name="plans_drill"),
        path("plans/calendar/", calendar.CalendarView.as_view(), name="plans_calendar"),
        path("plans/calendar/feed/", calendar.FeedTokenView.as_view(), name="plans_calendar_feed"),
        path("plans/<int:pk>/export.<str:fmt>", transfer.PlanExportView.as_view(), name="plans_export"),
        path("plans/import/", imports.PlanImportView.as_view(), name="plans_import"),
        path("plans/register/import/", imports.RegisterImportView.as_view(), name="plans_register_import"),
        path("plans/appendix-02/", appendix02.Appendix02View.as_view(), name="plans_appendix02"),
    ]


class ScopedMenuItem(MenuItem):
    def is_shown(self, request):
        return access.visible_unit_ids(request.user) != set()


@hooks.register("register_reports_menu_item")
def progress_menu_item():
    return ScopedMenuItem(_("Plan against actual"), reverse("plans_progress"), icon_name="tasks", order=2)


@hooks.register("register_reports_menu_item")
def calendar_menu_item():
    return ScopedMenuItem(_("Campaign calendar"), reverse("plans_calendar"), icon_name="date", order=3)


@hooks.register("register_reports_menu_item")
def appendix02_menu_item():
    return ScopedMenuItem(_("Half-year report (appendix 02)"), reverse("plans_appendix02"), icon_name="doc-full",
                          order=4)


# The reports count the register's lines through these hooks; they never import this app.
hooks.register("report_counted_figures", counting.report_figures)
hooks.register("report_drill_url", counting.report_drill_url)
