"""What editors and administrators see of the outbox in the admin."""

import datetime

from django.urls import reverse
from django.utils import timezone

from publishing.models import Delivery, Destination, Heartbeat, ItemChannelPlan
from publishing.services.dispatcher import dispatch_due


def test_item_editor_shows_each_destination_with_status_link_and_error(
        client, users, make_news, section_a, approve, units, make_destination, receiver):
    portal = make_destination(units["15"], kind="portal", name="Cổng TTĐT Lào Cai")
    make_destination(units["15"], kind="fanpage", name="Fanpage BHXH Lào Cai")
    page = approve(make_news(section_a))
    receiver.fail_next("500")  # the first delivery (portal) fails for now
    dispatch_due(inline=True)
    client.force_login(users["editor_a"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Cổng TTĐT Lào Cai" in html and "Fanpage BHXH Lào Cai" in html
    assert "HTTP 500" in html  # why it is retrying
    assert "http://portal.test/items/" in html  # the link to the sent post
    retrying = Delivery.objects.get(page=page, destination=portal)
    assert reverse("publishing_delivery_retry", args=[retrying.pk]) in html


def test_editor_retries_from_the_admin(client, users, make_news, section_a, approve, units, make_destination,
                                       receiver):
    make_destination(units["15"], kind="portal")
    page = approve(make_news(section_a))
    receiver.fail_next("400")
    dispatch_due(inline=True)
    failed = Delivery.objects.get(page=page)
    assert failed.status == Delivery.Status.FAILED
    client.force_login(users["editor_a"])
    response = client.post(reverse("publishing_delivery_retry", args=[failed.pk]))
    assert response.status_code == 302
    assert Delivery.objects.get(pk=failed.pk).status == Delivery.Status.PENDING


def test_other_provinces_cannot_see_or_touch_deliveries(client, users, make_news, section_a, approve, units,
                                                        make_destination):
    make_destination(units["15"], kind="portal", name="Cổng Lào Cai riêng")
    page = approve(make_news(section_a))
    delivery = Delivery.objects.get(page=page)
    client.force_login(users["editor_b"])
    listing = client.get(reverse("publishing_deliveries")).content.decode()
    assert "Cổng Lào Cai riêng" not in listing
    assert client.post(reverse("publishing_delivery_cancel", args=[delivery.pk])).status_code == 404
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.PENDING
    client.force_login(users["editor_a"])
    assert "Cổng Lào Cai riêng" in client.get(reverse("publishing_deliveries")).content.decode()


def test_deliveries_report_filters_by_status_and_channel(client, users, make_news, section_a, approve, units,
                                                         make_destination):
    make_destination(units["15"], kind="portal", name="Cổng A")
    make_destination(units["15"], kind="fanpage", name="Fanpage A")
    approve(make_news(section_a, title="Tin lọc"))
    client.force_login(users["root"])
    url = reverse("publishing_deliveries")
    assert "Fanpage A" not in client.get(url, {"channel_kind": "portal"}).content.decode()
    assert "Tin lọc" not in client.get(url, {"status": "sent"}).content.decode()
    assert "Tin lọc" in client.get(url, {"status": "pending", "province": units["15"].pk}).content.decode()
    export = client.get(url, {"export": "csv"})
    assert export.status_code == 200 and "Tin lọc" in b"".join(export.streaming_content).decode()


def test_problem_page_lists_stuck_and_failed(client, users, make_news, section_a, approve, units, make_destination):
    make_destination(units["15"], kind="portal")
    page = approve(make_news(section_a, title="Tin bị kẹt"))
    Delivery.objects.filter(page=page).update(status=Delivery.Status.SENDING,
                                              lease_until=timezone.now() - datetime.timedelta(minutes=5))
    client.force_login(users["root"])
    assert "Tin bị kẹt" in client.get(reverse("publishing_problems")).content.decode()


def test_editor_chooses_channels_and_times_per_item(client, users, make_news, section_a, units, make_destination):
    portal = make_destination(units["15"], kind="portal")
    fanpage = make_destination(units["15"], kind="fanpage")
    page = make_news(section_a)
    client.force_login(users["editor_a"])
    url = reverse("publishing_item_channels", args=[page.pk])
    evening = (timezone.localtime() + datetime.timedelta(days=1)).replace(hour=19, minute=30, second=0,
                                                                          microsecond=0)
    response = client.post(url, {f"send_{portal.pk}": "on", f"at_{portal.pk}": "",
                                 f"send_{fanpage.pk}": "on", f"at_{fanpage.pk}": evening.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    assert ItemChannelPlan.objects.get(page=page, destination=fanpage).send_at == evening
    response = client.post(url, {f"send_{portal.pk}": "on", f"send_{fanpage.pk}": "on",
                                 f"at_{fanpage.pk}": "2001-01-01T08:00"})
    assert response.status_code == 200  # a time in the past is refused
    client.force_login(users["editor_b"])
    assert client.get(url).status_code in (302, 403)


def test_destination_secret_is_write_only(client, users, units, make_destination):
    destination = make_destination(units["15"], kind="fanpage", secret="page-token-123")
    client.force_login(users["root"])
    url = reverse("wagtailsnippets_publishing_destination:edit", args=[destination.pk])
    html = client.get(url).content.decode()
    assert "page-token-123" not in html
    from wagtail.test.utils.form_data import querydict_from_html

    data = querydict_from_html(html, form_id="w-editor-form").copy()
    data["name"] = "Fanpage đổi tên"
    data["secret"] = ""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    destination.refresh_from_db()
    assert destination.name == "Fanpage đổi tên" and destination.secret == "page-token-123"


def test_health_check_fails_when_worker_or_beat_are_silent(client, db):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "never heard from"
    now = timezone.now()
    Heartbeat.objects.create(name="worker", seen_at=now)
    Heartbeat.objects.create(name="beat", seen_at=now)
    assert client.get("/health/").status_code == 200
    Heartbeat.objects.filter(name="beat").update(seen_at=now - datetime.timedelta(minutes=10))
    response = client.get("/health/")
    assert response.status_code == 503 and "not heard from" in response.json()["checks"]["beat"]


def test_dashboard_shows_publishing_health(client, users, units, make_destination):
    destination = make_destination(units["15"], kind="portal")
    Destination.objects.filter(pk=destination.pk).update(health=Destination.Health.NEEDS_REAUTH)
    client.force_login(users["root"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "/admin/deliveries/problems/" in html


def test_test_connection_reports_success_and_failure(client, users, units, make_destination, receiver):
    destination = make_destination(units["15"], kind="portal")
    client.force_login(users["root"])
    url = reverse("publishing_destination_test", args=[destination.pk])
    page = client.post(url, follow=True).content.decode()
    assert "Kết nối tốt" in page
    receiver.fail_next("401")
    page = client.post(url, follow=True).content.decode()
    assert "Kết nối lỗi" in page and "HTTP 401" in page
    client.force_login(users["editor_a"])
    assert client.post(url).status_code in (302, 403)  # province staff cannot test or see secrets' destinations
