"""The destination form: the model's own fields, then the chosen channel's typed settings form.

A destination's settings are the channel's declared ConfigFields (channels/config.py),
shown as a form of their own under "Channel settings" and stored, as before, in the
JSON ``config``: keys the channel does not declare (an adapter's extra settings) are
kept as they are. The secret is write-only: never rendered, kept when left empty.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel

from channels.registry import UnknownChannel, get_registry
from cms.models import ChannelKind


def _as_field_reads(field, value):
    if field is None:
        return value
    try:
        return field.to_python(value)
    except ValidationError:  # a bad stored value is shown as it is; saving it again gives the field's message
        return value


class DestinationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        registry = get_registry()
        editing = bool(self.instance.pk)
        kind = self.instance.channel if editing else (self.data.get("channel") if self.is_bound else None) \
            or self.instance.channel or self.initial.get("channel")
        try:
            self.channel = registry.get(kind) if kind else None
        except UnknownChannel:
            self.channel = None
        # Chosen before the form (the create view asks first); changing it would change every setting.
        self.fields["channel"] = forms.ChoiceField(
            label=_("Channel"), choices=registry.choices(), disabled=editing,
            widget=forms.Select if editing else forms.HiddenInput,
            initial=self.channel.kind if self.channel else None)
        secret = self.fields["secret"]
        secret.widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})
        secret.required = False
        self.initial.pop("secret", None)
        if self.channel is not None:
            secret.label = self.channel.secret_label or secret.label
            keep = _("Write-only: leave empty to keep the current secret.") if self.instance.secret else ""
            secret.help_text = " ".join(str(text) for text in (self.channel.secret_help, keep) if text)
            if not editing and self.channel.box is not None and not self.initial.get("channel_kind"):
                self.initial["channel_kind"] = ChannelKind.objects.filter(code=self.channel.box.code).first()
        self.config_form = self._config_form()
        if "org_unit" in self.fields and getattr(self, "for_user", None) is not None:
            from publishing.services.scoping import unit_ids_for

            ids = unit_ids_for(self.for_user)  # a destination goes only under a unit one looks after
            if ids is not None:
                field = self.fields["org_unit"]
                field.queryset = field.queryset.filter(pk__in=ids)

    def _config_form(self):
        if self.channel is None:
            return None
        stored = self.instance.config if isinstance(self.instance.config, dict) else {}
        form_class = self.channel.config_form_class()
        # Stored values as the fields read them: a "false" kept as text must not show a ticked box.
        initial = {name: _as_field_reads(form_class.base_fields.get(name), value) for name, value in stored.items()}
        return form_class(self.data if self.is_bound else None, initial=initial, prefix="config")

    def clean_secret(self):
        value = self.cleaned_data.get("secret")
        return value if value else (self.instance.secret if self.instance.pk else "")

    def clean(self):
        cleaned = super().clean()
        if self.channel is None:
            self.add_error("channel", _("Choose a channel."))
            return cleaned
        if not self.config_form.is_valid():
            self.add_error(None, _("Some channel settings need correcting; see the messages beside them."))
            return cleaned
        stored = self.instance.config if isinstance(self.instance.config, dict) else {}
        declared = {field.name for field in self.channel.config_fields}
        # Undeclared keys stay (an adapter's extra settings); declared ones are what the form says.
        self.instance.config = {**{k: v for k, v in stored.items() if k not in declared}, **self.config_form.config()}
        if self.channel.needs_secret and not cleaned.get("secret"):
            self.add_error("secret", _("This channel needs its secret (shared secret or access token)."))
        return cleaned


    def _update_errors(self, errors):
        # The model's check of ``config`` repeats the settings form's, whose messages are beside each field.
        if hasattr(errors, "error_dict"):
            errors.error_dict.pop("config", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)


class ChannelSettingsPanel(Panel):
    """The chosen channel's settings form, with its messages, inside the destination editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "publishing/panels/channel_settings.html"

        def is_shown(self):
            return getattr(self.form, "config_form", None) is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(config_form=self.form.config_form, channel=self.form.channel)
            return context
