from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from cms.text import fold


class OrgUnitQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(kind=OrgUnit.Kind.PROVINCE)

    def communes(self):
        return self.filter(kind=OrgUnit.Kind.COMMUNE)

    def within(self, unit):
        """``unit`` and everything below it (the tree has three levels)."""
        if unit.kind == OrgUnit.Kind.CENTRAL:
            return self.all()
        if unit.kind == OrgUnit.Kind.PROVINCE:
            return self.filter(models.Q(pk=unit.pk) | models.Q(parent=unit))
        return self.filter(pk=unit.pk)

    def resolve(self, name, kind=None):
        """Find a unit by its current or a former name, ignoring case and accents.

        Names repeat across levels (Yên Bái was a province and is now a ward), so
        pass ``kind`` when the level is known; an ambiguous name raises
        MultipleObjectsReturned naming the candidates.
        """
        key = fold(name).strip()
        units = self.filter(kind=kind) if kind else self.all()
        matches = [
            unit for unit in units.select_related("parent").prefetch_related("aliases")
            if any(fold(candidate) == key
                   for candidate in (unit.name, unit.full_name, *(alias.name for alias in unit.aliases.all())))
        ]
        if not matches:
            raise self.model.DoesNotExist(f"No organisation unit named {name!r}")
        if len(matches) > 1:
            raise self.model.MultipleObjectsReturned(
                f"{name!r} names several units: " + "; ".join(f"{unit} ({unit.code})" for unit in matches)
            )
        return matches[0]


class OrgUnit(ClusterableModel):
    """Central office -> provinces -> communes, loaded as data (``load_org_units``).

    Since 1 July 2025 there is no district level, so the tree has three levels.
    Former names (merged provinces, renamed communes) are kept as aliases because
    older content and reports use them.
    """

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central office")
        PROVINCE = "province", _("Province / city")
        COMMUNE = "commune", _("Commune / ward / special zone")

    class AdminType(models.TextChoices):
        AGENCY = "co_quan", _("Agency")
        PROVINCE = "tinh", _("Province")
        CITY = "thanh_pho", _("Centrally-run city")
        COMMUNE = "xa", _("Commune")
        WARD = "phuong", _("Ward")
        SPECIAL_ZONE = "dac_khu", _("Special zone")

    code = models.CharField(_("code"), max_length=32, unique=True)
    gso_code = models.CharField(
        _("official statistics code"), max_length=8, blank=True,
        help_text=_("Code in the national list of administrative units, where known."),
    )
    kind = models.CharField(_("level"), max_length=10, choices=Kind.choices)
    admin_type = models.CharField(_("type"), max_length=10, choices=AdminType.choices)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    has_radio_station = models.BooleanField(_("has a commune radio station"), default=False)
    languages = models.ManyToManyField(
        "cms.Language", verbose_name=_("local languages"), blank=True, related_name="org_units",
        help_text=_("Ethnic-minority languages spoken here, for variants and broadcasts."),
    )
    section_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("content section"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    workflow = models.ForeignKey(
        "wagtailcore.Workflow", verbose_name=_("approval workflow"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        prefix = {
            self.AdminType.PROVINCE: "Tỉnh",
            self.AdminType.CITY: "Thành phố",
            self.AdminType.COMMUNE: "Xã",
            self.AdminType.WARD: "Phường",
            self.AdminType.SPECIAL_ZONE: "Đặc khu",
        }.get(self.admin_type)
        return f"{prefix} {self.name}" if prefix else self.name

    @property
    def province(self):
        """The province this unit belongs to (itself for a province, None for the centre)."""
        if self.kind == self.Kind.PROVINCE:
            return self
        if self.kind == self.Kind.COMMUNE:
            return self.parent
        return None

    def contains(self, other):
        if other is None:
            return False
        if self.kind == self.Kind.CENTRAL or self.pk == other.pk:
            return True
        return self.kind == self.Kind.PROVINCE and other.parent_id == self.pk

    def clean(self):
        if self.kind and self.kind != self.Kind.COMMUNE and self.name:
            clash = OrgUnit.objects.filter(kind=self.kind).exclude(pk=self.pk)
            if any(fold(unit.name) == fold(self.name) for unit in clash):
                raise ValidationError({"name": _("Another unit of this level already has this name.")})
        expected_parent = {
            self.Kind.CENTRAL: None,
            self.Kind.PROVINCE: self.Kind.CENTRAL,
            self.Kind.COMMUNE: self.Kind.PROVINCE,
        }[self.kind] if self.kind else None
        parent_kind = self.parent.kind if self.parent_id else None
        if parent_kind != expected_parent:
            raise ValidationError(
                {"parent": _("A %(kind)s must sit under a %(parent)s.") % {
                    "kind": self.get_kind_display(),
                    "parent": self.Kind(expected_parent).label if expected_parent else _("nothing"),
                }}
            )


class OrgUnitAlias(Orderable):
    unit = ParentalKey(OrgUnit, related_name="aliases", on_delete=models.CASCADE)
    name = models.CharField(_("former name"), max_length=120)
    valid_until = models.DateField(_("used until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("former name")
        verbose_name_plural = _("former names")

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver")
    CHIEF_EDITOR = "chief_editor", _("Editor-in-chief")
    LEADERSHIP = "leadership", _("Centre leadership")
    RADIO_OPERATOR = "radio_operator", _("Commune radio operator")


class OrgUnitGroup(models.Model):
    """The Django group that holds one role for one unit (e.g. Lào Cai's approvers)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(max_length=20, choices=Role.choices)
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="org_role")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "role"], name="unique_unit_role")]

    def __str__(self):
        return self.group.name


class StaffProfile(models.Model):
    """Which unit a person works for; the radio pages and the API scope by it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("staff profile")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.org_unit})"
