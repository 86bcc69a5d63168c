"""A channel's destination settings as typed form fields, and the form built from them.

Settings are stored as they always were, in Destination.config (JSON): each field
is one key. The form is what staff fill in (Vietnamese labels, help and
validation); the same form checks a config given in code (``validate_config``),
so a destination made by a service or a command is held to the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

TYPES = ("text", "url", "integer", "number", "choice", "boolean", "digits", "template", "times")
PREFIX = "config__"  # the form fields' names in the destination form, beside the model's fields
_TIMES = re.compile(r"^\s*([01]\d|2[0-3]):[0-5]\d\s*(,\s*([01]\d|2[0-3]):[0-5]\d\s*)*$")


@dataclass(frozen=True)
class ConfigField:
    """One setting of a destination: its key in the JSON config, its label, help and type.

    ``type`` is one of TYPES: "url" takes http(s) addresses, "digits" an id made of
    digits (a fanpage id), "template" a text whose {placeholders} must be among
    ``placeholders``, "times" comma-separated HH:MM, "choice" one of ``choices``.
    Numbers may have ``min_value`` / ``max_value``.
    """

    name: str
    label: str
    required: bool = True
    help: str = ""
    type: str = "text"
    choices: tuple = ()
    min_value: float | None = None
    max_value: float | None = None
    placeholders: tuple[str, ...] = ()
    max_length: int = 500

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"config field {self.name!r}: type {self.type!r} is not one of {', '.join(TYPES)}")
        if not re.match(r"^[a-z][a-z0-9_]*$", self.name):
            raise ValueError(f"config field name {self.name!r} is not a lower-case identifier")

    def form_field(self) -> forms.Field:
        common = {"label": self.label, "required": self.required, "help_text": self.help}
        if self.type == "url":
            return forms.URLField(max_length=self.max_length, assume_scheme="https", **common)
        if self.type == "integer":
            return forms.IntegerField(min_value=self.min_value, max_value=self.max_value, **common)
        if self.type == "number":
            return forms.FloatField(min_value=self.min_value, max_value=self.max_value, **common)
        if self.type == "choice":
            choices = list(self.choices() if callable(self.choices) else self.choices)
            return forms.ChoiceField(choices=[("", "---------"), *choices], **common)
        if self.type == "boolean":
            return forms.BooleanField(**{**common, "required": False})
        field = forms.CharField(max_length=self.max_length, **common)
        if self.type == "digits":
            field.validators.append(RegexValidator(r"^\d+$", _("Enter digits only (the numeric id).")))
        elif self.type == "times":
            field.validators.append(RegexValidator(_TIMES, _("Enter times of day as HH:MM, separated by commas.")))
        elif self.type == "template":
            field.validators.append(PlaceholderValidator(self.placeholders))
        return field

    def to_json(self, value):
        """The cleaned value as stored in the JSON config; None: leave the key out (the channel's default)."""
        if value in (None, ""):
            return None
        if self.type == "boolean":
            return bool(value) or None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value.strip() if isinstance(value, str) else value


class PlaceholderValidator:
    def __init__(self, placeholders):
        self.placeholders = tuple(placeholders)

    def __call__(self, value):
        try:
            value.format(**dict.fromkeys(self.placeholders, ""))
        except (KeyError, IndexError, ValueError) as exc:
            raise ValidationError(
                _("Unknown or broken placeholder %(problem)s; you may use %(allowed)s."),
                params={"problem": exc, "allowed": ", ".join("{%s}" % name for name in self.placeholders)},
                code="placeholder") from None

    def __eq__(self, other):
        return isinstance(other, PlaceholderValidator) and other.placeholders == self.placeholders


class ConfigForm(forms.Form):
    """The settings of one channel's destination. Built by ``config_form_class``; ``channel`` set there."""

    channel = None

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                self.channel.clean_config(self.config())
            except ValidationError as exc:
                self._add_channel_errors(exc)
        return cleaned

    def _add_channel_errors(self, exc):
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc)

    def config(self) -> dict:
        """The cleaned settings as the JSON config stores them (empty ones left out)."""
        config = {}
        for field in self.channel.config_fields:
            value = field.to_json(self.cleaned_data.get(field.name))
            if value is not None:
                config[field.name] = value
        return config


def config_form_class(channel) -> type[ConfigForm]:
    fields = {field.name: field.form_field() for field in channel.config_fields}
    return type(f"{type(channel).__name__}ConfigForm", (ConfigForm,), {**fields, "channel": channel})


def config_problems(channel, config) -> dict[str, list[str]]:
    """{field name or "__all__": [messages]} for a config given in code; {} when it is good."""
    if not isinstance(config, dict):
        return {"__all__": [str(_("The settings must be named values (a JSON object), not %(kind)s.")
                               % {"kind": type(config).__name__})]}
    form = config_form_class(channel)(data={key: value for key, value in config.items() if value is not None})
    if form.is_valid():
        return {}
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}
