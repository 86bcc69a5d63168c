"""The loudspeaker channel: publish to the communes routed, exports rendered once per language
and shared, update and withdraw, schedules, the weekly bundle, vendor push and the device API."""

import datetime
import io
import json
import threading
import zipfile

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from channels.loudspeaker.models import CommuneScript, ScriptRender
from cms.services.content import content_approve, content_submit
from publishing.models import Delivery
from tests.channels.loudspeakers import AN_KHE, BAT_XAT, SA_PA, commune_scripts
from tests.outbox import let_time_pass, work

Status, Action = Delivery.Status, Delivery.Action


def renders_run():
    return sum(ScriptRender.objects.values_list("attempts", flat=True))


# --- publish, update, withdraw ----------------------------------------------------------
def test_a_province_script_reaches_each_of_its_communes_with_their_schedule(published_script, loudspeakers):
    deliveries = Delivery.objects.filter(page=published_script)
    assert {d.destination.org_unit.code for d in deliveries} == {SA_PA, BAT_XAT}  # not Gia Lai's An Khê
    assert all(d.status == Status.SENT for d in deliveries), [(d.status, d.last_error) for d in deliveries]
    for code in (SA_PA, BAT_XAT):
        script = commune_scripts(code).get()
        assert script.title == published_script.title and script.page_id == published_script.pk
        assert script.starts_on == published_script.broadcast_from
        assert script.ends_on == published_script.broadcast_until
        assert script.slots == ["06:00", "17:30"] and script.repeats == 3 and script.gap_minutes == 10
    assert not commune_scripts(AN_KHE).exists()


def test_the_exports_are_rendered_once_and_shared_by_every_commune(published_script):
    from django.core.files.storage import default_storage
    from channels.loudspeaker.exports import tts_available

    render = ScriptRender.objects.get()
    assert renders_run() == 1
    assert set(CommuneScript.objects.values_list("render_id", flat=True)) == {render.pk}
    expected = {"txt", "docx", "pdf"} | ({"mp3"} if tts_available() else set())
    assert set(render.files) == expected
    for name in render.files.values():
        assert default_storage.exists(name) and default_storage.size(name) > 0
    assert render.seconds > 0 and render.syllables > 10
    text = default_storage.open(render.files["txt"]).read().decode()
    assert "Lào Cai" in text


def test_renders_grow_with_languages_not_with_communes(published_script, users, approve, units):
    from cms.services.variants import variant_create
    from channels.loudspeaker.services import loudspeaker_destinations_ensure

    more = [units[code] for code in ("15-y-ty", "15-bac-ha", "15-muong-khuong")]
    loudspeaker_destinations_ensure(communes=more)
    variant = variant_create(source=published_script, locale_code="hmn-latn", user=users["editor_a"])
    variant.title = "Tsab ntawv: BHYT (Mông, demo)"
    variant.save_revision(user=users["editor_a"])
    fresh = type(users["editor_a"]).objects  # users as a new request sees them: permissions of the new tree
    content_submit(page=variant, user=fresh.get(username="editor_a"))
    content_approve(page=variant, user=fresh.get(username="approver_a"))
    work()
    # 5 communes now hold the Mông script, 2 the Vietnamese one: two renders, one per language.
    assert commune_scripts("15-y-ty").get().render.language.lower().startswith("hmn")
    assert CommuneScript.objects.count() == 7
    assert ScriptRender.objects.count() == 2 and renders_run() == 2


def test_an_edit_replaces_the_script_in_place(published_script, users, approve):
    before = {s.commune_id: s.pk for s in CommuneScript.objects.all()}
    published_script.title = "Kịch bản: BHYT hộ gia đình (sửa)"
    published_script.script = "<p>Bản sửa: từ ngày 1/7 mức đóng thay đổi.</p>"
    published_script.save_revision(user=users["editor_a"])
    approve(published_script)
    work()
    assert {d.status for d in Delivery.objects.filter(page=published_script, action=Action.UPDATE)} == {Status.SENT}
    after = {s.commune_id: s.pk for s in CommuneScript.objects.all()}
    assert after == before  # the same rows, replaced
    assert set(CommuneScript.objects.values_list("title", flat=True)) == {"Kịch bản: BHYT hộ gia đình (sửa)"}
    assert ScriptRender.objects.count() == 2  # the new text rendered once, for both communes
    assert CommuneScript.objects.values("render").distinct().count() == 1


