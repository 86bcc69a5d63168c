"""Admin views that Wagtail's generic views do not cover: making and syncing variants."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.models import Page

from cms.exceptions import CmsError
from cms.models import ContentPage, Language
from cms.services.variants import variant_create, variant_mark_in_sync


class VariantForm(forms.Form):
    language = forms.ModelChoiceField(
        queryset=Language.objects.none(), label=gettext_lazy("Language"),
        empty_label=None, widget=forms.RadioSelect,
    )

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        taken = source.get_translations(inclusive=True).values_list("locale_id", flat=True)
        self.fields["language"].queryset = Language.objects.exclude(locale_id__in=taken)


def _editable_content_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, ContentPage):
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


class VariantCreateView(FormView):
    template_name = "cms/admin/variant_create.html"
    form_class = VariantForm

    def dispatch(self, request, page_id):
        self.source = _editable_content_page(request, page_id)
        return super().dispatch(request, page_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "source": self.source}

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.source, **kwargs)

    def form_valid(self, form):
        language = form.cleaned_data["language"]
        try:
            variant = variant_create(source=self.source, locale_code=language.code, user=self.request.user)
        except CmsError as exc:
            form.add_error("language", str(exc.message))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The %(language)s variant was created as a draft. Translate it, then submit it for approval.")
            % {"language": language.name_vi},
        )
        return redirect("wagtailadmin_pages:edit", variant.pk)


class VariantSyncView(TemplateView):
    template_name = "cms/admin/variant_sync.html"

    def dispatch(self, request, page_id):
        self.variant = _editable_content_page(request, page_id)
        return super().dispatch(request, page_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.variant, source=self.variant.variant_source, **kwargs)

    def post(self, request, page_id):
        try:
            variant_mark_in_sync(variant=self.variant, user=request.user)
        except CmsError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The variant is marked as up to date with its original."))
        return redirect(reverse("wagtailadmin_pages:edit", args=[self.variant.pk]))
