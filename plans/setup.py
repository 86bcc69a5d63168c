"""Data the plans app needs in every database: the appendix 01 lines and the plan workflow. Idempotent."""

import json
import pathlib
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

from plans.models import PlanStepTask, PlanTemplateLine, YearlyPlan

FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "plan_lines.json"
WORKFLOW_NAME = "Kế hoạch TTTT năm"


def plan_lines_load(path=FIXTURE):
    """Create or update the template lines from the fixture; lines no longer in it are kept (plans use them)."""
    data = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    with transaction.atomic():
        for record in data["lines"]:
            PlanTemplateLine.objects.update_or_create(code=record["code"], defaults={
                "label": unicodedata.normalize("NFC", record["label"]), "is_heading": record["is_heading"],
                "default_unit": unicodedata.normalize("NFC", record["default_unit"]),
                "measure": record["measure"], "sort_order": record["sort_order"]})
    return len(data["lines"])


def plan_workflow_ensure():
    """One workflow for every unit's plan: the province's approver, then the centre (see PlanStepTask)."""
    with transaction.atomic():
        workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
        if workflow is None:
            workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
            for order, (step, name) in enumerate([(PlanStepTask.Step.PROVINCE, "Lãnh đạo tỉnh duyệt kế hoạch"),
                                                  (PlanStepTask.Step.CENTRE, "Trung tâm Truyền thông tiếp nhận")]):
                task = PlanStepTask.objects.create(name=name, step=step)
                WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        WorkflowContentType.objects.get_or_create(content_type=ContentType.objects.get_for_model(YearlyPlan),
                                                  defaults={"workflow": workflow})
    return workflow


def plans_setup(**kwargs):
    plan_lines_load()
    plan_workflow_ensure()