def test_withdrawal_removes_the_script_from_every_commune(published_script, users):
    published_script.unpublish(user=users["approver_a"])
    work()
    assert {d.status for d in Delivery.objects.filter(page=published_script, action=Action.WITHDRAW)} == {Status.SENT}
    assert not CommuneScript.objects.live().exists()
    assert CommuneScript.objects.filter(withdrawn_at__isnull=False).count() == 2


def test_news_routed_to_loudspeakers_becomes_a_read_aloud_script_due_for_a_week(loudspeakers, make_news, section_a,
                                                                                approve):
    from cms.models import ChannelKind

    news = make_news(section_a, title="Tin: gia hạn thẻ BHYT", summary="Bà con nhớ gia hạn thẻ BHYT trước 31/12.",
                     body=[("paragraph", "<p>Gia hạn tại UBND xã hoặc qua VssID.</p>")])
    news.channel_kinds.add(ChannelKind.objects.get(code="loudspeaker"))
    news.save_revision(user=None)
    approve(news)
    work()
    script = commune_scripts(SA_PA).get()
    assert script.title == "Tin: gia hạn thẻ BHYT"
    assert (script.ends_on - script.starts_on).days == 6
    assert "gia hạn thẻ BHYT trước 31/12" in script.render.source["html"]  # the summary is read too


def test_one_payload_is_formatted_for_all_communes(published_script):
    payloads = {json.dumps(d.payload, sort_keys=True) for d in Delivery.objects.filter(page=published_script)}
    assert len(payloads) == 1
    payload = json.loads(payloads.pop())
    assert "commune" not in payload and payload["target_seconds"] == 120
    assert payload["html"].startswith("<p>Kính thưa bà con")


# --- rendering races --------------------------------------------------------------------
def test_a_render_claimed_by_a_live_worker_is_not_rendered_again_until_its_lease_runs_out(published_script):
    from channels.loudspeaker.renders import render_ensure

    source = {"title": "Kịch bản khác", "html": "<p>Một, hai, ba.</p>", "language": "vi", "target_seconds": 60}
    from channels.loudspeaker.renders import content_hash

    ScriptRender.objects.create(content_hash=content_hash(source), language="vi", title="x", source=source,
                                status=ScriptRender.Status.RENDERING, attempts=1,
                                claimed_until=timezone.now() + datetime.timedelta(minutes=5))
    render = render_ensure(source=source)
    assert render.status == ScriptRender.Status.RENDERING and render.attempts == 1 and not render.files
    ScriptRender.objects.filter(pk=render.pk).update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    render = render_ensure(source=source)  # the first worker died: its lease ran out
    assert render.is_ready and ScriptRender.objects.get(pk=render.pk).attempts == 2 and render.files


