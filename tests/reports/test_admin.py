"""The report screens as provincial and central staff use them: table, drill-down, scoping, hand entry."""

import json

import pytest
from bs4 import BeautifulSoup

from tests.reports.conftest import EXPECTED_H1
from tests.reports.helpers import REPORT_URL, column_titles, figure_link, table_rows

pytestmark = pytest.mark.django_db
H1 = {"period": "h1", "year": "2026"}


def login(client, users, name):
    client.force_login(users[name])
    return client


def test_province_sees_its_own_figures_in_vietnamese(client, users, world):
    login(client, users, "approver_a")
    response = client.get(REPORT_URL, H1)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kết quả công tác thông tin, truyền thông" in page and "Tỉnh Lào Cai" in page
    assert "6 tháng đầu năm 2026" in column_titles(response)
    rows = table_rows(response)
    for key in ("portal_total", "portal_hi", "fanpage_total", "vssid_total", "loudspeaker_total", "loudspeaker_hi"):
        assert rows[key] == [str(EXPECTED_H1["15"][key])], key
    assert rows["leaflets_student_hi"] == ["1000"]
    assert rows["partner_units"] == ["—"]  # nothing entered by hand yet
    assert rows["meetings"] == ["0"]  # counted from the activity register (none in this world)
    assert "Tổng số lần phát thanh" in page and "Tờ gấp BHYT HSSV" in page
    assert "<svg" in page and "Tin, bài theo tháng và kênh" in page  # the charts, drawn on the server
    assert "cdn" not in page.lower().split("<svg")[1]
    chart = BeautifulSoup(page, "html.parser").select("svg.report-chart")[1]
    assert "Lượt phát loa truyền thanh 02/2026: 3" in [title.get_text() for title in chart.select("rect title")]
    axis = [text.get_text() for text in chart.select("text[text-anchor=end]")]
    assert axis == ["0", "1", "2", "3", "4"]  # whole numbers, above the busiest month (3 in February)


def test_year_has_a_first_half_column_beside_the_year(client, users, world):
    login(client, users, "editor_a")
    response = client.get(REPORT_URL, {"period": "year", "year": "2026"})
    assert column_titles(response) == ["6 tháng đầu năm 2026", "Năm 2026"]
    rows = table_rows(response)
    assert rows["portal_total"] == ["5", "6"]
    assert rows["loudspeaker_total"] == ["6", "11"]
    assert rows["leaflets_student_hi"] == ["1000", "1200"]


def test_centre_sees_every_province_side_by_side(client, users, world):
    login(client, users, "central_editor")
    response = client.get(REPORT_URL, H1)
    assert response.status_code == 200
    titles = column_titles(response)
    assert titles[-1] == "Tổng cộng" and "Lào Cai" in titles and "Gia Lai" in titles
    rows = table_rows(response)
    lao_cai, gia_lai, total = titles.index("Lào Cai"), titles.index("Gia Lai"), titles.index("Tổng cộng")
    assert rows["portal_total"][lao_cai] == "5" and rows["portal_total"][gia_lai] == "1"
    assert rows["portal_total"][total] == "7"  # Lào Cai 5, Gia Lai 1, the centre's own portal 1
    assert rows["loudspeaker_total"][total] == "10"
    assert "Lượt phát loa truyền thanh theo tháng" in response.content.decode()  # chart of every province
    # each province's count opens that province's items
    items = client.get(figure_link(response, "portal_total", column=lao_cai))
    count = BeautifulSoup(items.content.decode(), "html.parser").select_one(".report-count")
    assert count.get_text(strip=True) == "5 dòng"
    # and one province on its own
    one = client.get(REPORT_URL, {**H1, "unit": "52"})
    assert table_rows(one)["loudspeaker_hi"] == ["4"]


