from django import forms
from django.utils.translation import gettext_lazy as _

from reports.lines import MANUAL_LINES
from reports.periods import KINDS

PERIOD_CHOICES = [
    ("q1", _("Quarter 1")), ("q2", _("Quarter 2")), ("q3", _("Quarter 3")), ("q4", _("Quarter 4")),
    ("h1", _("First half-year")), ("h2", _("Second half-year")), ("year", _("Whole year")),
    ("range", _("Dates of your choice")),
]
assert [kind for kind, _label in PERIOD_CHOICES] == list(KINDS)


class ManualFiguresForm(forms.Form):
    """One field per hand-entered line of the table; empty means "not entered", not zero."""

    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for line in MANUAL_LINES:
            label = f"{line.number} {line.label}" if line.number not in ("", "-") else str(line.label)
            if line.decimal:
                field = forms.DecimalField(label=label, required=False, min_value=0, max_value=100,
                                           decimal_places=2, max_digits=5)
            else:
                field = forms.IntegerField(label=label, required=False, min_value=0, max_value=10**15)
            field.help_text = line.unit
            self.fields[line.key] = field
        self.order_fields([line.key for line in MANUAL_LINES] + ["notes"])

    def values(self):
        return {line.key: (str(self.cleaned_data[line.key]) if line.decimal else self.cleaned_data[line.key])
                for line in MANUAL_LINES if self.cleaned_data.get(line.key) is not None}
