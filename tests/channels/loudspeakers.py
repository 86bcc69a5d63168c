"""Fixtures for the loudspeaker channel and the radio pages: commune destinations, operators,
a published broadcast script. Imported by the test modules that use them."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.outbox import work

SA_PA, BAT_XAT, AN_KHE = "15-sa-pa", "15-bat-xat", "52-an-khe"
SCRIPT_HTML = ("<p>Kính thưa bà con, từ ngày 1/7 mức đóng BHYT hộ gia đình thay đổi.</p>"
               "<p>Mọi thắc mắc xin liên hệ BHXH tỉnh Lào Cai.</p>")


@pytest.fixture
def loudspeakers(units):
    """A loudspeaker destination for Sa Pa and Bát Xát (Lào Cai) and An Khê (Gia Lai)."""
    from channels.loudspeaker.services import loudspeaker_destinations_ensure
    from publishing.models import Destination

    loudspeaker_destinations_ensure(communes=[units[SA_PA], units[BAT_XAT], units[AN_KHE]],
                                    config={"slots": "06:00,17:30", "repeats": "3", "gap_minutes": "10"})
    return {d.org_unit.code: d for d in Destination.objects.filter(channel="loudspeaker").select_related("org_unit")}


@pytest.fixture
def operator_bat_xat(units):
    from cms.services.staff import staff_create

    return staff_create(username="operator_bat_xat", unit=units[BAT_XAT], role="radio_operator", password=PASSWORD)


@pytest.fixture
def make_script(users):
    from cms.models import BroadcastScriptPage
    from cms.services.content import content_create

    def factory(section, *, title="Kịch bản: BHYT hộ gia đình từ 1/7", html=SCRIPT_HTML, days=(0, 6), target=120):
        today = timezone.localdate()
        page = BroadcastScriptPage(title=title, script=html, target_duration_seconds=target,
                                   broadcast_from=today + datetime.timedelta(days=days[0]),
                                   broadcast_until=today + datetime.timedelta(days=days[1]))
        content_create(section=section, page=page, user=users["editor_a"])
        return BroadcastScriptPage.objects.get(pk=page.pk)

    return factory


@pytest.fixture
def published_script(loudspeakers, make_script, section_a, approve):
    """A Lào Cai broadcast script, approved and delivered to its communes' loudspeakers."""
    page = approve(make_script(section_a))
    work()
    return page


def commune_scripts(code, **filters):
    from channels.loudspeaker.models import CommuneScript

    return CommuneScript.objects.filter(commune__code=code, **filters)
