"""The approval step every unit's workflow uses: Wagtail's group approval, with a send-back that says why."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import GroupApprovalTask

from cms.text import nfc


class SendBackForm(TaskStateCommentForm):
    """The 'Yêu cầu chỉnh sửa' dialog: the editor must be told what to change."""

    comment = forms.CharField(
        label=_("What to change"), required=True, widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Say what the editor should change before sending the item back.")},
    )

    def clean_comment(self):
        comment = nfc(self.cleaned_data.get("comment") or "").strip()
        if not comment:
            raise ValidationError(_("Say what the editor should change before sending the item back."))
        return comment


class ReviewTask(GroupApprovalTask):
    """Group approval whose 'request changes' cannot be sent without a comment.

    Wagtail's own task takes an empty comment; the editor then learns nothing.
    Requiring it in the task's form makes the dialog refuse it, for every way in.
    """

    def get_form_for_action(self, action):
        if action == "reject":
            return SendBackForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "reject" and not nfc(kwargs.get("comment") or "").strip():
            raise ValueError("A send-back needs a comment saying what to change")
        return super().on_action(task_state, user, action_name, **kwargs)

    class Meta:
        verbose_name = _("Approval by the unit's approvers")
        verbose_name_plural = _("Approvals by the unit's approvers")
