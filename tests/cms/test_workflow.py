"""Editorial approval: a province's one-step workflow and the centre's two steps,
send-back with a comment, and the audit log."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from cms.services.content import content_approve, content_reject, content_submit


def test_province_item_is_live_after_its_approver_approves(make_news, section_a, users):
    page = make_news(section_a)
    content_submit(page=page, user=users["editor_a"])
    assert not page.live
    content_approve(page=page, user=users["approver_a"])
    page.refresh_from_db()
    assert page.live
    assert page.live_revision_id == page.latest_revision_id


def test_central_item_needs_chief_editor_then_leadership(make_news, central_section, users):
    page = make_news(central_section, user=users["central_editor"], title="Tin trung ương")
    content_submit(page=page, user=users["central_editor"])
    with pytest.raises(PermissionDenied):
        content_approve(page=page, user=users["leadership"])  # not leadership's step yet
    content_approve(page=page, user=users["chief_editor"])
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_task.name.endswith("Lãnh đạo Trung tâm duyệt")
    content_approve(page=page, user=users["leadership"])
    page.refresh_from_db()
    assert page.live


def test_send_back_keeps_the_comment_and_leaves_the_item_unpublished(make_news, section_a, users):
    page = make_news(section_a)
    content_submit(page=page, user=users["editor_a"])
    content_reject(page=page, user=users["approver_a"], comment="Bổ sung số liệu của xã.")
    page.refresh_from_db()
    assert not page.live
    state = WorkflowState.objects.for_instance(page).latest("created_at")
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = TaskState.objects.get(workflow_state=state)
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "Bổ sung số liệu của xã."


def test_send_back_needs_a_comment(make_news, section_a, users):
    page = make_news(section_a)
    content_submit(page=page, user=users["editor_a"])
    with pytest.raises(ValueError):
        content_reject(page=page, user=users["approver_a"], comment="  ")


def test_send_back_through_the_admin_form(client, make_news, section_a, users):
    page = make_news(section_a)
    content_submit(page=page, user=users["editor_a"])
    task_state = page.current_workflow_state.current_task_state
    client.force_login(users["approver_a"])
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    response = client.post(url, {"comment": "Ảnh chưa đúng, đề nghị thay."})
    assert response.status_code in (200, 302)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "Ảnh chưa đúng, đề nghị thay."


def test_audit_log_records_each_step(make_news, section_a, users):
    page = make_news(section_a)
    content_submit(page=page, user=users["editor_a"])
    content_approve(page=page, user=users["approver_a"])
    actions = list(PageLogEntry.objects.filter(page=page).order_by("timestamp").values_list("action", "user__username"))
    assert ("wagtail.create", "editor_a") in actions
    assert ("wagtail.workflow.start", "editor_a") in actions
    assert ("wagtail.workflow.approve", "approver_a") in actions
    assert ("wagtail.publish", "approver_a") in actions


def test_an_edit_during_approval_restarts_it(make_news, section_a, users):
    """The approver approves what goes out: an edit while waiting needs a new approval."""
    page = make_news(section_a, title="Bản gửi duyệt")
    content_submit(page=page, user=users["editor_a"])
    page = type(page).objects.get(pk=page.pk)
    page.title = "Bản sửa sau khi gửi duyệt"
    edited = page.save_revision(user=users["approver_a"])
    content_approve(page=page, user=users["approver_a"])  # approves the submitted revision only
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.current_task_state.revision_id == edited.pk
    content_approve(page=page, user=users["approver_a"])  # now the edit itself is approved
    page.refresh_from_db()
    assert page.live and page.title == "Bản sửa sau khi gửi duyệt"
    assert page.live_revision_id == edited.pk


def test_finishing_publishes_the_approved_revision_not_a_later_one(make_news, section_a, users):
    """Even if a revision is saved behind the workflow's back, the approved one goes live."""
    page = make_news(section_a, title="Bản đã duyệt")
    content_submit(page=page, user=users["editor_a"])
    approved = page.current_workflow_state.current_task_state.revision_id
    # A revision saved behind the workflow's back (a script, a race with the approver):
    later = type(page).objects.get(pk=page.pk)
    later.title = "Bản chưa duyệt"
    later.save_revision(user=users["editor_a"], clean=False)
    state = page.current_workflow_state
    from cms.workflows import publish_approved_revision

    publish_approved_revision(state, user=users["approver_a"])
    page.refresh_from_db()
    assert page.live and page.title == "Bản đã duyệt"
    assert page.live_revision_id == approved
