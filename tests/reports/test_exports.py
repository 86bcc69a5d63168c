"""The downloads: an XLSX laid out like appendix 03 and a CSV, holding the figures the screen shows."""

import pytest

from tests.reports.helpers import REPORT_URL, csv_rows, xlsx_row, xlsx_sheet

pytestmark = pytest.mark.django_db


def test_province_xlsx_is_the_agencys_table(client, users, world):
    client.force_login(users["approver_a"])
    client.post(f"{REPORT_URL}figures/?period=h1&year=2026&unit=15", {"partner_units": "12", "staff_full_time": "3"})
    response = client.get(REPORT_URL + "export.xlsx", {"period": "year", "year": "2026", "unit": "15"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-15-20260101-20261231.xlsx"'
    sheet = xlsx_sheet(response.content)
    assert sheet.title == "Phụ lục 03"
    assert sheet["A1"].value == "BẢO HIỂM XÃ HỘI VIỆT NAM"
    assert sheet["A2"].value == "BẢO HIỂM XÃ HỘI TỈNH LÀO CAI"
    assert sheet["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["D2"].value == "Độc lập - Tự do - Hạnh phúc"
    assert sheet["A4"].value == "TỔNG HỢP SỐ LIỆU"
    assert sheet["A5"].value == "KẾT QUẢ CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG NĂM 2026"
    header, header_row = xlsx_row(sheet, "Các hoạt động thông tin, truyền thông")
    assert header == ["Đơn vị tính", "6 tháng đầu năm 2026", "Năm 2026", "Ghi chú"]
    # appendix 03's lines, with the system's numbers under "first half" and "whole year"
    assert xlsx_row(sheet, "Tổng số lần phát thanh")[0][:3] == ["Lần", 6, 11]
    assert xlsx_row(sheet, "Số lần phát thanh có nội dung tuyên truyền riêng biệt về BHYT")[0][:3] == ["Lần", 3, 8]
    assert xlsx_row(sheet, "Tổng số tin, bài, video…")[0][:3] == ["Tin, bài", 5, 6]
    assert xlsx_row(sheet, "Số tin, bài,…. tuyên truyền riêng biệt về BHYT")[0][:3] == ["Tin, bài", 2, 2]
    assert xlsx_row(sheet, "Tờ gấp BHYT HSSV")[0][:3] == ["Tờ", 1000, 1200]
    assert xlsx_row(sheet, "Tờ gấp BHYT hộ gia đình")[0][:3] == ["Tờ", 500, 500]
    assert xlsx_row(sheet, "Bài đăng trên Fanpage Facebook của BHXH tỉnh")[0][:3] == ["Bài", 2, 2]
    assert xlsx_row(sheet, "Tin, bài trên ứng dụng VssID")[0][:3] == ["Tin, bài", 1, 1]
    # hand-entered figures: the first half's under the first half, none yet for the year
    partners, partners_row = xlsx_row(sheet, "Tổng số đơn vị phối hợp")
    assert partners[:3] == ["Số đơn vị", 12, None] and partners_row > header_row
    assert xlsx_row(sheet, "Tổng số cuộc")[0][:3] == ["Cuộc", 0, 0]  # counted from the register
    assert xlsx_row(sheet, "Cán bộ làm công tác tuyên truyền chuyên trách")[0][:3] == ["Người", 3, None]
    assert sheet.cell(row=xlsx_row(sheet, "Tổng số lần phát thanh")[1], column=1).value == "-"
    # sections B (participants) and C (budget) follow, hand-entered, with the template's column titles
    assert xlsx_row(sheet, "Đối tượng")[0][:3] == ["Đơn vị tính", "6 tháng đầu năm 2026", "Năm 2026"]
    assert xlsx_row(sheet, "Nội dung công việc")[1] > xlsx_row(sheet, "Đối tượng")[1]
    assert xlsx_row(sheet, "Kinh phí sử dụng trong năm")[0][:3] == ["Đồng", None, None]
    details = xlsx_sheet(response.content, "Chi tiết")
    labels = {row[0].value: [cell.value for cell in row[1:]] for row in details.iter_rows()}
    assert labels["Tiếng Khmer"][:2] == [1, 0]
    assert labels["Ngày Bảo hiểm y tế Việt Nam (1/7)"][0] == 3
    # Item series first (portal, fanpage, VssID, then any other installed channel's), the broadcasts last.
    assert labels["07/2026"][:3] == [1, 0, 0] and labels["07/2026"][-1] == 5


def test_centre_xlsx_has_a_column_per_province_and_a_total(client, users, world):
    client.force_login(users["leadership"])
    response = client.get(REPORT_URL + "export.xlsx", {"period": "h1", "year": "2026"})
    assert response.status_code == 200
    sheet = xlsx_sheet(response.content)
    assert sheet["A2"].value == "BẢO HIỂM XÃ HỘI VIỆT NAM"
    header = xlsx_row(sheet, "Các hoạt động thông tin, truyền thông")[0]
    assert header[0] == "Đơn vị tính" and header[-2] == "Tổng cộng" and header[-1] == "Ghi chú"
    portal = dict(zip(header, xlsx_row(sheet, "Tổng số tin, bài, video…")[0]))
    assert portal["Lào Cai"] == 5 and portal["Gia Lai"] == 1 and portal["Tổng cộng"] == 7
    broadcasts = dict(zip(header, xlsx_row(sheet, "Tổng số lần phát thanh")[0]))
    assert broadcasts["Lào Cai"] == 6 and broadcasts["Gia Lai"] == 4 and broadcasts["Tổng cộng"] == 10


def test_csv_holds_the_same_figures(client, users, world):
    client.force_login(users["approver_b"])
    response = client.get(REPORT_URL + "export.csv", {"period": "h1", "year": "2026"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response.content)
    assert rows[0] == ["Mục", "TT", "Các hoạt động thông tin, truyền thông", "Đơn vị tính", "6 tháng đầu năm 2026",
                       "Ghi chú"]
    by_label = {row[2]: row for row in rows[1:]}
    assert by_label["Tổng số lần phát thanh"][4] == "4"
    assert by_label["Tổng số tin, bài, video…"][4] == "1"
    assert by_label["Tổng số cuộc"][4] == "0"  # counted from the activity register
    assert by_label["Tổng số đơn vị phối hợp"][4] == ""  # not entered
    assert all("Lào Cai" not in cell for row in rows for cell in row)


def test_centre_csv_side_by_side(client, users, world):
    client.force_login(users["root"])
    rows = csv_rows(client.get(REPORT_URL + "export.csv", {"period": "h1", "year": "2026"}).content)
    header = rows[0]
    vssid = dict(zip(header, next(row for row in rows if row[2] == "Tin, bài trên ứng dụng VssID")))
    assert vssid["Lào Cai"] == "1" and vssid["Gia Lai"] == "0" and vssid["Tổng cộng"] == "1"


def test_names_typed_by_staff_stay_text_in_the_downloads(client, users, world):
    from cms.models import Campaign

    Campaign.objects.filter(slug="ngay-bhyt-viet-nam").update(name='=HYPERLINK("http://example.invalid","x")')
    client.force_login(users["approver_a"])
    response = client.get(REPORT_URL + "export.xlsx", {"period": "h1", "year": "2026"})
    details = xlsx_sheet(response.content, "Chi tiết")
    cell = next(row[0] for row in details.iter_rows() if str(row[0].value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.row > 1
