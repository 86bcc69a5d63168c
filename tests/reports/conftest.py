"""A small world with known answers for the reports.

Province A (Lào Cai, "15"), province B (Gia Lai, "52") and the centre, each with
destinations; items sent (or not) to them at chosen instants around the half-year
boundary; operators' broadcasts; leaflets. The expected figures are written out in
``EXPECTED`` so each test states what a user would read in the table.
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import make_document

VN = ZoneInfo("Asia/Ho_Chi_Minh")
_keys = itertools.count()


def vn(*args):
    return datetime.datetime(*args, tzinfo=VN)


# First half of 2026 (1 Jan – 30 Jun, Vietnam time), per unit code.
EXPECTED_H1 = {
    "15": {"portal_total": 5, "portal_hi": 2, "fanpage_total": 2, "fanpage_hi": 1, "vssid_total": 1,
           "vssid_hi": 1, "loudspeaker_total": 6, "loudspeaker_hi": 3, "leaflets_student_hi": 1000,
           "leaflets_household_hi": 500, "leaflets_compulsory_si": 0},
    "52": {"portal_total": 1, "portal_hi": 1, "fanpage_total": 1, "fanpage_hi": 1, "vssid_total": 0,
           "loudspeaker_total": 4, "loudspeaker_hi": 4, "leaflets_student_hi": 0},
    "TW": {"portal_total": 1, "portal_hi": 0, "fanpage_total": 0, "loudspeaker_total": 0},
}
# Second half of 2026, province A.
EXPECTED_H2_A = {"portal_total": 1, "portal_hi": 0, "loudspeaker_total": 5, "loudspeaker_hi": 5,
                 "leaflets_student_hi": 200, "leaflets_household_hi": 0}


def send(page, destination, at, *, action="publish", status="sent"):
    from publishing.models import Delivery

    return Delivery.objects.create(
        page=page, item_title=page.title, destination=destination, action=action, status=status,
        due_at=at, next_attempt_at=at, finished_at=at if status in ("sent", "failed") else None,
        idempotency_key=f"report-test-{next(_keys)}",
        external_url=f"https://example.invalid/{destination.pk}/{page.pk}" if status == "sent" else "")


@pytest.fixture
def world(users, units, section_a, section_b, central_section):
    from channels.loudspeaker.models import Broadcast
    from demo.files import leaflet_pdf
    from cms.models import BroadcastScriptPage, Campaign, LeafletPage, NewsPage, PolicyArea
    from cms.services.content import content_create
    from cms.services.variants import variant_create
    from publishing.services.destinations import destination_create
    from wagtail.models import Locale

    area = {a.code: a for a in PolicyArea.objects.all()}
    a, b, tw = units["15"], units["52"], units["TW"]

    def dest(unit, kind):
        return destination_create(name=f"{unit.name} {kind}", channel="log", channel_kind=kind, org_unit=unit)

    portal_a, fanpage_a, vssid_a = dest(a, "portal"), dest(a, "fanpage"), dest(a, "vssid")
    portal_b, fanpage_b = dest(b, "portal"), dest(b, "fanpage")
    portal_tw = dest(tw, "portal")

    def news(section, title, areas, user="editor_a", **fields):
        page = NewsPage(title=title, summary="Tóm tắt.", **fields)
        page.policy_areas = [area[code] for code in areas]
        content_create(section=section, page=page, user=users[user])
        return page

    bhyt_day = Campaign.objects.get(slug="ngay-bhyt-viet-nam")
    n1 = news(section_a, "Ngày BHYT Việt Nam 1/7", ["bhyt"], campaign=bhyt_day)
    n2 = news(section_a, "BHYT và BHXH bắt buộc", ["bhyt", "bhxh-bat-buoc"], campaign=bhyt_day)
    n3 = news(section_a, "BHXH tự nguyện tháng 7", ["bhxh-tu-nguyen"])
    n4 = news(section_a, "Tin không phân loại", [])
    n5 = news(section_a, "BHYT học sinh và hộ gia đình", ["bhyt-hoc-sinh-sinh-vien", "bhyt-ho-gia-dinh"])
    k1 = variant_create(source=n1, locale_code="km-khmr", user=users["editor_a"])
    k1.policy_areas = [area["bhxh-tu-nguyen"]]
    k1.title = "ព័ត៌មាន BHYT"
    k1.save()
    b1 = news(section_b, "BHYT Gia Lai", ["bhyt"], user="editor_b")
    c1 = news(central_section, "VssID toàn quốc", ["dich-vu-so"], user="central_editor", for_all_provinces=True)

    send(n1, portal_a, vn(2026, 3, 10, 10))
    send(n1, fanpage_a, vn(2026, 3, 10, 10, 5))
    send(n1, vssid_a, vn(2026, 3, 11, 8))
    send(n1, portal_a, vn(2026, 4, 1, 9), action="update")  # an update is not a new item
    send(n2, portal_a, vn(2026, 6, 30, 23, 30))  # last half hour of the first half, Vietnam time
    send(n3, portal_a, vn(2026, 7, 1, 0, 30))  # first half hour of the second half
    send(n4, portal_a, vn(2026, 2, 1, 9), status="failed")  # never reached the portal
    send(n4, fanpage_a, vn(2026, 2, 1, 9))
    send(n5, portal_a, vn(2026, 2, 14, 9))
    send(n5, portal_a, vn(2026, 5, 14, 9))  # published again after a withdrawal: still one item
    send(n5, portal_a, vn(2026, 5, 20, 9), action="withdraw")
    send(k1, portal_a, vn(2026, 5, 5, 7))
    send(b1, portal_b, vn(2026, 4, 10, 9))
    send(b1, fanpage_b, vn(2026, 4, 10, 9))
    send(c1, portal_tw, vn(2026, 1, 15, 9))
    send(c1, portal_a, vn(2026, 1, 15, 9, 1))
    send(c1, fanpage_b, vn(2025, 12, 31, 23, 59))  # last year

    def script(section, title, areas, user="editor_a"):
        page = BroadcastScriptPage(title=title, script="<p>Bà con chú ý.</p>", broadcast_from=datetime.date(2026, 1, 1),
                                   broadcast_until=datetime.date(2026, 12, 31))
        page.policy_areas = [area[code] for code in areas]
        content_create(section=section, page=page, user=users[user])
        return page

    s1 = script(section_a, "Loa: BHYT", ["bhyt"])
    s2 = script(section_a, "Loa: BHTN", ["bhtn"])
    sb = script(section_b, "Loa Gia Lai: BHYT", ["bhyt-ho-gia-dinh"], user="editor_b")
    vi, hmong = Locale.objects.get(language_code="vi"), Locale.objects.get(language_code="hmn-latn")
    sa_pa, pleiku = units["15-sa-pa"], units["52-pleiku"]
    operator = users["operator_a"]
    Broadcast.objects.create(commune=sa_pa, page=s1, locale=vi, broadcast_at=vn(2026, 2, 2, 6), times=3,
                             operator=operator)
    Broadcast.objects.create(commune=sa_pa, page=s2, locale=vi, broadcast_at=vn(2026, 3, 3, 6), times=2,
                             operator=operator)
    Broadcast.objects.create(commune=sa_pa, page=s2, locale=hmong, broadcast_at=vn(2026, 6, 30, 23, 30), times=1)
    Broadcast.objects.create(commune=sa_pa, page=s1, locale=vi, broadcast_at=vn(2026, 7, 1, 0, 30), times=5)
    Broadcast.objects.create(commune=pleiku, page=sb, locale=vi, broadcast_at=vn(2026, 4, 4, 17), times=4)

    def leaflet(title, kind, quantity, published_at):
        page = LeafletPage(title=title, kind=kind, print_quantity=quantity,
                           pdf=make_document(title, "leaflet.pdf", leaflet_pdf(len(title))))
        content_create(section=section_a, page=page, user=users["editor_a"])
        LeafletPage.objects.filter(pk=page.pk).update(first_published_at=published_at)
        return page

    leaflet("Tờ gấp BHYT HSSV", "student_hi", 1000, vn(2026, 3, 1, 8))
    leaflet("Tờ gấp BHYT hộ gia đình", "household_hi", 500, vn(2026, 6, 30, 23, 30))
    leaflet("Tờ gấp BHYT HSSV học kỳ 2", "student_hi", 200, vn(2026, 7, 1, 0, 30))
    return {"n1": n1, "n2": n2, "n3": n3, "n4": n4, "n5": n5, "k1": k1, "b1": b1, "c1": c1, "s1": s1, "s2": s2,
            "sb": sb}
