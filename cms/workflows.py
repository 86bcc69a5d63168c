"""Wagtail hooks into the approval workflow."""


def publish_approved_revision(workflow_state, user=None):
    """Finish an approved workflow by publishing the revision that was approved.

    Wagtail's default publishes the page's *latest* revision, which is the approved
    one only as long as nobody saved in between. Nothing unapproved may go out, so
    this publishes the revision of the last approved step. A go-live time in that
    revision makes publish() schedule it instead, still pinned to that revision.
    """
    revision = workflow_state.current_task_state.revision
    revision.publish(user=user)
