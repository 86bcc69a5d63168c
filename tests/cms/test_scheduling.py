"""An unapproved revision never goes live, not even through a scheduled go-live."""

import datetime

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from cms.services.content import content_approve, content_submit
from publishing.tasks import publish_scheduled_pages


def _past(minutes=1):
    return timezone.now() - datetime.timedelta(minutes=minutes)


def _time_passes(revision):
    """Move a scheduled revision's go-live time into the past, as if the hour had passed."""
    past = _past()
    revision.refresh_from_db()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])


def _approved_for_later(make_news, section, users, title):
    """A news item approved with a go-live time an hour ahead; returns (page, revision)."""
    page = make_news(section, title=title)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision(user=users["editor_a"])
    content_submit(page=page, user=users["editor_a"])
    content_approve(page=page, user=users["approver_a"])
    page.refresh_from_db()
    return page, revision


def test_go_live_at_on_an_unapproved_draft_publishes_nothing(make_news, section_a, users):
    page = make_news(section_a, title="Bản nháp có hẹn giờ")
    page.go_live_at = _past()
    page.save_revision(user=users["editor_a"])
    call_command("publish_scheduled", verbosity=0)
    publish_scheduled_pages()  # the beat task
    page.refresh_from_db()
    assert not page.live
    assert not Revision.page_revisions.filter(object_id=str(page.pk), approved_go_live_at__isnull=False).exists()


def test_submitted_but_unapproved_item_with_go_live_stays_unpublished(make_news, section_a, users):
    page = make_news(section_a, title="Chờ duyệt có hẹn giờ")
    page.go_live_at = _past()
    page.save_revision(user=users["editor_a"])
    content_submit(page=page, user=users["editor_a"])
    publish_scheduled_pages()
    page.refresh_from_db()
    assert not page.live


def test_scheduled_go_live_publishes_the_approved_revision_not_a_later_draft(make_news, section_a, users):
    page, approved = _approved_for_later(make_news, section_a, users, "Bản đã duyệt, hẹn giờ")
    assert not page.live  # scheduled, not yet live
    approved.refresh_from_db()
    assert approved.approved_go_live_at is not None

    draft = type(page).objects.get(pk=page.pk)
    draft.title = "Bản sửa chưa duyệt"
    draft.save_revision(user=users["editor_a"])

    _time_passes(approved)
    publish_scheduled_pages()
    page.refresh_from_db()
    assert page.live
    assert page.live_revision_id == approved.pk
    assert page.title == "Bản đã duyệt, hẹn giờ"
    assert page.has_unpublished_changes  # the later draft is still waiting for approval


def test_a_scheduled_item_that_is_unscheduled_does_not_go_live(make_news, section_a, users):
    page, revision = _approved_for_later(make_news, section_a, users, "Hẹn giờ rồi hủy")
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)  # "Unschedule" in the admin
    publish_scheduled_pages()
    page.refresh_from_db()
    assert not page.live
