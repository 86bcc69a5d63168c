"""The counted figures on seeded data with known answers, for a province and for the centre."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.periods import period_named
from reports.selectors import counted_figures, detail_figures, drill_items
from tests.reports.conftest import EXPECTED_H1, EXPECTED_H2_A

pytestmark = pytest.mark.django_db


def figures_for(units, codes, period):
    chosen = [units[code] for code in codes]
    counted = counted_figures(chosen, period)
    return {code: counted[units[code].pk] for code in codes}


def test_province_first_half(world, units):
    figures = figures_for(units, ["15"], period_named("h1", 2026))["15"]
    for metric, expected in EXPECTED_H1["15"].items():
        assert figures.get(metric, 0) == expected, metric


def test_every_province_side_by_side_in_few_queries(world, units):
    with CaptureQueriesContext(connection) as queries:
        figures = figures_for(units, ["15", "52", "TW"], period_named("h1", 2026))
    for code, expected_figures in EXPECTED_H1.items():
        for metric, expected in expected_figures.items():
            assert figures[code].get(metric, 0) == expected, (code, metric)
    assert len(queries) <= 4  # deliveries, broadcasts, leaflets, the activity register: aggregated in the database


def test_half_year_boundary_is_midnight_in_vietnam(world, units):
    """23:30 on 30 June (16:30 UTC) is the first half; 00:30 on 1 July (17:30 UTC on 30 June) the second."""
    first = figures_for(units, ["15"], period_named("h1", 2026))["15"]
    second = figures_for(units, ["15"], period_named("h2", 2026))["15"]
    for metric, expected in EXPECTED_H2_A.items():
        assert second.get(metric, 0) == expected, metric
    h1_titles = {row["page"].title for row in drill_items(units["15"], period_named("h1", 2026), channel="portal")}
    h2_titles = {row["page"].title for row in drill_items(units["15"], period_named("h2", 2026), channel="portal")}
    assert "BHYT và BHXH bắt buộc" in h1_titles and "BHYT và BHXH bắt buộc" not in h2_titles
    assert h2_titles == {"BHXH tự nguyện tháng 7"}
    year = figures_for(units, ["15"], period_named("year", 2026))["15"]
    assert year["portal_total"] == first["portal_total"] + second["portal_total"]
    assert year["loudspeaker_total"] == 11


def test_quarter_and_range(world, units):
    from reports.periods import Period

    q2 = figures_for(units, ["15"], period_named("q2", 2026))["15"]
    assert q2["portal_total"] == 3  # n2 (30 June 23:30), n5 (again in May), k1
    one_day = Period("range", datetime.date(2026, 6, 30), datetime.date(2026, 6, 30))
    day = figures_for(units, ["15"], one_day)["15"]
    assert day == {"portal_total": 1, "portal_hi": 0, "loudspeaker_total": 1, "loudspeaker_hi": 0,
                   "leaflets_household_hi": 500, "leaflet_items_household_hi": 1}


def test_details_languages_campaigns_policy_areas_months(world, units):
    detail = detail_figures(units["15"], period_named("h1", 2026))
    assert sorted((row["code"], row["items"], row["broadcasts"]) for row in detail["languages"]) == [
        ("hmn-latn", 0, 1), ("km-khmr", 1, 0)]
    # n1, n2 and the Khmer variant of n1 (a variant keeps its original's campaign).
    assert [(row["campaign"].slug, row["items"]) for row in detail["campaigns"]] == [("ngay-bhyt-viet-nam", 3)]
    areas = {row["area"].code: row["items"] for row in detail["policy_areas"]}
    assert areas == {"bhyt": 2, "bhxh-bat-buoc": 1, "bhyt-hoc-sinh-sinh-vien": 1, "bhyt-ho-gia-dinh": 1,
                     "bhxh-tu-nguyen": 1, "dich-vu-so": 1}
    leaflets = {row["kind"]: (row["items"], row["sheets"]) for row in detail["leaflets"]}
    assert leaflets["student_hi"] == (1, 1000) and leaflets["household_hi"] == (1, 500)
    year = detail_figures(units["15"], period_named("year", 2026))["leaflets"]
    year = {row["kind"]: (row["items"], row["sheets"]) for row in year}
    assert year["student_hi"] == (2, 1200) and year["other"] == (0, 0)
    months = {month.month: counts for month, counts in detail["months"]}
    assert list(months) == [1, 2, 3, 4, 5, 6]
    assert months[1]["portal"] == 1 and months[2]["portal"] == 1 and months[3]["portal"] == 1
    assert months[5]["portal"] == 1 and months[6]["portal"] == 1  # n5 counts in February, its first sending
    assert months[2]["fanpage"] == 1 and months[3]["fanpage"] == 1 and months[3]["vssid"] == 1
    assert months[2]["loudspeaker"] == 3 and months[3]["loudspeaker"] == 2 and months[6]["loudspeaker"] == 1


def test_drill_down_lists_the_items_behind_a_figure(world, units):
    period = period_named("h1", 2026)
    portal_hi = drill_items(units["15"], period, channel="portal", hi=True)
    assert sorted(row["page"].title for row in portal_hi) == ["BHYT học sinh và hộ gia đình", "Ngày BHYT Việt Nam 1/7"]
    assert all(row["url"].startswith("https://example.invalid/") for row in portal_hi)
    everything = drill_items(units["15"], period, channel="portal")
    assert len(everything) == figures_for(units, ["15"], period)["15"]["portal_total"]


def test_a_communes_own_channel_counts_for_its_province(world, units):
    from publishing.services.destinations import destination_create
    from tests.reports.conftest import send, vn

    commune_feed = destination_create(name="VssID Sa Pa", channel="log", channel_kind="vssid",
                                      org_unit=units["15-sa-pa"])
    send(world["n2"], commune_feed, vn(2026, 5, 1, 8))
    figures = figures_for(units, ["15", "52"], period_named("h1", 2026))
    assert figures["15"]["vssid_total"] == 2 and figures["52"].get("vssid_total", 0) == 0
