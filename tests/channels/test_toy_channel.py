"""A channel added as one folder (tests/toychannel/) shows up everywhere the core would otherwise name it.

The toy "notice board" channel is installed as an app only here (channels.testing). Nothing outside its
folder was edited to add it: its destination form, its box in the editor, its picture
size made at approval, its series in the reports and the XLSX, and its deliveries
through the outbox all come from what it declares.
"""

import io
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.test.utils.form_data import querydict_from_html

from channels.testing import channel_app_installed
from publishing.models import Delivery, Destination
from tests.conftest import png_bytes
from tests.outbox import work
from tests.reports.helpers import REPORT_URL
from tests.toychannel.standin import NoticeBoard

pytestmark = pytest.mark.django_db
ADD_URL = "wagtailsnippets_publishing_destination:add"


@pytest.fixture
def noticeboard_installed(db):
    """The toy channel's app installed, and its box ensured, as `migrate` does for an installed channel."""
    from channels.boxes import channel_boxes_ensure

    with channel_app_installed("tests.toychannel"):
        assert channel_boxes_ensure() == ["noticeboard"]
        yield


@pytest.fixture
def board(noticeboard_installed):
    server = NoticeBoard(token="board-token").start()
    yield server
    server.stop()


@pytest.fixture
def board_destination(board, units):
    """The fixture row: Lào Cai's notice board, made through the same service as any destination."""
    from publishing.services.destinations import destination_create

    return destination_create(name="Bảng tin Lào Cai", channel="noticeboard", channel_kind="noticeboard",
                              org_unit=units["15"], secret="board-token",
                              config={"url": board.url, "greeting": "Tin mới:", "board": "front"})


def _add_form(client, users):
    client.force_login(users["root"])
    url = reverse(ADD_URL)
    return url, querydict_from_html(client.get(url + "?channel=noticeboard").content.decode(), form_id="w-editor-form")


def test_the_destination_form_is_the_toy_channels_own(client, users, units, board):
    client.force_login(users["root"])
    chooser = client.get(reverse(ADD_URL)).content.decode()
    assert "Bảng tin thử nghiệm" in chooser and "?channel=noticeboard" in chooser
    page = client.get(reverse(ADD_URL) + "?channel=noticeboard").content.decode()
    assert "Lời chào" in page and "Mặt sau" in page and "Mã bảng tin" in page  # its fields, labels, choices

    url, data = _add_form(client, users)
    data = data.copy()
    data.update({"name": "Bảng tin mới", "org_unit": str(units["15"].pk), "secret": "typed-secret-42",
                 "config-url": "không phải địa chỉ", "config-max_title": "500", "config-board": "front"})
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200  # a message on each field, not a 500
    assert body.count("error-message") >= 2 or body.count("help-critical") >= 1
    assert "typed-secret-42" not in body  # the secret typed in a failed save is not echoed back
    data.update({"config-url": board.url, "config-max_title": "100", "config-board": "back"})
    body = client.post(url, data).content.decode()
    assert "Mặt sau chỉ đủ chỗ cho tiêu đề tối đa 60 ký tự." in body  # the channel's own cross-field check
    assert not Destination.objects.filter(name="Bảng tin mới").exists()

    data.update({"config-max_title": "50"})
    assert client.post(url, data).status_code == 302
    saved = Destination.objects.get(name="Bảng tin mới")
    assert saved.config == {"url": board.url, "max_title": 50, "board": "back"}  # typed values in the JSON
    assert saved.channel_kind.code == "noticeboard" and saved.secret == "typed-secret-42"
    edit = client.get(reverse("wagtailsnippets_publishing_destination:edit", args=[saved.pk])).content.decode()
    assert 'value="50"' in edit and "typed-secret-42" not in edit


