"""Admin screens for the outbox, built on Wagtail's generic listing views, and the health check."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from cms.models import ContentPage, OrgUnit
from publishing.models import Delivery, Destination, Heartbeat, ItemChannelPlan
from publishing.actions import (ActionError, CancelDelivery, ReauthoriseDestination, ResumeDestination,
                                RetryDelivery, CheckDestinationConnection)
from publishing.services.routing import routed_destinations

HEARTBEAT_STALE = datetime.timedelta(seconds=90)


class DeliveryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=Delivery.Status.choices)
    channel_kind = django_filters.CharFilter(label=gettext_lazy("Channel"), field_name="destination__channel_kind__code")
    province = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Province"), queryset=OrgUnit.objects.exclude(kind=OrgUnit.Kind.COMMUNE),
        method="filter_province")
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Created"), widget=DateRangePickerWidget)

    class Meta:
        model = Delivery
        fields = ["status", "channel_kind", "province", "created_at"]

    def filter_province(self, queryset, name, value):
        return queryset.filter(destination__org_unit__in=OrgUnit.objects.within(value)) if value else queryset


def delivery_columns():
    return [
        TitleColumn("item_title", label=_("Item"),
                    get_url=lambda d: reverse("wagtailadmin_pages:edit", args=[d.page_id]) if d.page_id else None),
        Column("destination", label=_("Destination")),
        Column("get_action_display", label=_("Action")),
        StatusTagColumn("get_status_display", label=_("Status"), primary=lambda d: d.status == "sent"),
        DateColumn("next_attempt_at", label=_("Next attempt")),
        Column("attempts", label=_("Attempts")),
        Column("last_error", label=_("Last error")),
    ]


class AdminOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DeliveryReportView(AdminOnlyMixin, ReportView):
    page_title = gettext_lazy("Deliveries")
    header_icon = "upload"
    index_url_name = "publishing_deliveries"
    index_results_url_name = "publishing_deliveries_results"
    filterset_class = DeliveryFilterSet
    list_export = ["item_title", "destination", "action", "status", "created_at", "next_attempt_at", "attempts",
                   "external_url", "last_error"]
    permission_policy = None

    @property
    def columns(self):
        return delivery_columns()

    def get_queryset(self):
        return Delivery.objects.visible_to(self.request.user).select_related("destination").order_by("-created_at")


class ProblemDeliveriesView(DeliveryReportView):
    page_title = gettext_lazy("Overdue and stuck deliveries")
    header_icon = "warning"
    index_url_name = "publishing_problems"
    index_results_url_name = "publishing_problems_results"

    def get_queryset(self):
        now = timezone.now()
        qs = super().get_queryset()
        # Held by a paused or switched-off destination: listed at once, since only a person can free them.
        return (qs.overdue(now) | qs.stuck(now) | qs.held() | qs.filter(status=Delivery.Status.FAILED)).distinct()


DELIVERY_ACTIONS = {"retry": RetryDelivery, "cancel": CancelDelivery}
DESTINATION_ACTIONS = {"test": CheckDestinationConnection, "resume": ResumeDestination,
                       "reauthorise": ReauthoriseDestination}


def _delivery_action(request, delivery_id, action):
    delivery = get_object_or_404(Delivery.objects.visible_to(request.user), pk=delivery_id)
    performed = DELIVERY_ACTIONS[action](delivery, user=request.user)
    performed.check()  # PermissionDenied: a 403, before anything is shown or done
    return performed


class DeliveryActionView(AdminOnlyMixin, TemplateView):
    """Confirm, then retry or cancel one delivery."""

    template_name = "publishing/confirm.html"
    action = "retry"

    def get_context_data(self, **kwargs):
        delivery = _delivery_action(self.request, self.kwargs["delivery_id"], self.action).obj
        question = (_("Send %(item)s to %(destination)s again now?") if self.action == "retry"
                    else _("Cancel sending %(item)s to %(destination)s?")) % {
            "item": delivery.item_title, "destination": delivery.destination}
        return super().get_context_data(delivery=delivery, question=question, **kwargs)

    def post(self, request, delivery_id):
        action = _delivery_action(request, delivery_id, self.action)
        delivery = action.obj
        try:
            action.execute()
        except ActionError:
            messages.error(request, _("This delivery can no longer be changed."))
        else:
            messages.success(request, _("The delivery will be sent again shortly.") if self.action == "retry"
                             else _("The delivery was cancelled."))
        target = reverse("wagtailadmin_pages:edit", args=[delivery.page_id]) if delivery.page_id \
            else reverse("publishing_deliveries")
        return redirect(target)


class ItemChannelsForm(forms.Form):
    """One row per routed destination: send or not, and when."""

    def __init__(self, *args, destinations, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.destinations = destinations
        for destination in destinations:
            plan = plans.get(destination.pk)
            self.fields[f"send_{destination.pk}"] = forms.BooleanField(
                label=str(destination), required=False, initial=plan.enabled if plan else True)
            self.fields[f"at_{destination.pk}"] = forms.DateTimeField(
                label=_("Send at"), required=False, initial=plan.send_at if plan else None,
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                help_text=_("Empty: as soon as the item is published."))

    def rows(self):
        return [(destination, self[f"send_{destination.pk}"], self[f"at_{destination.pk}"])
                for destination in self.destinations]


class ItemChannelsView(AdminOnlyMixin, FormView):
    template_name = "publishing/item_channels.html"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(self.page, ContentPage) or not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_form(self, form_class=None):
        item = self.page.get_latest_revision_as_object()
        destinations = routed_destinations(item)
        plans = {plan.destination_id: plan for plan in ItemChannelPlan.objects.filter(page=self.page)}
        return ItemChannelsForm(self.request.POST or None, destinations=destinations, plans=plans)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)

    def form_valid(self, form):
        for destination in form.destinations:
            send_at = form.cleaned_data.get(f"at_{destination.pk}")
            if send_at and send_at < timezone.now():
                form.add_error(f"at_{destination.pk}", _("Choose a time in the future."))
                return self.form_invalid(form)
            ItemChannelPlan.objects.update_or_create(page=self.page, destination=destination, defaults={
                "enabled": form.cleaned_data.get(f"send_{destination.pk}", False), "send_at": send_at})
        messages.success(self.request, _("Channel choices saved; they apply when the item is next published."))
        return redirect("wagtailadmin_pages:edit", self.page.pk)


class ReauthoriseForm(forms.Form):
    secret = forms.CharField(label=gettext_lazy("New secret (access token)"),
                             widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}))


@method_decorator(sensitive_post_parameters("secret"), name="dispatch")
class DestinationOperationView(AdminOnlyMixin, TemplateView):
    """Confirm, then test, resume or re-authorise one destination (each an action: publishing/actions)."""

    template_name = "publishing/confirm.html"
    operation = "test"

    def _action(self):
        destination = get_object_or_404(Destination.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        action = DESTINATION_ACTIONS[self.operation](destination, user=self.request.user)
        action.check()
        return action

    def get_context_data(self, **kwargs):
        destination = self._action().obj
        question = {
            "test": _("Test the connection to %(destination)s?"),
            "resume": _("Mark %(destination)s as working again and send what waits for it?"),
            "reauthorise": _("Give %(destination)s a new secret; it is tested before it is kept."),
        }[self.operation] % {"destination": destination}
        form = kwargs.pop("form", None) or (ReauthoriseForm() if self.operation == "reauthorise" else None)
        return super().get_context_data(question=question, form=form, **kwargs)

    def post(self, request, pk):
        action = self._action()
        destination = action.obj
        if self.operation == "test":
            ok, message = action.execute()
            (messages.success if ok else messages.error)(
                request, (_("Connection works: %(message)s") if ok else _("Connection failed: %(message)s"))
                % {"message": message})
        elif self.operation == "reauthorise":
            form = ReauthoriseForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            try:
                ok, message = action.execute(secret=form.cleaned_data["secret"])
            except ActionError as exc:
                ok, message = False, str(exc)
            if not ok:
                messages.error(request, _("The new secret was not kept: %(message)s") % {"message": message})
                return self.render_to_response(self.get_context_data(form=ReauthoriseForm()), status=400)
            messages.success(request, _("%(destination)s is working again.") % {"destination": destination})
        else:
            action.execute()
            messages.success(request, _("%(destination)s is working again.") % {"destination": destination})
        return redirect(reverse("wagtailsnippets_publishing_destination:list"))


def health_status():
    now = timezone.now()
    seen = dict(Heartbeat.objects.values_list("name", "seen_at"))
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # the check reports, it does not crash
        checks["database"] = f"error: {type(exc).__name__}"
    for name in ("worker", "beat"):
        last = seen.get(name)
        checks[name] = "ok" if last and now - last < HEARTBEAT_STALE else (
            f"not heard from since {last.isoformat()}" if last else "never heard from")
    checks["stuck_deliveries"] = Delivery.objects.stuck(now).count()
    checks["overdue_deliveries"] = Delivery.objects.overdue(now).count()
    checks["destinations_needing_attention"] = Destination.objects.exclude(health=Destination.Health.OK).filter(
        enabled=True).count()
    healthy = all(checks[name] == "ok" for name in ("database", "worker", "beat"))
    return healthy, checks


def health_headline(checks):
    """What is wrong with the machinery, in one Vietnamese sentence ("" when nothing is)."""
    problems = []
    if checks["database"] != "ok":
        problems.append(_("the database does not answer"))
    if checks["worker"] != "ok":
        problems.append(_("the worker that sends is silent"))
    if checks["beat"] != "ok":
        problems.append(_("the scheduler is silent"))
    if not problems:
        return ""
    return _("Nothing is being sent: %(problems)s.") % {"problems": "; ".join(problems)}


def health(request):
    """Health check for load balancers and monitoring: 503 when the worker or beat is silent."""
    healthy, checks = health_status()
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": checks}, status=200 if healthy else 503)
