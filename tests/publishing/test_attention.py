"""A destination that needs a person shows on its province's dashboards; its approver can fix it there."""

from django.urls import reverse

from publishing.models import Destination

REASON = "POST http://x/items: HTTP 401, the receiver refused our credentials"


def _paused(make_destination, units):
    destination = make_destination(units["15"], name="Fanpage BHXH Lào Cai")
    Destination.objects.filter(pk=destination.pk).update(health=Destination.Health.NEEDS_REAUTH, health_reason=REASON)
    return destination


def test_the_editor_sees_what_is_wrong_and_who_can_fix_it(client, users, units, make_destination):
    _paused(make_destination, units)
    client.force_login(users["editor_a"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Fanpage BHXH Lào Cai" in html and "cần cấp lại quyền truy cập" in html
    assert "Kênh từ chối thông tin đăng nhập" in html and "hoạt động bình thường" not in html
    assert "Lãnh đạo duyệt của đơn vị có thể xử lý." in html


def test_the_approver_can_act_from_the_dashboard(client, users, units, make_destination):
    destination = _paused(make_destination, units)
    client.force_login(users["approver_a"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    resume = reverse("publishing_destination_resume", args=[destination.pk])
    assert resume in html and reverse("wagtailsnippets_publishing_destination:edit", args=[destination.pk]) in html
    listing = client.get(reverse("wagtailsnippets_publishing_destination:list"))
    assert listing.status_code == 200 and "Fanpage BHXH Lào Cai" in listing.content.decode()
    assert client.get(reverse("wagtailsnippets_publishing_destination:edit", args=[destination.pk])).status_code == 200
    assert client.get(resume).status_code == 200
    client.post(resume)
    destination.refresh_from_db()
    assert destination.health == Destination.Health.OK


def test_other_provinces_do_not_see_it_and_the_centre_does(client, users, units, make_destination):
    _paused(make_destination, units)
    make_destination(units["52"], name="Cổng TTĐT Gia Lai")
    client.force_login(users["approver_b"])
    assert "Fanpage BHXH Lào Cai" not in client.get(reverse("wagtailadmin_home")).content.decode()
    listing = client.get(reverse("wagtailsnippets_publishing_destination:list")).content.decode()
    assert "Fanpage BHXH Lào Cai" not in listing and "Cổng TTĐT Gia Lai" in listing
    client.force_login(users["leadership"])
    assert "Fanpage BHXH Lào Cai" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_headline_says_what_is_wrong_with_the_machinery(client, users):
    from publishing.models import Heartbeat

    Heartbeat.objects.all().delete()
    client.force_login(users["editor_a"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Không có gì đang được gửi: tiến trình gửi không hoạt động; bộ hẹn giờ không hoạt động." in html
    assert "never heard from" not in html