def test_a_new_news_item_has_the_toy_box_ticked_in_the_editor(client, users, make_news, section_a,
                                                              noticeboard_installed):
    page = make_news(section_a, title="Tin cho bảng tin")
    assert "noticeboard" in set(page.channel_kinds.values_list("code", flat=True))
    client.force_login(users["editor_a"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Bảng tin" in html


def _photo():
    return Image.objects.create(title="Ảnh", file=ImageFile(io.BytesIO(png_bytes(1600, 1200)), name="anh.png"))


def test_an_approved_item_reaches_the_board_with_its_picture_size_and_counts_in_the_reports(
        client, users, make_news, section_a, approve, board, board_destination):
    from media.renditions import make_channel_renditions

    page = make_news(section_a, title="Tin cho bảng tin")
    page.hero_image = _photo()
    page.save_revision(user=None)
    page = approve(page)

    # The renditions made at approval include the toy's square, in the formats it asked for.
    made = make_channel_renditions([page.hero_image_id])
    specs = set(page.hero_image.renditions.values_list("filter_spec", flat=True))
    assert {"fill-600x600-c100|format-webp", "fill-600x600-c100|format-jpeg"} <= specs and made[page.hero_image_id]

    work()
    delivery = Delivery.objects.get(page=page, destination=board_destination)
    assert delivery.status == Delivery.Status.SENT and delivery.external_url.startswith(board.url)
    [notice] = board.live()
    assert notice["payload"]["title"] == "Tin mới: Tin cho bảng tin"
    square = page.hero_image.renditions.get(filter_spec="fill-600x600-c100|format-webp")
    assert notice["payload"]["picture"].endswith(square.url)
    with square.file.open("rb") as handle:
        assert PILImage.open(handle).size == (600, 600)

    # The reports count it under the board's own series, on screen and in the XLSX.
    client.force_login(users["approver_a"])
    year = timezone.localdate().year
    query = {"period": "year", "year": str(year), "unit": "15"}
    screen = client.get(REPORT_URL, query).content.decode()
    assert "Bảng tin" in screen and "#7a3e9d" in screen
    book = load_workbook(io.BytesIO(client.get(REPORT_URL + "export.xlsx", query).content))
    rows = [[cell.value for cell in row] for sheet in book.worksheets[1:] for row in sheet.iter_rows()]
    header = next(row for row in rows if row and row[0] == "Tháng")
    assert "Bảng tin" in header
    column = header.index("Bảng tin")
    assert sum(row[column] or 0 for row in rows[rows.index(header) + 1:] if row and isinstance(row[column], int)) == 1


def test_the_toy_channel_leaves_with_its_app(noticeboard_installed):
    from channels.registry import get_registry

    assert "noticeboard" in get_registry()


def test_the_toy_channel_serves_its_own_page_and_schedules_its_task(noticeboard_installed, client):
    from django.conf import settings

    from publishing.celery import app

    assert client.get("/noticeboard/").json() == {"boards": ["front", "back"]}  # at the prefix it declares
    assert settings.CELERY_BEAT_SCHEDULE["noticeboard-tidy"]["task"] == "tests.toychannel.tasks.tidy"
    app.autodiscover_tasks(["tests.toychannel"], force=True)  # what the worker finds in an installed app
    assert "tests.toychannel.tasks.tidy" in app.tasks


def test_the_demo_seeds_and_starts_the_toy_channel_from_its_declarations(noticeboard_installed, units, tmp_path):
    """seed_demo makes its demo destination on its stand-in, and `make run` starts that stand-in."""
    import argparse
    import socket
    import subprocess
    import time

    import requests

    from channels.registry import get_registry
    from demo import run, seed
    from demo.standins import demo_channels

    seed._destinations(["15"])
    board = Destination.objects.get(channel="noticeboard")
    assert board.org_unit == units["15"] and board.config["url"] == "http://127.0.0.1:8090"
    assert board.secret == "demo-board-token"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    standins = demo_channels(get_registry())
    args = argparse.Namespace(host="127.0.0.1", port=8000, no_worker=False,
                              **{run.port_dest(channel): channel.demo_standin.port for channel in standins})
    setattr(args, "noticeboard_port", port)
    child, = [child for child in run.children(args, {"VSS_DATA_DIR": str(tmp_path)}, standins)
              if child.name == "noticeboard stand-in"]
    process = subprocess.Popen(child.command, cwd=str(Path(__file__).resolve().parents[2]),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        answered = None
        for _ in range(100):
            try:
                answered = requests.get(f"http://127.0.0.1:{port}/", timeout=2,
                                        headers={"Authorization": "Board demo-board-token"})
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        # Started with the token the demo destination carries: it lets the demo's posts in.
        assert answered is not None and answered.json() == {"ok": True}, "the stand-in did not answer"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_without_its_app_the_toy_channel_is_nowhere(client):
    from django.conf import settings

    from channels.registry import get_registry
    from media.renditions import channel_sizes

    assert "noticeboard" not in get_registry() and "notice_square" not in channel_sizes()
    assert "noticeboard-tidy" not in settings.CELERY_BEAT_SCHEDULE
    assert client.get("/noticeboard/").status_code == 404
