from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguageQuerySet(models.QuerySet):
    def ethnic(self):
        return self.filter(is_ethnic=True)


class Language(models.Model):
    """A content language: the data behind a Wagtail Locale.

    Wagtail's Locale only knows a code; the editors, the radio exports and the
    reports also need the Vietnamese name, the script and the font to print it in.
    Rows come from cms/fixtures/languages.json through ``load_languages``.
    """

    locale = models.OneToOneField(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="language"
    )
    code = models.CharField(_("locale code"), max_length=32, unique=True)
    bcp47 = models.CharField(_("BCP 47 tag"), max_length=35, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    script = models.CharField(_("script (ISO 15924)"), max_length=4, default="Latn")
    is_ethnic = models.BooleanField(_("ethnic-minority language"), default=False)
    national_radio = models.BooleanField(
        _("broadcast by the national ethnic-language radio"), default=False
    )
    font = models.CharField(_("font for printed exports"), max_length=60, default="Noto Sans")

    objects = LanguageQuerySet.as_manager()

    class Meta:
        ordering = ["is_ethnic", "name_vi"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name_vi

    def clean(self):
        if self.code and self.bcp47 and self.code != self.bcp47.lower():
            raise ValidationError({"code": _("The locale code must be the BCP 47 tag in lower case.")})
