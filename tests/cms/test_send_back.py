"""A send-back cannot be empty and cannot be missed."""

from django.urls import reverse
from wagtail.models import WorkflowState

from cms.services.content import content_reject, content_submit


def _submitted(make_news, section_a, users, title="Tin cần duyệt"):
    page = make_news(section_a, title=title)
    content_submit(page=page, user=users["editor_a"])
    return page.__class__.objects.get(pk=page.pk)


def test_the_dialog_refuses_an_empty_send_back(client, users, section_a, make_news):
    page = _submitted(make_news, section_a, users)
    task_state = page.current_workflow_task_state
    client.force_login(users["approver_a"])
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    dialog = client.get(url).json()["html"]
    assert "Cần chỉnh sửa gì" in dialog and "required" in dialog
    response = client.post(url, {"comment": "   "}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert "Hãy ghi rõ biên tập viên cần chỉnh sửa gì" in response.json()["html"]
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    client.post(url, {"comment": "Thêm nguồn số liệu."})
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_the_editor_sees_the_comment_who_and_when(client, users, section_a, make_news):
    users["approver_a"].first_name, users["approver_a"].last_name = "Hà", "Trần Thu"
    users["approver_a"].save()
    page = _submitted(make_news, section_a, users, title="Tin phải sửa")
    content_reject(page=page, user=users["approver_a"], comment="Sửa lại số liệu tháng 6.")
    client.force_login(users["editor_a"])
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Cần chỉnh sửa: Hà Trần Thu đã trả lại bài lúc" in editor and "Sửa lại số liệu tháng 6." in editor
    explorer = client.get(reverse("wagtailadmin_explore", args=[section_a.pk])).content.decode()
    assert "cần chỉnh sửa" in explorer
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Việc của tôi" in dashboard
    mine = dashboard[dashboard.index("Việc của tôi"):]
    assert "Tin phải sửa" in mine and "Sửa lại số liệu tháng 6." in mine and "Hà Trần Thu yêu cầu lúc" in mine


def test_another_editor_is_not_told_of_my_send_back(client, users, section_a, make_news):
    page = _submitted(make_news, section_a, users, title="Tin của người khác")
    content_reject(page=page, user=users["approver_a"], comment="Sửa tiêu đề.")
    client.force_login(users["editor_b"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tin của người khác" not in dashboard and "Không có bài nào bị trả lại cho bạn." in dashboard


def test_an_empty_send_back_posted_through_the_edit_form_is_a_message_not_an_error(client, users, section_a,
                                                                                  make_news):
    """The editor's form without the dialog (a forged or scripted POST): refused with the reason, nothing changes."""
    from wagtail.test.utils.form_data import querydict_from_html

    page = _submitted(make_news, section_a, users)
    client.force_login(users["approver_a"])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").copy()
    for extra in ('{"comment": "  "}', "{}", "not json"):
        data.update({"action-workflow-action": "true", "workflow-action-name": "reject",
                     "workflow-action-extra-data": extra})
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, extra
        assert "Hãy ghi rõ biên tập viên cần chỉnh sửa gì" in response.content.decode(), extra
        page.refresh_from_db()
        assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
