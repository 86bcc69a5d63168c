"""A province drafts its plan, its approver approves it, the Communication Centre receives it."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from tests.plans.conftest import login

pytestmark = pytest.mark.django_db


def _plan_form(unit, year, quantity):
    from plans.models import PlanTemplateLine

    line = PlanTemplateLine.objects.get(code="1.1")
    return {
        "org_unit": unit.pk, "year": year, "number": "", "place": "Lào Cai", "signer": "", "signer_title": "GIÁM ĐỐC",
        "recipients": "Trung tâm Truyền thông", "notes": "",
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000",
        "lines-0-template_line": line.pk, "lines-0-content": "Hội nghị với Hội Nông dân", "lines-0-quantity": quantity,
        "lines-0-unit_of_count": "", "lines-0-lead_unit": "Phòng Truyền thông", "lines-0-partner_units": "",
        "lines-0-period_kind": "quarter", "lines-0-period_number": "2", "lines-0-budget": "12.5", "lines-0-note": "",
        "lines-0-ORDER": "1", "lines-0-id": "", "lines-0-DELETE": "",
    }


def _act(client, plan, action):
    from plans.models import YearlyPlan

    plan = YearlyPlan.objects.get(pk=plan.pk)
    state = plan.current_workflow_state
    url = reverse("wagtailsnippets_plans_yearlyplan:workflow_action",
                  args=[plan.pk, action, state.current_task_state.pk])
    return client.post(url, {"comment": ""})


def test_plan_goes_draft_then_province_approval_then_centre_receipt(units):
    from plans.models import YearlyPlan

    editor = login("editor_a")
    add = reverse("wagtailsnippets_plans_yearlyplan:add")
    response = editor.post(add, {**_plan_form(units["15"], 2026, 8), "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = YearlyPlan.objects.get(org_unit=units["15"], year=2026)
    assert not plan.live and plan.current_workflow_task.specific.step == "province"

    # Province B's approver and the centre cannot take the province's step.
    assert _act(login("approver_b"), plan, "approve").status_code in (302, 403, 404)
    assert YearlyPlan.objects.get(pk=plan.pk).current_workflow_task.specific.step == "province"

    assert _act(login("approver_a"), plan, "approve").status_code == 302
    plan = YearlyPlan.objects.get(pk=plan.pk)
    assert plan.current_workflow_task.specific.step == "centre" and not plan.live

    assert _act(login("approver_a"), plan, "approve").status_code in (302, 403)  # not the centre
    assert YearlyPlan.objects.get(pk=plan.pk).current_workflow_task.specific.step == "centre"

    assert _act(login("leadership"), plan, "approve").status_code == 302
    plan = YearlyPlan.objects.get(pk=plan.pk)
    assert plan.live and plan.current_workflow_state is None
    assert WorkflowState.objects.filter(object_id=str(plan.pk), status="approved").exists()
    assert [(line.template_line.code, line.quantity) for line in plan.lines.all()] == [("1.1", 8)]


def test_revision_keeps_the_received_plan_live(units):
    from plans.models import YearlyPlan

    editor = login("editor_a")
    editor.post(reverse("wagtailsnippets_plans_yearlyplan:add"), {**_plan_form(units["15"], 2026, 8), "action-submit": "1"})
    plan = YearlyPlan.objects.get(org_unit=units["15"])
    _act(login("approver_a"), plan, "approve")
    _act(login("leadership"), plan, "approve")
    plan = YearlyPlan.objects.get(pk=plan.pk)
    data = _plan_form(units["15"], 2026, 20)
    line = plan.lines.get()
    data.update({"lines-INITIAL_FORMS": "1", "lines-0-id": line.pk})
    response = editor.post(reverse("wagtailsnippets_plans_yearlyplan:edit", args=[plan.pk]), data)
    assert response.status_code == 302
    plan = YearlyPlan.objects.get(pk=plan.pk)
    assert plan.live and plan.lines.get().quantity == 8  # the received plan is what counts
    assert plan.get_latest_revision_as_object().lines.get().quantity == 20  # the revision under way
    assert plan.has_unpublished_changes


def test_province_b_cannot_open_or_list_a_plan(units):
    from plans.models import YearlyPlan
    from tests.plans.conftest import make_plan

    plan = make_plan(units["15"], 2026, [("1.1", 4, "year", None)])
    other = login("editor_b")
    assert other.get(reverse("wagtailsnippets_plans_yearlyplan:edit", args=[plan.pk])).status_code in (403, 404)
    listing = other.get(reverse("wagtailsnippets_plans_yearlyplan:list"))
    assert listing.status_code == 200 and "Lào Cai" not in listing.content.decode()
    assert YearlyPlan.objects.count() == 1
    assert login("editor_a").get(reverse("wagtailsnippets_plans_yearlyplan:edit", args=[plan.pk])).status_code == 200


def test_plan_and_register_lists_lead_to_their_imports(units):
    editor = login("editor_a")
    for listing, target, label in (("wagtailsnippets_plans_yearlyplan:list", "plans_import", "Nhập kế hoạch năm"),
                                   ("wagtailsnippets_plans_activityentry:list", "plans_register_import",
                                    "Nhập hoạt động")):
        html = editor.get(reverse(listing)).content.decode()
        assert f'href="{reverse(target)}"' in html and label in html
        assert editor.get(reverse(target)).status_code == 200
