"""The report counts what the real pipeline sent: approve, deliver, edit, unpublish."""

import pytest
from django.utils import timezone

from reports.periods import REPORT_TZ
from tests.outbox import work
from tests.reports.helpers import REPORT_URL, table_rows

pytestmark = pytest.mark.django_db


def test_items_approved_and_delivered_are_counted_once(client, users, units, section_a, make_news, approve):
    from cms.models import PolicyArea
    from cms.services.content import content_approve, content_submit
    from publishing.models import Delivery
    from publishing.services.destinations import destination_create

    destination_create(name="Cổng Lào Cai", channel="log", channel_kind="portal", org_unit=units["15"])
    destination_create(name="Fanpage Lào Cai", channel="log", channel_kind="fanpage", org_unit=units["15"])
    item = make_news(section_a, title="Gia hạn thẻ BHYT hộ gia đình")
    item.policy_areas = [PolicyArea.objects.get(code="bhyt-ho-gia-dinh")]
    item.save_revision(user=users["editor_a"])
    approve(item)
    work()
    assert Delivery.objects.filter(page=item, status="sent", action="publish").count() == 2

    # an approved edit goes out as updates: still one item
    item = item.get_latest_revision_as_object()
    item.summary = "Tóm tắt mới."
    item.save_revision(user=users["editor_a"])
    content_submit(page=item, user=users["editor_a"])
    content_approve(page=item, user=users["approver_a"])
    work()
    assert Delivery.objects.filter(page=item, status="sent", action="update").count() == 2

    client.force_login(users["editor_a"])
    today = timezone.now().astimezone(REPORT_TZ).date()
    response = client.get(REPORT_URL, {"period": "range", "start": today.isoformat(), "end": today.isoformat()})
    rows = table_rows(response)
    assert rows["portal_total"] == ["1"] and rows["portal_hi"] == ["1"]
    assert rows["fanpage_total"] == ["1"] and rows["fanpage_hi"] == ["1"]
    assert rows["vssid_total"] == ["0"]
    # the default period is the current half-year, which holds today
    assert table_rows(client.get(REPORT_URL))["portal_total"] == ["1"]
