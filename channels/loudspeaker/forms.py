from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.loudspeaker.services import MAX_TIMES


def operator_commune(user):
    """The commune a radio operator is bound to, or None for anyone else."""
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    if profile is None or profile.role != "radio_operator" or profile.org_unit.kind != "commune":
        return None
    return profile.org_unit


class OperatorLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong login name or password."),
        "not_operator": _("This account is not a commune radio operator's."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if operator_commune(user) is None:
            raise forms.ValidationError(self.error_messages["not_operator"], code="not_operator")


class ConfirmForm(forms.Form):
    broadcast_at = forms.DateTimeField(
        label=_("Broadcast at"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time, e.g. 30/11/2026 06:30."),
                        "required": _("Say when it was broadcast.")})
    # Django's own Vietnamese for these is stilted ("số tổng thể"): operators get plain words.
    times = forms.IntegerField(label=_("Times broadcast"), min_value=1, max_value=MAX_TIMES, initial=1,
                               error_messages={"invalid": _("Enter a whole number of times, e.g. 2."),
                                               "min_value": _("At least once."),
                                               "max_value": _("At most %(limit_value)s times at one sitting.")})
    note = forms.CharField(label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_broadcast_at(self):
        value = self.cleaned_data["broadcast_at"]
        now = timezone.now()
        if value > now + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("The broadcast time cannot be in the future."))
        if value < now - timezone.timedelta(days=62):
            raise forms.ValidationError(_("The broadcast time is too long ago."))
        return value
