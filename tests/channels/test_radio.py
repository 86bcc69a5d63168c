"""The radio operators' pages at /radio/ and the device pull API: each bound to one commune."""

import datetime
import io
import zipfile
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from channels.loudspeaker.models import Broadcast, ScriptRender
from tests.channels.loudspeakers import AN_KHE, BAT_XAT, SA_PA, commune_scripts
from tests.conftest import PASSWORD
from tests.outbox import work


def login(client, username):
    response = client.post("/radio/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/radio/", response.content[:400]
    return client


def confirm_data(**overrides):
    when = timezone.localtime() - datetime.timedelta(hours=1)
    return {"broadcast_at": when.strftime("%Y-%m-%dT%H:%M"), "times": "2", "note": "Phát buổi sáng", **overrides}


# --- login ----------------------------------------------------------------------------
def test_the_pages_ask_for_a_login_in_vietnamese(client, db):
    response = client.get("/radio/")
    assert response.status_code == 302 and response["Location"].startswith("/radio/login/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đăng nhập" in html and "Mật khẩu" in html and "<script" not in html


def test_only_radio_operators_can_log_in_here(client, db):
    response = client.post("/radio/login/", {"username": "editor_a", "password": PASSWORD})
    assert response.status_code == 200
    assert "không phải của cán bộ đài truyền thanh xã" in response.content.decode()
    assert client.get("/radio/").status_code == 302
    response = client.post("/radio/login/", {"username": "operator_a", "password": "sai-mat-khau"})
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()


def test_staff_signed_in_elsewhere_are_refused(client, users):
    client.force_login(users["approver_a"])
    assert client.get("/radio/").status_code == 403


# --- the list and downloads -------------------------------------------------------------
def test_the_operator_sees_the_scripts_due_by_date_with_reading_time_and_downloads(client, published_script,
                                                                                  django_assert_max_num_queries):
    login(client, "operator_a")
    with django_assert_max_num_queries(8):  # session, user, commune, scripts: not one query per script or day
        response = client.get("/radio/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Xã Sa Pa" in html or "Phường Sa Pa" in html
    assert published_script.title in html and "Hôm nay" in html
    assert html.count(published_script.title) == 7  # due every day of the coming week
    render = ScriptRender.objects.get()
    minutes, seconds = divmod(int(round(render.seconds)), 60)
    assert f"đọc trong {minutes}:{seconds:02d}" in html
    assert "06:00, 17:30" in html and "3 lần" in html and "cách nhau 10 phút" in html
    script = commune_scripts(SA_PA).get()
    for fmt in render.files:
        assert f"/radio/scripts/{script.pk}/{fmt}/" in html
    assert len(response.content) < 40_000  # small on a slow phone line


@pytest.mark.parametrize("fmt,magic", [("txt", None), ("pdf", b"%PDF"), ("docx", b"PK")])
def test_each_format_downloads_through_a_signed_link(client, published_script, fmt, magic):
    login(client, "operator_a")
    script = commune_scripts(SA_PA).get()
    response = client.get(f"/radio/scripts/{script.pk}/{fmt}/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path.startswith("/media-private/")
    download = client.get(target.path)
    body = b"".join(download.streaming_content)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert f".{fmt}" in download["Content-Disposition"]
    if magic:
        assert body.startswith(magic)
    else:
        assert "Lào Cai" in body.decode()


def test_the_pages_say_plainly_when_mp3_is_unavailable_because_espeak_ng_is_missing(client, loudspeakers, make_script,
                                                                                   section_a, approve, settings):
    settings.VSS_ESPEAK_NG = "/nonexistent/espeak-ng"  # a server without the speech engine
    approve(make_script(section_a))
    work()
    render = ScriptRender.objects.get()
    assert set(render.files) == {"txt", "docx", "pdf"} and "espeak-ng" in render.unavailable["mp3"]
    login(client, "operator_a")
    script = commune_scripts(SA_PA).get()
    for url in ("/radio/", f"/radio/scripts/{script.pk}/"):
        html = client.get(url).content.decode()
        assert "Chưa có tệp MP3: máy chủ chưa được cài bộ đọc tiếng nói (espeak-ng)" in html
        assert f"/radio/scripts/{script.pk}/mp3/" not in html and f"/radio/scripts/{script.pk}/pdf/" in html
    assert client.get(f"/radio/scripts/{script.pk}/mp3/").status_code == 404


def test_a_script_in_an_ethnic_language_has_no_mp3_and_the_page_says_why(client, published_script, users):
    from cms.services.content import content_approve, content_submit
    from cms.services.variants import variant_create

    variant = variant_create(source=published_script, locale_code="km-khmr", user=users["editor_a"])
    variant.title = "ធានារ៉ាប់រងសុខភាពគ្រួសារ"
    variant.save_revision(user=users["editor_a"])
    User = type(users["editor_a"])
    content_submit(page=variant, user=User.objects.get(username="editor_a"))
    content_approve(page=variant, user=User.objects.get(username="approver_a"))
    work()
    script = commune_scripts(SA_PA).get(title="ធានារ៉ាប់រងសុខភាពគ្រួសារ")
    assert "mp3" not in script.render.files and "pdf" in script.render.files
    login(client, "operator_a")
    html = client.get(f"/radio/scripts/{script.pk}/").content.decode()
    from channels.loudspeaker.exports import tts_available

    # With espeak-ng: no voice for Khmer; without it: no speech engine at all. Either way, said plainly.
    expected = "chỉ đọc được tiếng Việt" if tts_available() else "chưa được cài bộ đọc tiếng nói"
    assert expected in html and f"/radio/scripts/{script.pk}/mp3/" not in html


def test_the_weekly_bundle_downloads_from_the_page(client, published_script):
    login(client, "operator_a")
    year, week, _ = timezone.localdate().isocalendar()
    response = client.get(f"/radio/week/{year}-W{week:02d}.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "schedule.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert client.get("/radio/week/2026-W60.zip").status_code == 404


# --- confirming ---------------------------------------------------------------------------
def test_marking_as_broadcast_records_time_count_and_operator(client, published_script, users):
    login(client, "operator_a")
    script = commune_scripts(SA_PA).get()
    form = client.get(f"/radio/scripts/{script.pk}/")
    assert 'name="times"' in form.content.decode() and 'value="3"' in form.content.decode()  # the repeat count
    data = confirm_data()
    response = client.post(f"/radio/scripts/{script.pk}/", data, follow=True)
    assert response.status_code == 200 and "Đã ghi nhận" in response.content.decode()
    broadcast = Broadcast.objects.get()
    assert broadcast.commune.code == SA_PA and broadcast.page_id == published_script.pk
    assert broadcast.locale_id == published_script.locale_id and broadcast.times == 2
    assert broadcast.operator == users["operator_a"] and broadcast.note == "Phát buổi sáng"
    assert timezone.localtime(broadcast.broadcast_at).strftime("%Y-%m-%dT%H:%M") == data["broadcast_at"]

    # The phone sends the same form again (a second tap, a reload): still one broadcast for the reports.
    again = client.post(f"/radio/scripts/{script.pk}/", data, follow=True)
    assert again.status_code == 200 and Broadcast.objects.count() == 1


@pytest.mark.parametrize("overrides,error", [
    ({"times": "0"}, "Ít nhất một lần"),
    ({"times": "ba"}, "số nguyên"),
    ({"times": "500"}, "Nhiều nhất 50 lần"),
    ({"broadcast_at": ""}, "Xin cho biết thời điểm phát"),
    ({"broadcast_at": "hôm qua"}, "Nhập ngày giờ"),
    ({"broadcast_at": (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
     "không thể ở tương lai"),
])
def test_bad_input_on_the_confirm_form_is_explained_and_nothing_is_written(client, published_script, overrides,
                                                                          error):
    login(client, "operator_a")
    script = commune_scripts(SA_PA).get()
    response = client.post(f"/radio/scripts/{script.pk}/", confirm_data(**overrides))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Broadcast.objects.exists()


def test_a_withdrawn_script_can_no_longer_be_opened_or_confirmed(client, published_script, users):
    script = commune_scripts(SA_PA).get()
    published_script.unpublish(user=users["approver_a"])
    work()
    login(client, "operator_a")
    assert published_script.title not in client.get("/radio/").content.decode()
    assert client.get(f"/radio/scripts/{script.pk}/").status_code == 404
    assert client.post(f"/radio/scripts/{script.pk}/", confirm_data()).status_code == 404
    assert client.get(f"/radio/scripts/{script.pk}/txt/").status_code == 404
    assert not Broadcast.objects.exists()


# --- isolation between communes ---------------------------------------------------------
def test_an_operator_can_neither_see_download_nor_confirm_another_communes_script(client, published_script,
                                                                                  operator_bat_xat, make_script,
                                                                                  section_a, approve, loudspeakers):
    from publishing.models import Route

    # A script only Bát Xát receives: Sa Pa's operator must not reach it by guessing its number.
    route = Route.objects.get(org_unit__code="15", content_type=None, to_all_provinces=False)
    route.destinations.remove(loudspeakers[SA_PA])
    approve(make_script(section_a, title="Kịch bản riêng của Bát Xát"))
    work()
    theirs = commune_scripts(BAT_XAT).get(title="Kịch bản riêng của Bát Xát")
    login(client, "operator_a")
    assert "Kịch bản riêng của Bát Xát" not in client.get("/radio/").content.decode()
    assert client.get(f"/radio/scripts/{theirs.pk}/").status_code == 404
    for fmt in theirs.render.files:
        assert client.get(f"/radio/scripts/{theirs.pk}/{fmt}/").status_code == 404
    assert client.post(f"/radio/scripts/{theirs.pk}/", confirm_data()).status_code == 404
    assert not Broadcast.objects.exists()
    # Bát Xát's own operator can.
    client.logout()
    login(client, "operator_bat_xat")
    assert "Kịch bản riêng của Bát Xát" in client.get("/radio/").content.decode()
    assert client.post(f"/radio/scripts/{theirs.pk}/", confirm_data()).status_code == 302
    assert Broadcast.objects.get().commune.code == BAT_XAT


def test_the_confirm_service_refuses_anyone_but_the_communes_operator(published_script, users):
    from django.core.exceptions import PermissionDenied

    from channels.loudspeaker.services import broadcast_confirm

    script = commune_scripts(BAT_XAT).get()
    for username in ("operator_a", "approver_a", "root"):
        with pytest.raises(PermissionDenied):
            broadcast_confirm(operator=users[username], script=script, broadcast_at=timezone.now(), times=1)
    assert not Broadcast.objects.exists()


# --- device pull API ----------------------------------------------------------------------
@pytest.fixture
def tokens(units):
    from channels.loudspeaker.services import device_token_create

    return {code: device_token_create(commune=units[code], name=f"Hộp loa {code}") for code in (SA_PA, AN_KHE)}


def test_a_device_lists_its_communes_scripts_with_schedule_and_working_links(client, published_script, tokens):
    device, token = tokens[SA_PA]
    response = client.get("/radio/device/v1/scripts", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["commune"]["code"] == SA_PA
    [entry] = data["scripts"]
    assert entry["title"] == published_script.title and entry["status"] == "ready"
    assert entry["schedule"] == {"starts_on": published_script.broadcast_from.isoformat(),
                                 "ends_on": published_script.broadcast_until.isoformat(),
                                 "slots": ["06:00", "17:30"], "repeats": 3, "gap_minutes": 10,
                                 "session_cap_seconds": None}
    assert entry["seconds"] > 0
    txt = client.get(urlsplit(entry["files"]["txt"]["url"]).path)
    assert txt.status_code == 200 and "Lào Cai" in b"".join(txt.streaming_content).decode()
    # The other header works too; the token is stored only as its hash.
    assert client.get("/radio/device/v1/scripts", HTTP_X_DEVICE_TOKEN=token).status_code == 200
    device.refresh_from_db()
    assert token not in (device.token_hash, device.prefix) and device.last_used_at is not None


def test_a_device_token_sees_only_its_commune(client, published_script, tokens):
    _, token = tokens[AN_KHE]  # Gia Lai: the Lào Cai script never went there
    response = client.get("/radio/device/v1/scripts", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["scripts"] == []
    assert response.json()["commune"]["code"] == AN_KHE


@pytest.mark.parametrize("header", [
    {}, {"HTTP_AUTHORIZATION": "Bearer vssloa_not-a-real-token"}, {"HTTP_AUTHORIZATION": "Basic b3BlcmF0b3I6eA=="},
    {"HTTP_X_DEVICE_TOKEN": "guess"},
])
def test_a_missing_or_unknown_token_gets_401_json(client, published_script, tokens, header):
    response = client.get("/radio/device/v1/scripts", **header)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {"message": "missing, unknown or revoked device token", "extra": {}}


def test_a_revoked_token_stops_working(client, published_script, tokens):
    from channels.loudspeaker.services import device_token_revoke

    device, token = tokens[SA_PA]
    device_token_revoke(device=device)
    assert client.get("/radio/device/v1/scripts", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_the_device_api_rejects_unknown_parameters_and_bad_dates(client, published_script, tokens):
    _, token = tokens[SA_PA]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.get("/radio/device/v1/scripts?commune=52-an-khe", **auth)
    assert response.status_code == 400 and response.json()["extra"]["parameters"] == ["commune"]
    assert client.get("/radio/device/v1/scripts?from=hôm-nay", **auth).status_code == 400
    assert client.get("/radio/device/v1/scripts?from=2026-12-10&until=2026-12-01", **auth).status_code == 400
    far = (timezone.localdate() + datetime.timedelta(days=100)).isoformat()
    assert client.get(f"/radio/device/v1/scripts?from={far}", **auth).json()["scripts"] == []
    assert client.post("/radio/device/v1/scripts", **auth).status_code == 405


def test_the_device_command_prints_a_token_once(units, capsys):
    from django.core.management import call_command

    from channels.loudspeaker.models import DeviceToken

    call_command("loudspeaker_device", "--commune", SA_PA, "--name", "Loa thôn 2")
    token = capsys.readouterr().out.rsplit(" ", 1)[1].strip()
    device = DeviceToken.objects.get()
    assert token.startswith("vssloa_") and device.name == "Loa thôn 2" and device.commune.code == SA_PA


def test_a_script_longer_than_its_target_says_so_in_vietnamese(client, loudspeakers, make_script, section_a, approve):
    long_text = "".join(f"<p>Câu thứ {n}: bà con nhớ gia hạn thẻ bảo hiểm y tế đúng hạn.</p>" for n in range(40))
    approve(make_script(section_a, title="Kịch bản dài", html=long_text, target=30))
    work()
    script = commune_scripts(SA_PA).get()
    assert any(w.startswith("over_target") for w in script.render.warnings)
    login(client, "operator_a")
    html = client.get(f"/radio/scripts/{script.pk}/").content.decode()
    assert "dài hơn" in html and "over_target" not in html