def test_a_render_abandoned_after_every_commune_got_its_copy_is_finished_by_beat(published_script):
    from channels.loudspeaker.renders import MAX_ATTEMPTS, renders_recover

    render = CommuneScript.objects.filter(page=published_script).first().render
    # The rendering worker died; the communes' deliveries were sent, attached to the render.
    ScriptRender.objects.filter(pk=render.pk).update(status=ScriptRender.Status.RENDERING, files={},
                                                     claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    assert renders_recover() == 1
    render.refresh_from_db()
    assert render.is_ready and set(render.files) >= {"txt", "pdf", "docx"}
    assert renders_recover() == 0  # nothing left to do

    # One that failed every time it was tried is not tried again by each commune's delivery.
    ScriptRender.objects.filter(pk=render.pk).update(status=ScriptRender.Status.FAILED, attempts=MAX_ATTEMPTS)
    assert renders_recover() == 0
    assert ScriptRender.objects.get(pk=render.pk).attempts == MAX_ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_four_workers_meeting_a_new_script_at_once_render_it_once(django_db_setup):
    from channels.loudspeaker.renders import render_ensure

    source = {"title": "Cùng lúc", "html": "<p>Bốn tiến trình cùng gặp một kịch bản mới.</p>", "language": "vi",
              "target_seconds": None}
    barrier, results, errors = threading.Barrier(4), [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(render_ensure(source=source).pk)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert not errors, errors
        assert len(set(results)) == 1 and ScriptRender.objects.count() == 1
        render = ScriptRender.objects.get()
        assert render.attempts == 1 and render.is_ready
    finally:
        ScriptRender.objects.all().delete()


# --- destinations and schedules ---------------------------------------------------------
@pytest.mark.parametrize("config,message", [  # the settings form's message, named by its field
    ({}, "commune: "),
    ({"commune": SA_PA, "slots": "6h sáng"}, "slots: .*HH:MM"),
    ({"commune": SA_PA, "repeats": "0"}, "repeats: .*1"),
    ({"commune": SA_PA, "gap_minutes": "năm"}, "gap_minutes: "),
    ({"commune": SA_PA, "vendor": "acme"}, "vendor: .*acme"),
    ({"commune": SA_PA, "vendor": "http-json", "vendor_url": "ftp://x"}, "vendor_url: "),
])
def test_a_destination_with_bad_settings_is_refused_and_not_saved(units, config, message):
    from publishing.models import Destination
    from publishing.services.destinations import destination_create

    with pytest.raises(ValidationError, match=message):
        destination_create(name="Loa Sa Pa", channel="loudspeaker", channel_kind="loudspeaker",
                           org_unit=units[SA_PA], config=config)
    assert not Destination.objects.filter(channel="loudspeaker").exists()


def test_a_destination_naming_an_unknown_commune_fails_its_delivery_with_a_reason(units, make_script, section_a,
                                                                                  approve):
    from publishing.services.destinations import destination_create, destination_test_connection

    destination = destination_create(name="Loa sai mã", channel="loudspeaker", channel_kind="loudspeaker",
                                     org_unit=units[SA_PA], config={"commune": "15-khong-co"})
    ok, message = destination_test_connection(destination)
    assert not ok and "15-khong-co" in message
    page = approve(make_script(section_a))
    work()
    delivery = Delivery.objects.get(page=page, destination=destination)
    assert delivery.status == Status.FAILED and "15-khong-co" in delivery.last_error
    assert not CommuneScript.objects.exists()


def test_destinations_for_thousands_of_communes_are_made_in_bulk_and_routed(units, django_assert_max_num_queries):
    from channels.loudspeaker.services import loudspeaker_destinations_ensure
    from cms.models import OrgUnit
    from publishing.models import Route

    communes = list(OrgUnit.objects.communes().filter(parent__code="15"))
    with django_assert_max_num_queries(20):
        created = loudspeaker_destinations_ensure(communes=communes)
    assert created == len(communes) >= 10
    route = Route.objects.get(org_unit=units["15"], content_type=None, to_all_provinces=False)
    assert route.destinations.filter(channel="loudspeaker").count() == len(communes)
    assert loudspeaker_destinations_ensure(communes=communes) == 0  # again: nothing new


# --- weekly bundle --------------------------------------------------------------------
def _this_week():
    year, week, _ = timezone.localdate().isocalendar()
    return year, week


def test_the_weekly_bundle_holds_every_format_of_each_script_due_and_the_schedule(published_script, units,
                                                                                 make_script, section_a, approve):
    from channels.loudspeaker.bundles import weekly_bundle

    approve(make_script(section_a, title="Kịch bản tháng sau", days=(40, 45)))  # due later: not in this week
    work()
    year, week = _this_week()
    data, count = weekly_bundle(commune=units[SA_PA], year=year, week=week)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert count == 1 and "schedule.json" in names and "schedule.txt" in names
    schedule = json.loads(archive.read("schedule.json"))
    entry = schedule["scripts"][0]
    assert schedule["commune"] == SA_PA and entry["title"] == published_script.title
    assert entry["schedule"]["slots"] == ["06:00", "17:30"] and entry["schedule"]["repeats"] == 3
    render = ScriptRender.objects.get(title=published_script.title)
    assert set(entry["files"]) == set(render.files)
    for path in entry["files"].values():
        assert archive.read(path)
    assert "Kịch bản tháng sau" not in json.dumps(schedule, ensure_ascii=False)
    assert published_script.title in archive.read("schedule.txt").decode()
    empty, none = weekly_bundle(commune=units[AN_KHE], year=year, week=week)
    assert none == 0 and "Không có kịch bản" in zipfile.ZipFile(io.BytesIO(empty)).read("schedule.txt").decode()


def test_the_bundle_command_builds_each_communes_zip_and_says_so_in_one_line(published_script, capsys):
    from django.core.files.storage import default_storage

    year, week = _this_week()
    call_command("loudspeaker_bundles", "--province", "15", "--week", f"{year}-W{week:02d}")
    out = capsys.readouterr()
    assert out.out.startswith(f"{year}-W{week:02d}: 12 bundles, 2 scripts, 10 empty")
    assert out.out.count("\n") == 1 and "communes" in out.err  # progress on stderr, one summary line
    name = f"loudspeaker/bundles/{year}-W{week:02d}/{SA_PA}-{year}-W{week:02d}.zip"
    assert default_storage.exists(name)
    with pytest.raises(CommandError, match="2026-W49"):
        call_command("loudspeaker_bundles", "--week", "tuần sau")
    with pytest.raises(CommandError, match="unknown commune"):
        call_command("loudspeaker_bundles", "--commune", "15-khong-co")


# --- vendor adapter -------------------------------------------------------------------
VENDOR_SECRET = "vendor-shared-secret-0a1b"


@pytest.fixture
def vendor():
    from channels.loudspeaker.standin import VendorDouble

    double = VendorDouble(secret=VENDOR_SECRET).start()
    yield double
    double.stop()


@pytest.fixture
def vendor_destination(units, vendor):
    from publishing.services.destinations import destination_create

    return destination_create(name="Loa thông minh Sa Pa", channel="loudspeaker", channel_kind="loudspeaker",
                              org_unit=units[SA_PA], secret=VENDOR_SECRET,
                              config={"commune": SA_PA, "vendor": "http-json", "vendor_url": vendor.url,
                                      "timeout": "3"})


def test_the_vendor_receives_the_script_with_schedule_and_links_and_loses_it_on_withdrawal(
        vendor, vendor_destination, make_script, section_a, approve, users, client):
    page = approve(make_script(section_a))
    work()
    delivery = Delivery.objects.get(page=page, destination=vendor_destination)
    assert delivery.status == Status.SENT, delivery.last_error
    [(commune, script_id)] = vendor.scripts
    entry = vendor.scripts[(commune, script_id)]
    assert commune == SA_PA and script_id == entry["id"] and entry["title"] == page.title
    assert entry["schedule"]["slots"] == ["06:00", "17:00"] and entry["status"] == "ready"
    pdf = entry["files"]["pdf"]
    assert pdf["content_type"] == "application/pdf"
    download = client.get(urlsplit(pdf["url"]).path)
    assert download.status_code == 200 and b"".join(download.streaming_content)
    page.unpublish(user=users["approver_a"])
    work()
    assert vendor.scripts == {}
    assert [method for method, *_ in vendor.requests] == ["PUT", "DELETE"]


def test_a_vendor_that_is_down_is_retried_and_one_that_refuses_our_secret_needs_reauthorisation(
        vendor, vendor_destination, make_script, section_a, approve):
    from publishing.models import Destination

    vendor.fail_next("503")
    page = approve(make_script(section_a))
    work()
    delivery = Delivery.objects.get(page=page, destination=vendor_destination)
    assert delivery.status == Status.RETRYING and "503" in delivery.last_error
    let_time_pass()
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and len(vendor.scripts) == 1
    vendor.secret = "rotated-on-the-vendor-side"
    page.title = "Kịch bản (sửa)"
    page.save_revision(user=None)
    User = get_user_model()
    content_submit(page=page, user=User.objects.get(username="editor_a"))
    content_approve(page=page, user=User.objects.get(username="approver_a"))
    work()
    vendor_destination.refresh_from_db()
    assert vendor_destination.health == Destination.Health.NEEDS_REAUTH
    assert VENDOR_SECRET not in json.dumps(list(Delivery.objects.values("last_error")))


def test_vendor_adapters_are_registered_by_name_and_bad_ones_refused():
    from channels.loudspeaker.vendors import HttpJsonAdapter, VendorAdapter, VendorRegistry, get_vendors

    assert get_vendors().names() == ["http-json"]
    registry = VendorRegistry()
    registry.register(HttpJsonAdapter)
    with pytest.raises(ValueError):
        registry.register(HttpJsonAdapter)
    with pytest.raises(TypeError):
        registry.register(dict)

    class Nameless(VendorAdapter):
        def push(self, entry, *, commune, key):
            pass

        def remove(self, *, script_id, commune, key):
            pass

    with pytest.raises(ValueError):
        registry.register(Nameless)


def test_the_bundle_task_stores_a_communes_zip_and_can_run_twice(published_script, units):
    from django.core.files.storage import default_storage

    from channels.loudspeaker.tasks import build_weekly_bundle

    year, week = _this_week()
    first = build_weekly_bundle.run(units[SA_PA].pk, year, week)
    again = build_weekly_bundle.run(units[SA_PA].pk, year, week)
    assert first == again and default_storage.exists(first)
    assert json.loads(zipfile.ZipFile(default_storage.open(first)).read("schedule.json"))["scripts"]
    assert build_weekly_bundle.run(units["15"].pk, year, week) is None  # a province is not a commune


def test_the_destinations_command_covers_every_commune_with_a_radio_station_once(units, capsys):
    from cms.models import OrgUnit
    from publishing.models import Destination

    call_command("loudspeaker_destinations", "--province", "15", "--slots", "05:30,18:00")
    with_station = OrgUnit.objects.communes().filter(parent__code="15", has_radio_station=True).count()
    assert capsys.readouterr().out.strip() == f"{with_station} loudspeaker destinations created"
    destination = Destination.objects.get(channel="loudspeaker", org_unit__code=SA_PA)
    assert destination.config == {"slots": "05:30,18:00", "repeats": "2", "gap_minutes": "5", "commune": SA_PA}
    call_command("loudspeaker_destinations", "--province", "15")
    assert capsys.readouterr().out.strip() == "0 loudspeaker destinations created"
    assert Destination.objects.filter(channel="loudspeaker").count() == with_station > 0


def test_a_retry_that_reconciles_still_tells_the_vendor(vendor, vendor_destination, make_script, section_a,
                                                        approve):
    """The commune's row is written before the vendor is told: finding the row must not count as sent."""
    vendor.fail_next("refuse")  # the push never reached the vendor
    page = approve(make_script(section_a))
    work()
    delivery = Delivery.objects.get(page=page, destination=vendor_destination)
    assert delivery.status != Status.SENT and vendor.scripts == {}
    assert CommuneScript.objects.filter(page=page, commune__code=SA_PA).exists()
    # The next attempt asks the channel first, as after a worker killed mid-call or a person's retry.
    Delivery.objects.filter(pk=delivery.pk).update(reconcile_first=True)
    let_time_pass()
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and len(vendor.scripts) == 1
