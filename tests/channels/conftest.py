"""Fixtures for channel tests: the Graph API double, the reference portal receiver,
destinations of Lào Cai pointing at them, and one approved item of each type."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.images.models import Image

from channels.facebook.standin import GraphDouble
from channels.portal.standin import ReceiverServer
from publishing.services.destinations import destination_create
from tests.channels.loudspeakers import (  # noqa: F401  (fixtures of the loudspeaker and radio tests)
    loudspeakers, make_script, operator_bat_xat, published_script)
from tests.conftest import make_document, mp4_bytes, png_bytes

PAGE_TOKEN = "EAAG-page-token-lao-cai-0123456789"
OTHER_TOKEN = "EAAG-page-token-other-9876543210"
PORTAL_SECRET = "portal-shared-secret-5f1c9e"


@pytest.fixture
def graph():
    double = GraphDouble(chunk_size=64 * 1024).start()
    double.add_page("111", PAGE_TOKEN, "BHXH Lào Cai")
    double.add_page("222", OTHER_TOKEN, "BHXH Lào Cai - Sa Pa")
    yield double
    double.stop()


@pytest.fixture
def portal():
    server = ReceiverServer(secrets={"lao-cai": PORTAL_SECRET}).start()
    yield server
    server.stop()


@pytest.fixture
def fanpage(units, graph):
    return destination_create(name="Fanpage BHXH Lào Cai", channel="facebook", channel_kind="fanpage",
                              org_unit=units["15"], secret=PAGE_TOKEN,
                              config={"page_id": "111", "graph_url": graph.url, "graph_video_url": graph.url,
                                      "link_template": "https://laocai.example.vn/vss/by-uri?uri={uri}",
                                      "timeout": "3"})


@pytest.fixture
def portal_destination(units, portal):
    return destination_create(name="Cổng TTĐT BHXH Lào Cai", channel="portal", channel_kind="portal",
                              org_unit=units["15"], secret=PORTAL_SECRET,
                              config={"url": portal.site_url("lao-cai"), "timeout": "3"})


@pytest.fixture
def make_item(users, make_news):
    """A draft of each content type in a section, with its media."""
    from cms.models import ClipPage, InfographicPage, LeafletPage
    from cms.services.content import content_create

    def photo():
        return Image.objects.create(title="Ảnh minh hoạ", file=ImageFile(ContentFile(png_bytes(120, 63)),
                                                                          name="anh.png"))

    def factory(kind, section, *, title=None):
        if kind == "news":
            return make_news(section, title=title or "Tin: BHYT học sinh năm học mới", hero_image=photo())
        if kind == "infographic":
            page = InfographicPage(title=title or "Infographic: mức đóng BHXH tự nguyện", image=photo(),
                                   alt_text="Bảng mức đóng theo thu nhập", caption="Mức đóng năm 2026")
        elif kind == "clip":
            video = make_document("Clip BHYT", "clip.mp4", mp4_bytes() + b"\0" * 150_000)  # three upload chunks
            page = ClipPage(title=title or "Clip: cài đặt VssID", video=video, duration_seconds=60,
                            transcript="Hướng dẫn cài đặt ứng dụng VssID.")
        else:
            from demo.files import leaflet_pdf

            pdf = make_document("Tờ gấp BHYT hộ gia đình", "to-gap.pdf", leaflet_pdf(1, pages=1))
            page = LeafletPage(title=title or "Tờ gấp: BHYT hộ gia đình", pdf=pdf, cover_image=photo(),
                               kind="household_hi", print_quantity=500)
        content_create(section=section, page=page, user=users["editor_a"])
        return type(page).objects.get(pk=page.pk)

    return factory
