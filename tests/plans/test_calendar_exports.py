"""The calendar and its iCalendar feed, plan XLSX/DOCX round trip and bad rows, appendix 02, reminders."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse

from tests.plans.conftest import VN, entry, login, make_plan, send

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def month(units, users, section_a):
    from cms.models import Campaign, NewsPage
    from cms.services.content import content_create
    from publishing.services.destinations import destination_create

    a = units["15"]
    fanpage = destination_create(name="Fanpage A", channel="log", channel_kind="fanpage", org_unit=a)
    page = NewsPage(title="Tin Ngày BHYT", summary="Tóm tắt.", campaign=Campaign.objects.get(slug="ngay-bhyt-viet-nam"))
    content_create(section=section_a, page=page, user=users["editor_a"])
    send(page, fanpage, datetime.datetime(2026, 6, 20, 8, 30, tzinfo=VN), status="pending")
    entry(a, "dialogue", D(2026, 6, 22), attendees=30, title="Đối thoại doanh nghiệp")
    entry(units["52"], "dialogue", D(2026, 6, 23), attendees=30, title="Đối thoại Gia Lai")
    make_plan(a, 2026, [("1.2", 2, "month", 6)])
    return page


def test_month_view_shows_campaigns_items_activities_plan_and_deadline(month):
    response = login("editor_a").get(reverse("plans_calendar"), {"day": "2026-06-10"})
    may = login("editor_a").get(reverse("plans_calendar"), {"day": "2026-05-10"}).content.decode()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày Bảo hiểm y tế Việt Nam (1/7)" in html  # 15/6–1/7 every year
    assert "08:30 [Fanpage Facebook] Tin Ngày BHYT" in html
    assert "Đối thoại doanh nghiệp" in html and "Đối thoại Gia Lai" not in html  # province B's is not A's to see
    assert "KH 1.2" in html
    assert "Hạn nộp báo cáo 6 tháng 2026" in may  # 28/5
    week = login("editor_a").get(reverse("plans_calendar"), {"day": "2026-06-22", "view": "week", "channel": "fanpage"})
    assert "Tin Ngày BHYT" not in week.content.decode()  # 20/6 is the week before
    assert login("editor_a").get(reverse("plans_calendar"), {"day": "nope"}).status_code == 400
    assert login("editor_a").get(reverse("plans_calendar"), {"channel": "nope"}).status_code == 404
    assert login("editor_b").get(reverse("plans_calendar"), {"unit": "15"}).status_code == 404


def _cell(html, day):
    start = html.index(f'data-day="{day}"')
    return html[start:html.index('class="cal-day', start)]


def test_busy_day_shows_its_first_six_entries_and_how_many_more(month, units):
    from publishing.models import Destination

    a = units["15"]
    portal = Destination.objects.get(name="Fanpage A")
    for hour in (9, 7):
        send(month, portal, datetime.datetime(2026, 6, 24, hour, 0, tzinfo=VN))
    for n in range(7):
        entry(a, "conference", D(2026, 6, 24), attendees=10, title=f"Hội nghị số {n}")
    entry(a, "conference", D(2026, 6, 25), attendees=10, title="Hội nghị hôm sau")
    html = login("editor_a").get(reverse("plans_calendar"), {"day": "2026-06-10"}).content.decode()
    busy = _cell(html, "2026-06-24")
    # Deliveries first (by time), then the register in the order it was entered; six in all.
    assert busy.index("07:00") < busy.index("09:00") < busy.index("Hội nghị số 0")
    campaigns = busy.count("cal-entry cal-campaign")  # 15/6–1/7 and any other campaign of the day
    shown = 6 - campaigns - 2
    assert [f"Hội nghị số {n}" in busy for n in range(7)] == [True] * shown + [False] * (7 - shown)
    assert busy.count('class="cal-entry cal-') == 6 + 1  # six entries and the "+N" link
    assert f"+{7 - shown} mục nữa" in busy
    assert "Hội nghị hôm sau" in _cell(html, "2026-06-25") and "mục nữa" not in _cell(html, "2026-06-25")
    week = login("editor_a").get(reverse("plans_calendar"), {"day": "2026-06-24", "view": "week"}).content.decode()
    assert all(f"Hội nghị số {n}" in _cell(week, "2026-06-24") for n in range(7))


def test_ics_feed_needs_its_token(month, units):
    from icalendar import Calendar

    from plans.models import CalendarToken

    page = login("editor_a").get(reverse("plans_calendar_feed"))
    token = CalendarToken.objects.get(org_unit=units["15"]).token
    assert token in page.content.decode()
    from django.test import Client

    anonymous = Client()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("plans.ics.PAST_DAYS", 4000)
        response = anonymous.get(reverse("plans_ics", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    summaries = [str(event["summary"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]
    assert "Đối thoại doanh nghiệp" in summaries and "Đối thoại Gia Lai" not in summaries
    assert anonymous.get(reverse("plans_ics", args=["wrong-token"])).status_code == 404
    login("editor_a").post(reverse("plans_calendar_feed"))  # a new address: the old one stops working
    assert anonymous.get(reverse("plans_ics", args=[token])).status_code == 404


def test_plan_xlsx_round_trip_and_docx(units, users):
    from docx import Document

    from plans.imports import plan_import
    from plans.models import PlanTemplateLine, YearlyPlan

    plan = make_plan(units["15"], 2026, [("1.1", 12, "quarter", 2), ("4.2", 300, "year", None)])
    client = login("editor_a")
    xlsx = client.get(reverse("plans_export", args=[plan.pk, "xlsx"]))
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    texts = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Số:     /KH-BHXH" in texts and "KẾ HOẠCH" in texts and "Tổng kinh phí" in texts
    assert "Hội nghị, tập huấn" in texts and "GIÁM ĐỐC" in texts
    docx = client.get(reverse("plans_export", args=[plan.pk, "docx"]))
    document = Document(io.BytesIO(docx.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Số:     /KH-BHXH" in cells and "12 cuộc" in cells and "Quý 2" in cells
    # the exported workbook imports back into province B's plan unchanged
    imported, _revision = plan_import(data=xlsx.content, unit=units["52"], year=2026, user=users["editor_b"])
    lines = [(line.template_line.code, line.quantity, line.period_kind, line.period_number)
             for line in imported.get_latest_revision_as_object().lines.all()]
    assert lines == [("1.1", 12, "quarter", 2), ("4.2", 300, "year", None)]
    assert YearlyPlan.objects.count() == 2 and PlanTemplateLine.objects.count() == 27


def test_bad_plan_rows_are_reported_line_by_line_and_nothing_is_saved(units, users):
    from openpyxl import load_workbook

    from plans.exports import plan_xlsx
    from plans.imports import ImportError_, plan_import
    from plans.models import PlanTemplateLine, YearlyPlan

    plan = make_plan(units["15"], 2026, [("1.1", 12, "quarter", 2), ("2.1", 4, "year", None)])
    book = load_workbook(io.BytesIO(plan_xlsx(plan, list(PlanTemplateLine.objects.all()))))
    sheet = book.active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=10) if row[0].value}
    rows["1.1"][3].value = "mười hai"
    rows["2.1"][7].value = "Quý 5"
    rows["1.2"][0].value = "9.9"
    rows["1.2"][2].value = "Hội thảo"
    buffer = io.BytesIO()
    book.save(buffer)
    client = login("editor_b")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("plans_import"), {"unit": units["52"].pk, "year": "2026",
                                                      "file": SimpleUploadedFile("kh.xlsx", buffer.getvalue())})
    html = response.content.decode()
    assert response.status_code == 400
    assert "mười hai" in html and "Quý 5" in html and "9.9" in html
    assert YearlyPlan.objects.filter(org_unit=units["52"]).count() == 0
    with pytest.raises(ImportError_) as caught:
        plan_import(data=b"not a workbook", unit=units["52"], year=2026, user=users["editor_b"])
    assert len(caught.value.errors) == 1


def test_register_import_all_or_nothing(units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from plans.models import ActivityEntry

    header = "Loại,Ngày,Tên hoạt động,Đơn vị,Số người dự,Số lượng,Lĩnh vực\n"
    good = "conference,02/03/2026,Hội nghị A,15,100,,bhyt\nposter,05/03/2026,Pa nô,15-sa-pa,,20,\n"
    bad = "conference,31/02/2026,Hội nghị sai,15,,,\nposter,05/03/2026,Pa nô B,52,,3,xyz\n"
    client = login("editor_a")
    response = client.post(reverse("plans_register_import"),
                           {"file": SimpleUploadedFile("a.csv", (header + good + bad).encode())})
    html = response.content.decode()
    assert response.status_code == 400 and ActivityEntry.objects.count() == 0
    assert "31/02/2026" in html and "xyz" in html and "“52”" in html
    response = client.post(reverse("plans_register_import"), {"file": SimpleUploadedFile("a.csv", (header + good).encode())})
    assert response.status_code == 302 and ActivityEntry.objects.count() == 2
    assert ActivityEntry.objects.get(title="Hội nghị A").policy_areas.get().code == "bhyt"


def test_appendix_02_draft_has_its_sections_and_the_counted_figures(units):
    from docx import Document

    entry(units["15"], "conference", D(2026, 3, 2), attendees=120)
    entry(units["15"], "conference", D(2026, 4, 2), attendees=80)
    make_plan(units["15"], 2026, [("1.1", 4, "year", None)])
    response = login("editor_a").get(reverse("plans_appendix02"), {"period": "h1", "year": "2026", "format": "docx"})
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    for heading in ("I. TÌNH HÌNH CHUNG", "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG",
                    "III. ĐÁNH GIÁ CHUNG", "IV. KẾ HOẠCH THÔNG TIN, TRUYỀN THÔNG QUÝ (NĂM) TIẾP THEO"):
        assert heading in text
    assert "Tổ chức 2 hội nghị, tập huấn, hội thảo, đối thoại với 200 người tham dự" in text
    assert "Đạt 100% kế hoạch của kỳ (2/2)" in text
    assert "[Phần này đơn vị tự viết.]" in text
    assert login("editor_b").get(reverse("plans_appendix02"), {"unit": "15"}).status_code == 404


def test_reminders_go_to_units_that_have_not_submitted_once(units, users):
    from plans.models import ReportSubmission
    from plans.reminders import reminders_send

    users["editor_a"].email = "a@example.invalid"
    users["editor_a"].save()
    users["editor_b"].email = "b@example.invalid"
    users["editor_b"].save()
    ReportSubmission.objects.create(org_unit=units["52"], year=2026, period_kind="h1")
    assert reminders_send(today=D(2026, 5, 21)) == 1  # seven days before 28/5
    assert [message.to for message in mail.outbox] == [["a@example.invalid"]]
    assert "28/05/2026" in mail.outbox[0].subject and "Nhắc" in mail.outbox[0].subject
    assert "Tỉnh Lào Cai" in mail.outbox[0].body
    assert reminders_send(today=D(2026, 5, 21)) == 0  # not twice
    assert reminders_send(today=D(2026, 5, 22)) == 0  # not a reminder day
    client = login("editor_a")
    client.post(reverse("plans_appendix02") + "?period=h1&year=2026")
    assert reminders_send(today=D(2026, 5, 25)) == 0 and len(mail.outbox) == 1  # submitted: no more