def test_a_count_opens_the_items_behind_it(client, users, world):
    login(client, users, "approver_a")
    report = client.get(REPORT_URL, H1)
    response = client.get(figure_link(report, "portal_hi"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    titles = sorted(a.get_text(strip=True) for a in soup.select("table.listing tbody tr td:first-child a"))
    assert titles == ["BHYT học sinh và hộ gia đình", "Ngày BHYT Việt Nam 1/7"]
    broadcasts = client.get(figure_link(report, "loudspeaker_total"))
    soup = BeautifulSoup(broadcasts.content.decode(), "html.parser")
    times = [int(tr.select("td")[4].get_text()) for tr in soup.select("table.listing tbody tr")]
    assert sum(times) == 6 and "Phường Sa Pa" in broadcasts.content.decode()
    leaflets = client.get(figure_link(report, "leaflets_student_hi"))
    assert "Tờ gấp BHYT HSSV" in leaflets.content.decode() and "học kỳ 2" not in leaflets.content.decode()


def test_breakdowns_open_their_items(client, users, world):
    login(client, users, "approver_a")
    soup = BeautifulSoup(client.get(REPORT_URL, H1).content.decode(), "html.parser")

    def listed(selector):
        response = client.get(soup.select_one(selector)["href"])
        assert response.status_code == 200
        rows = BeautifulSoup(response.content.decode(), "html.parser").select("table.listing tbody tr")
        return sorted(row.select("td")[0].get_text(strip=True) for row in rows)

    assert listed("table[data-detail=campaigns] tbody tr a") == [
        "BHYT và BHXH bắt buộc", "Ngày BHYT Việt Nam 1/7", "ព័ត៌មាន BHYT"]
    assert listed("table[data-detail=languages] tr[data-code=km-khmr] td:nth-of-type(2) a") == ["ព័ត៌មាន BHYT"]
    assert listed("table[data-detail=languages] tr[data-code=hmn-latn] td:nth-of-type(3) a") == ["Loa: BHTN"]


@pytest.mark.parametrize("path", ["", "items/?what=items&channel=portal&", "items/?what=broadcasts&",
                                  "export.xlsx?", "export.csv?", "figures/?"])
def test_a_province_cannot_read_another_provinces_report(client, users, world, path):
    login(client, users, "approver_a")
    separator = "?" if path == "" else ""
    response = client.get(f"{REPORT_URL}{path}{separator}period=h1&year=2026&unit=52")
    assert response.status_code == 404
    body = response.content.decode()
    assert "BHYT Gia Lai" not in body and "Loa Gia Lai" not in body and "Gia Lai" not in body


def test_a_province_cannot_save_another_provinces_figures(client, users, world):
    from reports.models import ManualFigures

    login(client, users, "editor_b")
    response = client.post(f"{REPORT_URL}figures/?period=h1&year=2026&unit=15", {"partner_units": "99"})
    assert response.status_code == 404
    assert not ManualFigures.objects.exists()


def test_the_centre_reads_a_provinces_report_but_does_not_fill_it_in(client, users, world):
    from reports.models import ManualFigures

    login(client, users, "central_editor")
    assert client.get(REPORT_URL, {**H1, "unit": "15"}).status_code == 200
    response = client.post(f"{REPORT_URL}figures/?period=h1&year=2026&unit=15", {"partner_units": "1"})
    # Wagtail answers a refused admin view by sending the person back to the dashboard.
    assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
    assert not ManualFigures.objects.exists()


def test_radio_operators_have_no_reports(client, users, world):
    login(client, users, "operator_a")
    response = client.get(REPORT_URL, H1)
    assert response.status_code in (302, 403)
    assert "Lào Cai" not in response.content.decode()
    from reports.access import reportable_units

    assert reportable_units(users["operator_a"]) == []


def test_hand_entered_figures_are_saved_and_shown(client, users, world):
    from reports.models import ManualFigures

    login(client, users, "approver_a")
    url = f"{REPORT_URL}figures/?period=h1&year=2026&unit=15"
    form = client.get(url)
    assert form.status_code == 200 and "Tổng số đơn vị phối hợp" in form.content.decode()
    response = client.post(url, {"partner_units": "12", "other_activities": "1350", "volunteers": "40",
                                 "coverage_hi": "93.5", "notes": "Số liệu quý I và II"})
    assert response.status_code == 302
    report = client.get(response["Location"])
    rows = table_rows(report)
    assert rows["partner_units"] == ["12"] and rows["other_activities"] == ["1350"] and rows["volunteers"] == ["40"]
    assert rows["coverage_hi"] == ["93,5"]  # a rate, written the Vietnamese way
    assert rows["staff_part_time"] == ["—"]
    assert "Số liệu quý I và II" in report.content.decode()
    # kept per period: the second half has none, the first half still has them
    assert table_rows(client.get(REPORT_URL, {"period": "h2", "year": "2026"}))["partner_units"] == ["—"]
    figures = ManualFigures.objects.get()
    assert figures.values["partner_units"] == 12 and figures.updated_by == users["approver_a"]
    # saving again replaces, never duplicates
    client.post(url, {"partner_units": "13"})
    assert ManualFigures.objects.count() == 1 and ManualFigures.objects.get().values == {"partner_units": 13}


@pytest.mark.parametrize("data", [{"partner_units": "-3"}, {"partner_units": "mười"}, {"coverage_hi": "140"}])
def test_bad_hand_entered_figures_are_refused_and_nothing_is_saved(client, users, world, data):
    from reports.models import ManualFigures

    login(client, users, "approver_a")
    response = client.post(f"{REPORT_URL}figures/?period=h1&year=2026&unit=15", {"volunteers": "5", **data})
    assert response.status_code == 400
    assert "Chưa lưu số liệu" in response.content.decode()
    assert not ManualFigures.objects.exists()


@pytest.mark.parametrize("query, message", [
    ({"period": "fortnight"}, "Không có kỳ báo cáo “fortnight”"),
    ({"period": "range", "start": "2026-07-01", "end": "2026-06-01"}, "trước ngày bắt đầu"),
    ({"period": "range", "start": "30/06/2026", "end": "2026-07-01"}, "không phải là ngày"),
    ({"period": "range", "start": "2026-02-30", "end": "2026-03-01"}, "không phải là ngày"),
    ({"period": "h1", "year": "hai nghìn"}, "Năm phải là số"),
])
def test_bad_periods_get_a_clear_message(client, users, world, query, message):
    login(client, users, "approver_a")
    for path in ("", "export.xlsx", "export.csv", "items/", "figures/"):
        response = client.get(REPORT_URL + path, query)
        assert response.status_code == 400, path
        assert message in response.content.decode(), path


def test_a_range_of_dates(client, users, world):
    login(client, users, "approver_a")
    response = client.get(REPORT_URL, {"period": "range", "start": "2026-06-30", "end": "2026-06-30"})
    rows = table_rows(response)
    assert column_titles(response) == ["30/06/2026 đến 30/06/2026"]
    assert rows["portal_total"] == ["1"] and rows["loudspeaker_total"] == ["1"]
    assert rows["leaflets_household_hi"] == ["500"]


def test_the_reports_menu_offers_the_report(client, users, world):
    login(client, users, "editor_a")
    response = client.get("/admin/")
    # The sidebar is drawn from JSON props, so the label travels JSON-escaped.
    body = response.content.decode()
    menu = body[body.index(json.dumps("Báo cáo")):]  # the "Báo cáo" (Reports) menu...
    label = menu.index(json.dumps("Kết quả công tác thông tin, truyền thông"))
    assert label < menu.index("/admin/communication-reports/")


def test_long_drill_downs_come_in_pages(client, users, world):
    from channels.loudspeaker.models import Broadcast
    from reports.views import DrillDownView
    from tests.reports.conftest import vn

    Broadcast.objects.bulk_create(
        Broadcast(commune=world["s1"].org_unit.children.first() or world["s1"].org_unit, page=world["s1"],
                  locale=world["s1"].locale, broadcast_at=vn(2026, 3, 1 + n % 28, 7), times=1)
        for n in range(DrillDownView.per_page + 5))
    login(client, users, "approver_a")
    first = client.get(figure_link(client.get(REPORT_URL, H1), "loudspeaker_total"))
    soup = BeautifulSoup(first.content.decode(), "html.parser")
    assert soup.select_one(".report-count").get_text(strip=True) == f"{DrillDownView.per_page + 5 + 3} dòng"
    assert len(soup.select("table.listing tbody tr")) == DrillDownView.per_page
    second = client.get(REPORT_URL + "items/" + soup.select_one(".report-pages a")["href"])
    rows = BeautifulSoup(second.content.decode(), "html.parser").select("table.listing tbody tr")
    nav = BeautifulSoup(second.content.decode(), "html.parser").select_one(".report-pages").get_text(" ", strip=True)
    assert len(rows) == 8 and "Trang 2/2" in nav, nav
