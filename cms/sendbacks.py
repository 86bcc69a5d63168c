"""Send-backs: what an approver asked an editor to change, read from Wagtail's workflow records.

The comment lives on the rejected TaskState; Wagtail shows it only behind a dialog,
so the item editor and the dashboard read it from here.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, TaskState, WorkflowState


@dataclass(frozen=True)
class SendBack:
    page: Page
    comment: str
    by: object
    at: object
    task_name: str


def _send_back(task_state, page):
    return SendBack(page=page, comment=task_state.comment, by=task_state.finished_by,
                    at=task_state.finished_at, task_name=task_state.task.name)


def send_back_open(page):
    """The send-back an item is waiting on (its workflow says 'needs changes'), or None."""
    state = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk),
        status=WorkflowState.STATUS_NEEDS_CHANGES).first()
    if state is None:
        return None
    task_state = (TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
                  .select_related("finished_by", "task").order_by("-finished_at", "-pk").first())
    return _send_back(task_state, page) if task_state else None


def send_backs_for(user, *, limit=20):
    """Items sent back to ``user`` (who submitted them, or owns them), newest first."""
    states = (WorkflowState.objects.filter(base_content_type=ContentType.objects.get_for_model(Page),
                                           status=WorkflowState.STATUS_NEEDS_CHANGES)
              .order_by("-created_at"))
    pages = Page.objects.in_bulk([int(state.object_id) for state in states])
    mine = [state for state in states if state.requested_by_id == user.pk
            or (int(state.object_id) in pages and pages[int(state.object_id)].owner_id == user.pk)]
    found = []
    for state in mine[:limit]:
        task_state = (TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
                      .select_related("finished_by", "task").order_by("-finished_at", "-pk").first())
        if task_state:
            found.append(_send_back(task_state, pages[int(state.object_id)]))
    return sorted(found, key=lambda item: item.at, reverse=True)
