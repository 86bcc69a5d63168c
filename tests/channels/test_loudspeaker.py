"""The loudspeaker channel: publish to the communes routed, exports rendered once per language
and shared, update and withdraw, schedules, the weekly bundle, vendor push and the device API."""

import datetime
import io
import json
import threading
import zipfile

import pytest
import requests
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from channels.loudspeaker.models import CommuneScript, ScriptRender
from publishing.models import Delivery
from tests.channels.loudspeakers import (  # noqa: F401  (fixtures)
    AN_KHE, BAT_XAT, SA_PA, commune_scripts, loudspeakers, make_script, operator_bat_xat, published_script)
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
    from media.exports import tts_available

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
    from cms.services.content import content_approve, content_submit
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
