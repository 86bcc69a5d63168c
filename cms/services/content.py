"""Creating and moving content through approval, for the admin, commands and tests alike."""

from wagtail.models import Workflow

from cms.models import ChannelKind, ContentPage, SectionPage


def content_page_defaults_apply(*, page, parent):
    """A new item starts owned by its section's unit and routed to its type's channels."""
    if not isinstance(page, ContentPage):
        return
    parent = parent.specific
    if isinstance(parent, SectionPage) and not page.org_unit_id:
        page.org_unit = parent.org_unit
    if not page.pk:
        page.channel_kinds = list(ChannelKind.objects.filter(code__in=page.default_channel_kinds))


def content_create(*, section, page, user=None, submit=False):
    """Add ``page`` under ``section`` as a draft; submit it for approval if asked."""
    content_page_defaults_apply(page=page, parent=section)
    page.live = False
    page.owner = user
    section.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if submit:
        content_submit(page=page, user=user)
    return page, revision


def content_submit(*, page, user):
    """Start the approval workflow of ``page``'s section, as the admin's submit button does."""
    from django.core.exceptions import PermissionDenied

    perms = page.permissions_for_user(user)
    if not (perms.can_edit() and perms.can_submit_for_moderation()):
        raise PermissionDenied(f"{user} cannot submit page {page.pk} for approval")
    workflow = page.get_workflow()
    if not isinstance(workflow, Workflow):
        raise ValueError(f"page {page.pk} has no approval workflow")
    return workflow.start(page, user)


def _current_task(page, user, action):
    from django.core.exceptions import PermissionDenied

    state = page.current_workflow_state
    if state is None or state.current_task_state is None:
        raise ValueError(f"page {page.pk} is not waiting for approval")
    task_state = state.current_task_state
    task = task_state.task.specific
    if action not in {name for name, *_ in task.get_actions(page, user)}:
        raise PermissionDenied(f"{user} cannot {action} page {page.pk} at step {task.name!r}")
    return task, task_state


def content_approve(*, page, user, comment=""):
    """Approve the current step; the last step publishes exactly the submitted revision."""
    task, task_state = _current_task(page, user, "approve")
    task.on_action(task_state, user, "approve", comment=comment)


def content_reject(*, page, user, comment):
    """Send back to the editor with a comment saying what to change."""
    if not (comment or "").strip():
        raise ValueError("A send-back needs a comment saying what to change")
    task, task_state = _current_task(page, user, "reject")
    task.on_action(task_state, user, "reject", comment=comment)
