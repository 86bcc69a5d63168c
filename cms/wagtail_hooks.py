from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.models import AudienceGroup, Campaign, ChannelKind, ContentPage, Language, OrgUnit, PolicyArea
from cms import two_factor
from cms.views import VariantCreateView, VariantSyncView


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("variants/<int:page_id>/new/", VariantCreateView.as_view(), name="cms_variant_create"),
        path("variants/<int:page_id>/sync/", VariantSyncView.as_view(), name="cms_variant_sync"),
        *two_factor.admin_urls(),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {"url": reverse("cms_2fa_setup"), "label": _("Two-step verification"),
            "help_text": _("Ask for a code from your phone after the password.")}


@hooks.register("register_page_header_buttons")
def variant_button(page, user, view_name=None, next_url=None):
    specific = page.specific_deferred
    if isinstance(specific, ContentPage) and not specific.is_variant and page.permissions_for_user(user).can_edit():
        yield wagtailadmin_widgets.Button(
            _("Language variant"), reverse("cms_variant_create", args=[page.pk]), icon_name="globe", priority=60,
        )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("cms.variant_synced", _("Mark variant up to date"), _("Variant marked up to date"))


class PolicyAreaViewSet(SnippetViewSet):
    model = PolicyArea
    icon = "tag"
    list_display = ["name", "code", "is_health_insurance"]
    search_fields = ["name", "code"]


class AudienceGroupViewSet(SnippetViewSet):
    model = AudienceGroup
    icon = "group"
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "date"
    list_display = ["name", "starts_on", "ends_on", "recurring_yearly"]
    list_filter = ["recurring_yearly"]
    search_fields = ["name"]


class ChannelKindViewSet(SnippetViewSet):
    model = ChannelKind
    icon = "radio-full"
    list_display = ["name", "code"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
    items = (PolicyAreaViewSet, AudienceGroupViewSet, CampaignViewSet, ChannelKindViewSet)


class OrgUnitViewSet(SnippetViewSet):
    model = OrgUnit
    icon = "site"
    list_display = ["name", "kind", "admin_type", "parent", "code"]
    list_filter = ["kind", "admin_type"]
    search_fields = ["name", "code"]
    panels = [
        FieldPanel("name"), FieldPanel("code"), FieldPanel("gso_code"), FieldPanel("kind"),
        FieldPanel("admin_type"), FieldPanel("parent"), FieldPanel("slug"),
        FieldPanel("has_radio_station"), FieldPanel("languages"), FieldPanel("is_active"),
        InlinePanel("aliases", label=_("Former names")),
    ]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    list_display = ["name_vi", "bcp47", "script", "is_ethnic", "national_radio"]
    list_filter = ["is_ethnic", "script"]
    panels = [
        FieldPanel("name_vi"), FieldPanel("name_en"), FieldPanel("script"),
        FieldPanel("is_ethnic"), FieldPanel("national_radio"), FieldPanel("font"),
    ]


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 290
    items = (OrgUnitViewSet, LanguageViewSet)


register_snippet(TaxonomyGroup)
register_snippet(OrganisationGroup)


@hooks.register("after_create_snippet")
def provision_new_unit(request, instance):
    """A province or centre added in the admin gets its section, groups and workflow at once."""
    if isinstance(instance, OrgUnit) and instance.kind != OrgUnit.Kind.COMMUNE:
        from cms.services.org_units import content_tree_ensure, unit_provision

        content_tree_ensure()
        unit_provision(instance)


@hooks.register("construct_page_chooser_queryset")
def hide_other_units_drafts(pages, request):
    """Wagtail's page chooser lists every page; a province's staff must not see another's drafts.

    They keep their own area (what they may explore) and live pages, which are public.
    (The chooser shows a live page's latest draft title; hiding that would need a
    search filter field Wagtail's Page does not have.)
    """
    from django.db.models import Q
    from wagtail.permission_policies.pages import PagePermissionPolicy

    user = request.user
    if user.is_superuser:
        return pages
    own = list(PagePermissionPolicy().explorable_instances(user).values_list("pk", flat=True))
    return pages.filter(Q(id__in=own) | Q(live=True))


@hooks.register("before_delete_snippet")
def refuse_deleting_units_in_use(request, instances):
    """A unit with staff, content or destinations is deactivated, not deleted."""
    from django.shortcuts import redirect
    from wagtail.admin import messages

    from cms.models import StaffProfile

    units = [instance for instance in instances if isinstance(instance, OrgUnit)]
    if units and (StaffProfile.objects.filter(org_unit__in=units).exists()
                  or OrgUnit.objects.filter(parent__in=units).exists()):
        messages.error(request, _("This unit still has staff or units below it: untick 'active' instead of deleting it."))
        return redirect("wagtailsnippets_cms_orgunit:list")
    return None


@hooks.register("construct_admin_api", order=10)
def scope_admin_api_files(router):
    """After Wagtail's own hooks registered its image and document endpoints: narrowed to collections."""
    from cms.api.v2 import SafePagesAdminAPIViewSet, ScopedDocumentsAdminAPIViewSet, ScopedImagesAdminAPIViewSet

    router.register_endpoint("pages", SafePagesAdminAPIViewSet)
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("before_serve_document")
def serve_only_visible_documents(document, request):
    """A published item's files are public; an unpublished one's only for staff of its collection."""
    from django.http import Http404

    from cms.files import may_see

    if not may_see(request.user, document):
        raise Http404("No such document")
    return None


class MyWorkPanel(Component):
    """'Việc của tôi': what was sent back to me, with what to change, first on the dashboard."""

    order = 40

    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context):
        from django.template.loader import render_to_string

        from cms.sendbacks import send_backs_for

        return render_to_string("cms/panels/my_work.html", {"send_backs": send_backs_for(self.user)})


@hooks.register("construct_homepage_panels")
def add_my_work_panel(request, panels):
    panels.insert(0, MyWorkPanel(request.user))


@hooks.register("before_edit_page")
def send_back_banner(request, page):
    """The latest send-back, who and when, at the top of the editor until the item is resubmitted."""
    from django.utils import formats, timezone
    from wagtail.admin import messages

    from cms.sendbacks import send_back_open

    if request.method != "GET" or not isinstance(page.specific_deferred, ContentPage):
        return None
    send_back = send_back_open(page)
    if send_back:
        who = send_back.by.get_full_name() or send_back.by.get_username() if send_back.by else _("an approver")
        when = formats.date_format(timezone.localtime(send_back.at), "H:i d/m/Y") if send_back.at else ""
        messages.warning(request, _("Needs changes: %(who)s sent this item back at %(when)s: “%(comment)s”") % {
            "who": who, "when": when, "comment": send_back.comment})
    return None


@hooks.register("before_edit_page")
def refuse_an_empty_send_back(request, page):
    """The editor's form can be posted without the dialog: an empty send-back is a message, not an error page.

    Wagtail reads the dialog's answer as JSON from the edit form and hands it to the task;
    ReviewTask refuses an empty comment there, which would otherwise surface as a 500.
    """
    import json

    from django.shortcuts import redirect
    from wagtail.admin import messages

    from cms.text import nfc

    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    try:
        extra = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        extra = None
    if not isinstance(extra, dict) or (request.POST.get("workflow-action-name") == "reject"
                                       and not nfc(str(extra.get("comment") or "")).strip()):
        messages.error(request, _("Say what the editor should change before sending the item back."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
