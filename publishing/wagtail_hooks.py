import functools

from django import forms
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from channels.registry import get_registry
from publishing.forms import ChannelSettingsPanel, DestinationForm
from publishing.models import Delivery, Destination, RetryPolicy, Route
from publishing.services.routing import default_routes_ensure, routed_destinations
from publishing.views import (
    DeliveryActionView,
    DeliveryReportView,
    DestinationOperationView,
    ItemChannelsView,
    ProblemDeliveriesView,
    health_headline,
    health_status,
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("deliveries/", DeliveryReportView.as_view(), name="publishing_deliveries"),
        path("deliveries/results/", DeliveryReportView.as_view(results_only=True), name="publishing_deliveries_results"),
        path("deliveries/problems/", ProblemDeliveriesView.as_view(), name="publishing_problems"),
        path("deliveries/problems/results/", ProblemDeliveriesView.as_view(results_only=True),
             name="publishing_problems_results"),
        path("deliveries/<int:delivery_id>/retry/", DeliveryActionView.as_view(action="retry"),
             name="publishing_delivery_retry"),
        path("deliveries/<int:delivery_id>/cancel/", DeliveryActionView.as_view(action="cancel"),
             name="publishing_delivery_cancel"),
        path("items/<int:page_id>/channels/", ItemChannelsView.as_view(), name="publishing_item_channels"),
        path("destinations/<int:pk>/test/", DestinationOperationView.as_view(operation="test"),
             name="publishing_destination_test"),
        path("destinations/<int:pk>/resume/", DestinationOperationView.as_view(operation="resume"),
             name="publishing_destination_resume"),
        path("destinations/<int:pk>/reauthorise/", DestinationOperationView.as_view(operation="reauthorise"),
             name="publishing_destination_reauthorise"),
    ]


@hooks.register("cms_item_edit_panels")
def deliveries_panel(page, request):
    latest = {}
    for delivery in Delivery.objects.filter(page=page).select_related("destination").order_by("created_at", "pk"):
        latest[(delivery.destination_id, delivery.action)] = delivery
    deliveries = sorted(latest.values(), key=lambda d: (d.destination.name, d.created_at))
    routed = [] if deliveries else routed_destinations(page.get_latest_revision_as_object())
    return render_to_string("publishing/panels/deliveries.html",
                            {"page": page, "deliveries": deliveries, "routed": routed}, request=request)


@hooks.register("register_reports_menu_item")
def deliveries_menu_item():
    return MenuItem(_("Deliveries"), reverse("publishing_deliveries"), icon_name="upload", order=10)


@hooks.register("register_reports_menu_item")
def problems_menu_item():
    return MenuItem(_("Overdue and stuck deliveries"), reverse("publishing_problems"), icon_name="warning", order=11)


class HealthPanel(Component):
    """The dashboard's publishing panel: what is wrong, first the destinations this person can see or fix."""

    order = 50

    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context):
        from publishing.attention import destinations_needing_attention

        healthy, checks = health_status()
        attention = destinations_needing_attention(self.user)
        return render_to_string("publishing/panels/health.html", {
            "healthy": healthy, "checks": checks, "attention": attention, "headline": health_headline(checks)})


@hooks.register("construct_homepage_panels")
def add_health_panel(request, panels):
    # Ahead of Wagtail's own panels: a paused fanpage matters more than recent edits.
    panels.insert(1 if panels else 0, HealthPanel(request.user))


class DestinationCreateView(CreateView):
    """Choose the channel first (its settings form depends on it), then fill in the destination."""

    def _chosen(self):
        kind = self.request.POST.get("channel") or self.request.GET.get("channel")
        return kind if kind in get_registry() else None

    def get(self, request, *args, **kwargs):
        if self._chosen() is None:
            return TemplateResponse(request, "publishing/destination_choose_channel.html",
                                    {"channels": list(get_registry())})
        return super().get(request, *args, **kwargs)

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        instance.channel = self._chosen() or ""
        return instance


def channel_buttons(destination, user, *, priority=30):
    """The channel's own screens for this destination (its connect page), for those who may change it.

    Only ever called for a destination already scoped to the person (the listing's queryset,
    the edit view's 404), so the model permission is the whole check; the screens check again.
    """
    registry = get_registry()
    if destination.channel not in registry or not user.has_perm("publishing.change_destination"):
        return []
    return [ListingButton(label, url, priority=priority + n) for n, (label, url) in
            enumerate(registry.get(destination.channel).admin_links(destination))]


class DestinationEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *channel_buttons(self.object, self.request.user)]


for _view in (DestinationCreateView, DestinationEditView):  # the typed secret stays out of error reports
    _view.dispatch = method_decorator(sensitive_post_parameters("secret"))(_view.dispatch)


class UnitScopedViewSet(SnippetViewSet):
    """Lists only what a person's units hold; each view of one object answers 404 for another province's.

    Wagtail's generic views (edit, delete, history, usage...) fetch the object by id from the whole
    table, whatever the listing shows, so every URL that names one is wrapped here.
    """

    def get_queryset(self, request):
        return self._visible(request.user)

    def _visible(self, user):
        return self.model.objects.visible_to(user)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in pattern.pattern.regex.groupindex:
                pattern.callback = self._scoped(pattern.callback)
        return patterns

    def _scoped(self, view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not self._visible(request.user).filter(pk=unquote(str(kwargs["pk"]))).exists():
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped


class DestinationViewSet(UnitScopedViewSet):
    """A province's approvers manage their own destinations; the list shows only what they may see."""

    model = Destination

    icon = "upload"
    add_view_class = DestinationCreateView
    edit_view_class = DestinationEditView
    list_display = ["name", "channel", "channel_kind", "org_unit", "get_health_display", "enabled"]
    list_filter = ["health", "channel", "enabled"]
    search_fields = ["name"]
    edit_handler = ObjectList([
        FieldPanel("name"), FieldPanel("channel"), FieldPanel("channel_kind"), FieldPanel("org_unit"),
        FieldPanel("enabled"), ChannelSettingsPanel(heading=_("Channel settings")),
        FieldPanel("secret"),
        MultiFieldPanel([FieldPanel("rate_limit_per_minute"), FieldPanel("retry_policy")], heading=_("Sending")),
        MultiFieldPanel([FieldPanel("health"), FieldPanel("health_reason")], heading=_("Health")),
    ], base_form_class=DestinationForm)


class RouteViewSet(UnitScopedViewSet):
    model = Route
    icon = "redirect"
    list_display = ["name", "org_unit", "include_descendants", "to_all_provinces", "is_active"]
    panels = [
        FieldPanel("name"), FieldPanel("org_unit"), FieldPanel("include_descendants"),
        MultiFieldPanel([FieldPanel("content_type"), FieldPanel("policy_area"), FieldPanel("locale"),
                         FieldPanel("only_for_all_provinces")], heading=_("Only items that")),
        FieldPanel("destinations", widget=forms.CheckboxSelectMultiple), FieldPanel("to_all_provinces"),
        FieldPanel("is_active"),
    ]


class RetryPolicyViewSet(SnippetViewSet):
    model = RetryPolicy
    icon = "repeat"
    list_display = ["name", "is_default", "max_attempts", "base_delay_seconds", "max_delay_seconds"]


class PublishingGroup(SnippetViewSetGroup):
    menu_label = _("Publishing")
    menu_icon = "upload"
    menu_order = 280
    items = (DestinationViewSet, RouteViewSet, RetryPolicyViewSet)


register_snippet(PublishingGroup)


@hooks.register("after_create_snippet")
def destination_default_routes(request, instance):
    if isinstance(instance, Destination):
        default_routes_ensure(instance)


@hooks.register("register_snippet_listing_buttons")
def destination_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Destination) and user.has_perm("publishing.change_destination"):
        yield ListingButton(_("Test connection"), reverse("publishing_destination_test", args=[snippet.pk]),
                            priority=20)
        if snippet.health != Destination.Health.OK:
            yield ListingButton(_("Working again"), reverse("publishing_destination_resume", args=[snippet.pk]),
                                priority=21)
        if snippet.health == Destination.Health.NEEDS_REAUTH:
            yield ListingButton(_("Re-authorise"), reverse("publishing_destination_reauthorise", args=[snippet.pk]),
                                priority=22)
        yield from channel_buttons(snippet, user)




@hooks.register("cms_unit_provisioned")
def destination_permissions(unit, groups):
    """Approvers and the centre's leaders look after their unit's destinations: new token, test, resume."""
    from django.contrib.auth.models import Permission

    from cms.models import Role

    perms = Permission.objects.filter(content_type__app_label="publishing",
                                      codename__in=["view_destination", "change_destination"])
    for role in (Role.APPROVER, Role.LEADERSHIP):
        if role in groups:
            groups[role].permissions.add(*perms)
