"""Plan against actual with known data, the register counted into appendix 03, and register scoping."""

import datetime

import pytest
from django.urls import reverse

from tests.plans.conftest import VN, entry, login, make_plan, send

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def known(units, users, section_a):
    from cms.models import NewsPage, PolicyArea
    from cms.services.content import content_create
    from publishing.services.destinations import destination_create

    a, b = units["15"], units["52"]
    make_plan(a, 2026, [("1.1", 10, "year", None), ("2.1", 4, "quarter", 2), ("3.1", 100, "month", 3),
                        ("4.2", 6, "year", None), ("1.4", 3, "year", None)])
    make_plan(b, 2026, [("1.1", 2, "year", None)])
    make_plan(a, 2026 + 1, [("1.1", 99, "year", None)])  # another year: not counted
    bhyt = PolicyArea.objects.get(code="bhyt")
    hi = entry(a, "conference", D(2026, 3, 2), attendees=120)
    hi.policy_areas.set([bhyt])
    hi.save()  # a ParentalManyToManyField is written on save
    entry(units["15-sa-pa"], "training", D(2026, 5, 9), attendees=40)  # a commune counts with its province
    entry(a, "post_office_meeting", D(2026, 6, 30), attendees=30, participants_gained=7)
    entry(a, "conference", D(2026, 7, 1), attendees=50)  # second half-year
    entry(a, "press_radio_tv", D(2026, 4, 2), outlet="Đài PT-TH Lào Cai", link="https://example.invalid/1")
    entry(a, "poster", D(2026, 3, 5), quantity=60)
    entry(a, "banner", D(2026, 3, 6), quantity=15)
    entry(b, "conference", D(2026, 2, 2), attendees=10)
    portal = destination_create(name="Cổng A", channel="log", channel_kind="portal", org_unit=a)
    for n in range(3):
        page = NewsPage(title=f"Tin {n}", summary="Tóm tắt.")
        content_create(section=section_a, page=page, user=users["editor_a"])
        send(page, portal, datetime.datetime(2026, 2, 1 + n, 9, tzinfo=VN))
    return a, b


def test_numbers_per_line_for_the_first_half(known):
    from plans.progress import plan_progress
    from reports.periods import period_named

    a, b = known
    progress_a, progress_b = plan_progress([a, b], period_named("h1", 2026))
    rows = {row.line.code: row for row in progress_a.lines}
    assert (rows["1.1"].planned, rows["1.1"].done, rows["1.1"].percent, rows["1.1"].behind) == (5, 3, 60, 2)
    assert (rows["2.1"].planned, rows["2.1"].done) == (4, 1)
    assert (rows["3.1"].planned, rows["3.1"].done, rows["3.1"].percent) == (100, 60, 60)  # banners are 3.2
    assert (rows["3.2"].planned, rows["3.2"].done) == (0, 15)
    assert (rows["4.2"].planned, rows["4.2"].done) == (3, 3)
    assert rows["1.4"].done is None  # nothing records "other activities"
    assert progress_a.planned == 5 + 4 + 100 + 3 and progress_a.done == 3 + 1 + 60 + 3
    assert {row.line.code: row.done for row in progress_b.lines}["1.1"] == 1
    register = dict(rows["1.1"].drills)["register"]
    assert "kind=conference%2Ctraining%2Cpost_office_meeting" in register


def test_centre_sees_provinces_furthest_behind_first_and_drills_down(known):
    client = login("leadership")
    response = client.get(reverse("plans_progress"), {"period": "h1", "year": "2026"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index('data-unit="15"') < html.index('data-unit="52"')  # A: 59%, B: 100% (1 of 1)
    detail = client.get(reverse("plans_progress"), {"period": "h1", "year": "2026", "unit": "15"})
    assert 'data-line="1.1"' in detail.content.decode()
    drill = client.get(reverse("plans_drill"), {"unit": "15", "start": "2026-01-01", "end": "2026-06-30",
                                                "kind": "conference,training,post_office_meeting"})
    assert drill.status_code == 200 and drill.content.decode().count("data-entry=") == 3
    bad = client.get(reverse("plans_drill"), {"unit": "15", "start": "2026-01-01", "end": "2026-06-30", "kind": "x"})
    assert bad.status_code == 400
    export = client.get(reverse("plans_progress_export"), {"period": "h1", "year": "2026"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_province_b_sees_only_its_own_progress(known):
    client = login("editor_b")
    assert client.get(reverse("plans_progress"), {"unit": "15", "period": "h1", "year": "2026"}).status_code == 404
    own = client.get(reverse("plans_progress"), {"period": "h1", "year": "2026"})
    assert own.status_code == 200 and 'data-unit="52"' in own.content.decode()
    assert client.get(reverse("plans_drill"), {"unit": "15", "start": "2026-01-01", "end": "2026-06-30"}).status_code == 404


def test_register_lines_of_appendix_03_are_counted(known):
    from reports.periods import period_named
    from reports.selectors import counted_figures

    a, _b = known
    figures = counted_figures([a], period_named("h1", 2026))[a.pk]
    assert figures["meetings"] == 3 and figures["meeting_attendees"] == 190
    assert figures["hi_meetings"] == 1 and figures["hi_meeting_attendees"] == 120
    assert figures["post_office_meetings"] == 1 and figures["post_office_new_participants"] == 7
    assert figures["press_items"] == 1 and figures["posters"] == 75
    report = login("approver_a").get("/admin/communication-reports/", {"period": "h1", "year": "2026", "unit": "15"})
    assert reverse("plans_drill") in report.content.decode()


def test_register_entries_are_scoped_by_province(units):
    from plans.models import ActivityEntry

    mine = entry(units["15"], "conference", D(2026, 3, 2), attendees=10, title="Hội nghị Lào Cai")
    other = login("editor_b")
    edit = reverse("wagtailsnippets_plans_activityentry:edit", args=[mine.pk])
    assert other.get(edit).status_code == 404
    assert other.post(edit, {"title": "Đổi"}).status_code == 404
    assert other.post(reverse("wagtailsnippets_plans_activityentry:delete", args=[mine.pk])).status_code == 404
    assert "Hội nghị Lào Cai" not in other.get(reverse("wagtailsnippets_plans_activityentry:list")).content.decode()
    assert ActivityEntry.objects.get(pk=mine.pk).title == "Hội nghị Lào Cai"
    # B's editor may not put an entry on A's unit through the form either.
    add = other.post(reverse("wagtailsnippets_plans_activityentry:add"), {
        "kind": "conference", "held_on": "2026-03-03", "title": "Gian", "org_unit": units["15"].pk, "attendees": "5",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0", "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000"})
    assert add.status_code == 200 and not ActivityEntry.objects.filter(title="Gian").exists()
    ok = login("editor_a").post(reverse("wagtailsnippets_plans_activityentry:add"), {
        "kind": "conference", "held_on": "2026-03-03", "title": "Hội nghị xã", "org_unit": units["15-sa-pa"].pk,
        "attendees": "5", "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000"})
    assert ok.status_code == 302 and ActivityEntry.objects.filter(title="Hội nghị xã").exists()
