"""The yearly plan of a unit in the layout of appendix 01 of the 2018 programme, and its approval steps."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (DraftStateMixin, LockableMixin, Orderable, RevisionMixin, Task, TaskState,
                            WorkflowMixin)
from wagtail.search import index

from plans import access


class PlanTemplateLine(models.Model):
    """One line of the appendix 01 template ("1.1 Hội nghị, tập huấn"), loaded from fixtures/plan_lines.json.

    Data, not code: the agency rewords its template from year to year. ``measure`` says what
    counts as done for the line (register kinds, channel kinds of deliveries, broadcasts) in
    the same data file, so no channel is named in this app's code.
    """

    code = models.CharField(_("number"), max_length=10, unique=True)
    label = models.CharField(_("activity"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_heading = models.BooleanField(_("heading"), default=False,
                                     help_text=_("A group line whose sub-lines carry the figures."))
    default_unit = models.CharField(_("unit of count"), max_length=60, blank=True)
    measure = models.JSONField(_("what counts as done"), default=dict, blank=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("plan template line")
        verbose_name_plural = _("plan template lines")

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def is_counted(self):
        return bool(self.measure)


class YearlyPlanQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)


class YearlyPlan(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """"Kế hoạch công tác thông tin, truyền thông năm …" of one province (or the centre).

    Drafted by the province's editors, approved by its approver, then received by the
    Communication Centre (the "Kế hoạch TTTT năm" workflow). The row holds the live,
    received version; a revision under way is a draft beside it, so the approved plan stays
    what plan-against-actual reads until the revision is received in turn.
    """

    org_unit = models.ForeignKey("cms.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                                 related_name="yearly_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("document number"), max_length=40, blank=True,
                              help_text=_("Filled in by the office when it is signed, e.g. 15/KH-BHXH."))
    place = models.CharField(_("place of signing"), max_length=80, blank=True)
    signer = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True, default="GIÁM ĐỐC")
    recipients = models.TextField(_("recipients"), blank=True,
                                  default="Trung tâm Truyền thông BHXH VN;\nCác PGĐ;\nCác phòng nghiệp vụ;\nLưu: VT.")
    notes = models.TextField(_("notes"), blank=True)

    objects = YearlyPlanQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("org_unit"), FieldPanel("year")]),
        MultiFieldPanel([FieldPanel("number"), FieldPanel("place"), FieldPanel("signer"), FieldPanel("signer_title"),
                         FieldPanel("recipients")], heading=_("Header and signature")),
        InlinePanel("lines", label=_("Plan lines"), heading=_("Activities")),
        FieldPanel("notes"),
    ]
    search_fields = [index.FilterField("org_unit"), index.FilterField("year"), index.SearchField("notes")]

    class Meta:
        ordering = ["-year", "org_unit__code"]
        verbose_name = _("yearly communication plan")
        verbose_name_plural = _("yearly communication plans")
        constraints = [models.UniqueConstraint(fields=["org_unit", "year"], name="one_plan_per_unit_year")]

    def __str__(self):
        return f"Kế hoạch TTTT năm {self.year} · {self.org_unit}"

    @property
    def total_budget(self):
        return sum((line.budget or 0) for line in self.lines.all())


class PlanLine(Orderable):
    class PeriodKind(models.TextChoices):
        YEAR = "year", _("Whole year")
        QUARTER = "quarter", _("Quarter")
        MONTH = "month", _("Month")

    plan = ParentalKey(YearlyPlan, related_name="lines", on_delete=models.CASCADE)
    template_line = models.ForeignKey(PlanTemplateLine, verbose_name=_("template line"), on_delete=models.PROTECT,
                                      related_name="+")
    content = models.TextField(_("content of the activity"), blank=True)
    quantity = models.PositiveIntegerField(_("planned quantity"), null=True, blank=True)
    unit_of_count = models.CharField(_("unit of count"), max_length=60, blank=True,
                                     help_text=_("cuộc, tin, bài, cái, tờ… Empty: the template's."))
    lead_unit = models.CharField(_("lead unit"), max_length=200, blank=True)
    partner_units = models.CharField(_("partner units"), max_length=300, blank=True)
    period_kind = models.CharField(_("time"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    period_number = models.PositiveSmallIntegerField(_("quarter or month number"), null=True, blank=True)
    budget = models.DecimalField(_("budget (million đồng)"), max_digits=12, decimal_places=3, null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    panels = [
        FieldPanel("template_line"), FieldPanel("content"),
        FieldRowPanel([FieldPanel("quantity"), FieldPanel("unit_of_count")]),
        FieldRowPanel([FieldPanel("lead_unit"), FieldPanel("partner_units")]),
        FieldRowPanel([FieldPanel("period_kind"), FieldPanel("period_number"), FieldPanel("budget")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")

    def __str__(self):
        return f"{self.template_line.code} {self.content or self.template_line.label}"

    @property
    def months(self):
        """(first month, last month) the line is planned for."""
        if self.period_kind == self.PeriodKind.QUARTER and self.period_number:
            return 3 * self.period_number - 2, 3 * self.period_number
        if self.period_kind == self.PeriodKind.MONTH and self.period_number:
            return self.period_number, self.period_number
        return 1, 12

    @property
    def period_label(self):
        if self.period_kind == self.PeriodKind.QUARTER and self.period_number:
            return f"Quý {self.period_number}"
        if self.period_kind == self.PeriodKind.MONTH and self.period_number:
            return f"Tháng {self.period_number}"
        return "Cả năm"

    @property
    def count_unit(self):
        return self.unit_of_count or self.template_line.default_unit


class PlanStepTask(Task):
    """A step of the plan workflow whose moderators follow the plan's unit, not fixed groups.

    One workflow serves every province (Wagtail assigns snippet workflows per model), so the
    province step is taken by the approver of *the plan's* province, and the centre step by
    the Communication Centre's editor-in-chief or leadership.
    """

    class Step(models.TextChoices):
        PROVINCE = "province", _("Approved by the province's approver")
        CENTRE = "centre", _("Received by the Communication Centre")

    step = models.CharField(_("step"), max_length=10, choices=Step.choices)

    admin_form_fields = Task.admin_form_fields + ["step"]

    class Meta:
        verbose_name = _("plan approval step")
        verbose_name_plural = _("plan approval steps")

    def may_moderate(self, obj, user):
        return access.may_moderate_plan(user, obj, self.step)

    def user_can_access_editor(self, obj, user):
        return self.may_moderate(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_moderate(obj, user)

    def user_can_lock(self, obj, user):
        return self.may_moderate(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.may_moderate(obj, user):
            return []
        approve = _("Approve") if self.step == self.Step.PROVINCE else _("Receive")
        return [("reject", _("Request changes"), True), ("approve", approve, False),
                ("approve", _("Approve with comment"), True)]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        units = access.units_moderated(user, self.step)
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if units is None:
            return states
        ids = YearlyPlan.objects.filter(org_unit_id__in=units).values_list("pk", flat=True)
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in ids])

    @classmethod
    def get_description(cls):
        return _("The approver of the plan's own province, or the Communication Centre, takes this step")
