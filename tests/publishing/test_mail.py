"""Each person learns by mail, in Vietnamese, of what needs them: and only the people of that unit."""

import pytest
from django.core import mail

from cms.services.content import content_approve, content_reject, content_submit
from publishing.models import Delivery
from publishing.services.notifications import notify_delivery_failed, notify_needs_reauth, notify_went_live


@pytest.fixture
def addressed(users):
    for user in users.values():
        user.email = f"{user.username}@example.invalid"
        user.save(update_fields=["email"])
    return users


def _to(name):
    return [message for message in mail.outbox if message.to == [f"{name}@example.invalid"]]


def _html(message):
    return next(body for body, kind in message.alternatives if kind == "text/html")


def test_submit_tells_the_units_approver_and_nobody_else(addressed, section_a, make_news):
    page = make_news(section_a, title="Tin gửi duyệt")
    content_submit(page=page, user=addressed["editor_a"])
    [message] = _to("approver_a")
    assert "Tin gửi duyệt" in message.subject and "Chờ duyệt" in message.subject
    assert "đã được gửi tới bước duyệt" in message.body and "Tin gửi duyệt" in _html(message)
    assert not _to("approver_b") and not _to("root") and not _to("editor_a")


def test_send_back_reaches_the_editor_with_the_comment(addressed, section_a, make_news):
    page = make_news(section_a, title="Tin bị trả")
    content_submit(page=page, user=addressed["editor_a"])
    content_reject(page=page, user=addressed["approver_a"], comment="Bổ sung nguồn.")
    [message] = _to("editor_a")
    assert "Cần chỉnh sửa" in message.subject
    assert "Bổ sung nguồn." in message.body and "Bổ sung nguồn." in _html(message)
    assert "yêu cầu chỉnh sửa" in message.body


def test_approval_reaches_the_editor(addressed, section_a, make_news):
    page = make_news(section_a, title="Tin được duyệt")
    content_submit(page=page, user=addressed["editor_a"])
    content_approve(page=page, user=addressed["approver_a"])
    [message] = _to("editor_a")
    assert message.subject.startswith("Đã duyệt") and "Tin được duyệt" in message.body


def test_reauth_and_failure_reach_the_destinations_province(addressed, units, make_destination, section_a,
                                                             make_news):
    destination = make_destination(units["15"], name="Cổng TTĐT Lào Cai")
    destination.health_reason = "POST http://x/items: HTTP 401, the receiver refused our credentials"
    notify_needs_reauth(destination)
    for name in ("approver_a", "editor_a"):
        [message] = _to(name)
        assert message.subject == "Cổng TTĐT Lào Cai cần cấp lại quyền truy cập"
        assert "Kênh từ chối thông tin đăng nhập" in message.body and "refused our credentials" in message.body
        assert f"/admin/snippets/publishing/destination/edit/{destination.pk}/" in _html(message)
    assert not _to("approver_b") and not _to("editor_b")

    mail.outbox.clear()
    page = make_news(section_a, title="Tin không gửi được")
    delivery = Delivery.objects.create(page=page, item_title=page.title, destination=destination,
                                       action="publish", status="failed", due_at=page.first_published_at or
                                       page.latest_revision_created_at, next_attempt_at=page.latest_revision_created_at,
                                       idempotency_key="mail-test", attempts=8,
                                       last_error="POST http://x/items: HTTP 503 (after 8 attempts)")
    notify_delivery_failed(delivery)
    [message] = _to("editor_a")
    assert message.subject == "Chưa đăng được lên Cổng TTĐT Lào Cai: Tin không gửi được"
    assert "Máy chủ của kênh đang lỗi" in message.body and "Đã thử 8 lần." in message.body
    assert _to("approver_a") and not _to("editor_b")


def test_a_scheduled_go_live_tells_the_editor(addressed, section_a, make_news):
    page = make_news(section_a, title="Tin đăng theo lịch")
    content_submit(page=page, user=addressed["editor_a"])
    content_approve(page=page, user=addressed["approver_a"])
    mail.outbox.clear()
    notify_went_live(page.get_latest_revision().pk)
    [message] = _to("editor_a")
    assert message.subject == "Đã đăng theo lịch: Tin đăng theo lịch" and "theo lịch" in _html(message)
