"""The YouTube channel against its Data API stand-in: one video per approved clip, whatever
breaks on the way (interrupted uploads, an answer lost after the last byte), with its captions,
thumbnail and premiere time; the daily quota; and connecting the channel again."""

import datetime
import hashlib
import random
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image

from channels.youtube import text
from channels.youtube.models import Upload
from channels.youtube.quota import next_reset
from channels.youtube.standin import YouTubeStandIn
from publishing.models import Delivery, Destination, ItemChannelPlan
from publishing.services.destinations import destination_create
from tests.conftest import make_document, mp4_bytes, png_bytes
from tests.outbox import let_time_pass, work

Status, Action = Delivery.Status, Delivery.Action
CLIENT = "vss-test.apps.googleusercontent.com"
TOKEN = "1//refresh-token-lao-cai-0123456789"
CHANNEL = "UCvss-lao-cai-test0000001"
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n{}\n"
MiB = 1024 * 1024


@pytest.fixture
def youtube():
    server = YouTubeStandIn().start()
    server.add_channel(CHANNEL, "BHXH Lào Cai", refresh_token=TOKEN, client_id=CLIENT, client_secret="s3cret")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def oauth_client(settings):
    settings.YOUTUBE_CLIENT_ID, settings.YOUTUBE_CLIENT_SECRET = CLIENT, "s3cret"


@pytest.fixture
def destination(units, youtube):
    return destination_create(name="YouTube BHXH Lào Cai", channel="youtube", channel_kind="youtube",
                              org_unit=units["15"], secret=TOKEN,
                              config={"channel_id": CHANNEL, "api_url": youtube.url, "token_url": f"{youtube.url}/token",
                                      "auth_url": f"{youtube.url}/o/oauth2/auth", "video_url": youtube.url + "/watch?v={id}",
                                      "link_template": "https://laocai.example.vn/vss/by-uri?uri={uri}", "timeout": 10})


@pytest.fixture
def make_clip(users):
    from cms.models import ClipPage, ClipSubtitle, Language, PolicyArea
    from cms.services.content import content_create

    def factory(section, *, title="Clip: cài đặt VssID", size=None, languages=("vi", "hmn-latn", "km-khmr")):
        payload = mp4_bytes()
        if size:
            payload += random.Random(7).randbytes(size - len(payload))  # not zeros: a misplaced byte shows
        video = make_document("Clip", "clip.mp4", payload)
        poster = Image.objects.create(title="Ảnh bìa", file=ImageFile(ContentFile(png_bytes(320, 180)), name="bia.png"))
        page = ClipPage(title=title, video=video, duration_seconds=60, poster_image=poster,
                        transcript="Bước một: tải ứng dụng VssID. Bước hai: đăng ký tài khoản.")
        for code in languages:
            page.subtitles.add(ClipSubtitle(language=Language.objects.get(code=code), vtt=VTT.format(code)))
        content_create(section=section, page=page, user=users["editor_a"])
        page = ClipPage.objects.get(pk=page.pk)
        page.policy_areas.add(*PolicyArea.objects.all()[:2])
        page.save_revision(user=users["editor_a"])
        return page, hashlib.sha256(payload).hexdigest()

    return factory


def the_video(youtube):
    videos = youtube.live_videos(CHANNEL)
    assert len(videos) == 1, f"expected exactly one video, found {len(videos)}"
    return next(iter(videos.values()))


def test_an_approved_clip_is_one_video_with_captions_thumbnail_and_its_words(youtube, destination, make_clip,
                                                                             section_a, approve):
    page, digest = make_clip(section_a)
    approve(page)
    work()
    delivery = Delivery.objects.get(page=page, destination=destination)
    assert delivery.status == Status.SENT, delivery.last_error
    video = the_video(youtube)
    assert delivery.external_id == video["id"] and delivery.external_url.endswith(f"watch?v={video['id']}")
    assert video["_sha256"] == digest
    snippet, status = video["snippet"], video["status"]
    assert snippet["title"] == "Clip: cài đặt VssID" and snippet["defaultLanguage"] == "vi"
    assert snippet["defaultAudioLanguage"] == "vi" and snippet["categoryId"] == "25" and snippet["tags"]
    assert "Bước một: tải ứng dụng VssID" in snippet["description"] and "https://laocai.example.vn/vss/by-uri" in snippet["description"]
    assert text.marker(delivery.idempotency_key) in snippet["description"]
    assert status["privacyStatus"] == "public" and status["selfDeclaredMadeForKids"] is False
    # One caption track per subtitle language, with YouTube's codes and the languages' names.
    assert youtube.video_captions(video["id"]) == [("hmn", "Tiếng Mông"), ("km", "Tiếng Khmer"), ("vi", "Tiếng Việt")]
    assert youtube.thumbnails[video["id"]][:2] == b"\xff\xd8"  # the poster, as a JPEG rendition
    assert requests.get(delivery.external_url, timeout=5).status_code == 200


def test_a_50_mb_clip_interrupted_twice_resumes_into_one_whole_video(youtube, destination, make_clip, section_a,
                                                                     approve):
    size = 50 * MiB
    page, digest = make_clip(section_a, size=size, languages=("vi",))
    youtube.fail_chunk(2, "drop-chunk")  # the line drops half-way through the second 8 MiB chunk...
    youtube.fail_chunk(5, "drop-chunk")  # ...and again later
    approve(page)
    work()
    delivery = Delivery.objects.get(page=page, destination=destination)
    assert delivery.status == Status.RETRYING and "sẽ tải tiếp từ chỗ đó" in delivery.last_error
    upload = Upload.objects.get(key=delivery.idempotency_key)
    assert upload.session_uri and not upload.video_id and not youtube.videos
    for _ in range(2):
        let_time_pass()
        work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT, delivery.last_error
    video = the_video(youtube)
    assert video["_size"] == size and video["_sha256"] == digest  # every byte, in its place
    assert len(youtube.sessions) == 1  # resumed, never started over
    assert youtube.bytes_received < size + 2 * 8 * MiB  # at most the dropped halves sent twice
    assert youtube.video_captions(video["id"]) == [("vi", "Tiếng Việt")]


def test_an_error_after_the_last_chunk_reconciles_to_the_video_google_kept(youtube, destination, make_clip,
                                                                           section_a, approve):
    page, _digest = make_clip(section_a)
    youtube.fail_chunk(1, "5xx-final")  # a small clip is one chunk: Google stores it, the answer is a 503
    approve(page)
    work()
    delivery = Delivery.objects.get(page=page, destination=destination)
    assert delivery.status == Status.UNCONFIRMED and delivery.reconcile_first
    assert len(youtube.videos) == 1
    let_time_pass()
    work()
    delivery.refresh_from_db()
    video = the_video(youtube)
    assert delivery.status == Status.SENT and delivery.external_id == video["id"]
    assert len(youtube.video_captions(video["id"])) == 3 and video["id"] in youtube.thumbnails


def test_a_lost_session_is_reconciled_by_the_marker_among_the_channels_uploads(youtube, destination, make_clip,
                                                                               section_a, approve):
    page, _digest = make_clip(section_a, languages=())
    youtube.fail_chunk(1, "5xx-final")
    approve(page)
    work()
    for session in youtube.sessions.values():
        session["gone"] = True  # the session expired before the retry: only the description can tell
    let_time_pass()
    work()
    delivery = Delivery.objects.get(page=page, destination=destination)
    assert delivery.status == Status.SENT and delivery.external_id == the_video(youtube)["id"]
    assert ("playlistItems.list", CLIENT) in youtube.calls


def test_a_scheduled_clip_premieres_on_youtube_and_a_moved_time_moves_it(youtube, destination, make_clip, section_a,
                                                                         approve, users):
    page, _digest = make_clip(section_a, languages=("vi",))
    first = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    ItemChannelPlan.objects.create(page=page, destination=destination, enabled=True, send_at=first)
    approve(page)
    work()
    delivery = Delivery.objects.get(page=page, destination=destination)
    assert delivery.status == Status.SENT  # uploaded now, private, YouTube publishes it at the time
    video = the_video(youtube)
    assert video["status"]["privacyStatus"] == "private"
    assert video["status"]["publishAt"] == first.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert video["snippet"]["title"]

    later = first + datetime.timedelta(days=1, hours=3)
    ItemChannelPlan.objects.filter(page=page).update(send_at=later)
    page.title = "Clip: cài đặt VssID (bản mới)"
    page.save_revision(user=users["editor_a"])
    approve(page)
    work()
    update = Delivery.objects.get(page=page, destination=destination, action=Action.UPDATE)
    assert update.status == Status.SENT, update.last_error
    video = the_video(youtube)
    assert video["status"]["publishAt"] == later.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert video["status"]["privacyStatus"] == "private" and video["snippet"]["title"].endswith("(bản mới)")
    youtube.set_now(later + datetime.timedelta(minutes=1))
    assert requests.get(f"{youtube.url}/watch?v={video['id']}", timeout=5).text.count("public") == 1


def _next_day(youtube, settings, after):
    """The simulated clocks (ours and Google's) move past the Pacific midnight; the pipeline's waits pass."""
    tomorrow = next_reset(after) + datetime.timedelta(minutes=5)
    settings.YOUTUBE_NOW = tomorrow.isoformat()
    youtube.set_now(tomorrow)
    let_time_pass()


def test_work_over_the_daily_budget_waits_for_the_pacific_midnight_and_then_goes(youtube, destination, make_clip,
                                                                                 section_a, approve, settings):
    today = datetime.datetime(2026, 5, 4, 20, 0, tzinfo=datetime.UTC)  # 13:00 in California
    settings.YOUTUBE_NOW = today.isoformat()
    youtube.set_now(today)
    Destination.objects.filter(pk=destination.pk).update(config={**destination.config, "daily_quota": 1500})
    first, _ = make_clip(section_a, title="Clip một")
    approve(first)
    work()
    assert Delivery.objects.get(page=first).status == Status.SENT  # 3 captions + thumbnail: 1250 units
    second, _ = make_clip(section_a, title="Clip hai")
    approve(second)
    work()
    waiting = Delivery.objects.get(page=second)
    assert waiting.status == Status.RETRYING and len(youtube.videos) == 1  # not started: it would not fit
    assert "hết hạn mức hôm nay" in waiting.last_error and "tiếp tục lúc 14:00 05/05/2026" in waiting.last_error
    reset = datetime.datetime(2026, 5, 5, 7, 0, tzinfo=datetime.UTC)  # midnight PDT
    assert abs((waiting.next_attempt_at - timezone.now()) - (reset - today)) < datetime.timedelta(minutes=3)
    destination.refresh_from_db()
    assert destination.is_resting  # the whole destination waits, visibly
    work()
    assert Delivery.objects.get(page=second).status == Status.RETRYING  # still today: nothing sent
    _next_day(youtube, settings, today)
    work()
    assert Delivery.objects.get(page=second).status == Status.SENT and len(youtube.videos) == 2


def test_quota_exceeded_from_google_waits_too_and_is_never_a_failure(youtube, destination, make_clip, section_a,
                                                                     approve, settings):
    today = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)  # 01:00 PST
    settings.YOUTUBE_NOW = today.isoformat()
    youtube.set_now(today)
    youtube.exhaust_quota(CLIENT)  # another program of the agency's project spent it
    page, _ = make_clip(section_a)
    approve(page)
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.RETRYING and "quotaExceeded" in delivery.last_error
    assert "tiếp tục lúc 15:00 02/12/2026" in delivery.last_error  # midnight PST is 15:00 in Hanoi
    _next_day(youtube, settings, today)
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and len(youtube.video_captions(delivery.external_id)) == 3


def test_days_of_spent_quota_use_up_no_attempts_so_the_clip_still_goes(youtube, destination, make_clip, section_a,
                                                                       approve, settings):
    """A spent quota is a wait announced in advance, not a failure: with two attempts allowed,
    three days in a row without quota neither count against them nor fail the clip."""
    from publishing.models import RetryPolicy

    policy = RetryPolicy.objects.create(name="Hai lần", max_attempts=2)
    Destination.objects.filter(pk=destination.pk).update(retry_policy=policy)
    day = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    settings.YOUTUBE_NOW = day.isoformat()
    youtube.set_now(day)
    page, _ = make_clip(section_a)
    approve(page)
    for _ in range(3):
        youtube.exhaust_quota(CLIENT)  # another program of the project spends it every day
        work()
        delivery = Delivery.objects.get(page=page)
        assert delivery.status == Status.RETRYING and delivery.attempts == 0, (delivery.status, delivery.attempts)
        _next_day(youtube, settings, day)
        day = next_reset(day) + datetime.timedelta(minutes=5)
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.SENT and len(youtube.videos) == 1


def test_a_revoked_refresh_token_pauses_the_destination_until_youtube_is_connected_again(
        youtube, destination, make_clip, section_a, approve, users, client):
    users["approver_a"].email = "approver@example.invalid"
    users["approver_a"].save(update_fields=["email"])
    youtube.revoke(TOKEN)
    page, _ = make_clip(section_a)
    approve(page)
    work()
    destination.refresh_from_db()
    delivery = Delivery.objects.get(page=page)
    assert destination.health == Destination.Health.NEEDS_REAUTH and "Kết nối YouTube" in destination.health_reason
    assert delivery.status == Status.PENDING and delivery.attempts == 0 and not youtube.videos
    assert any("approver@example.invalid" in m.to and TOKEN not in m.body for m in mail.outbox)

    # "Kết nối YouTube": Google's consent (the stand-in approves at once), then our callback.
    client.force_login(users["root"])
    start = client.get(f"/admin/youtube/{destination.pk}/connect/")
    assert start.status_code == 302 and start["Location"].startswith(f"{youtube.url}/o/oauth2/auth?")
    asked = parse_qs(urlsplit(start["Location"]).query)
    assert asked["access_type"] == ["offline"] and asked["prompt"] == ["consent"] and asked["client_id"] == [CLIENT]
    assert set(asked["scope"][0].split()) == {"https://www.googleapis.com/auth/youtube.upload",
                                              "https://www.googleapis.com/auth/youtube.force-ssl"}
    consent = requests.get(start["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(consent.headers["Location"])
    done = client.get(f"{back.path}?{back.query}")
    assert done.status_code == 302
    destination.refresh_from_db()
    assert destination.health == Destination.Health.OK and destination.secret != TOKEN
    assert destination.secret in youtube.refresh_tokens
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM publishing_destination WHERE id = %s", [destination.pk])
        stored = cursor.fetchone()[0]
    assert destination.secret not in stored  # kept encrypted, as every channel secret
    work()
    assert Delivery.objects.get(pk=delivery.pk).status == Status.SENT and len(youtube.videos) == 1


def test_a_forged_or_replayed_callback_changes_nothing(youtube, destination, users, client):
    client.force_login(users["approver_a"])
    answer = client.get("/admin/youtube/oauth/callback/?code=4/x&state=forged")
    assert answer.status_code == 400
    destination.refresh_from_db()
    assert destination.secret == TOKEN


def test_withdrawing_deletes_the_video_or_makes_it_private(youtube, destination, make_clip, section_a, approve,
                                                            users):
    page, _ = make_clip(section_a, languages=())
    approve(page)
    work()
    video_id = Delivery.objects.get(page=page).external_id
    Destination.objects.filter(pk=destination.pk).update(config={**destination.config, "withdraw": "private"})
    page.unpublish(user=users["approver_a"])
    work()
    assert youtube.videos[video_id]["status"]["privacyStatus"] == "private"
    assert Delivery.objects.get(page=page, action=Action.WITHDRAW).status == Status.SENT


def test_titles_descriptions_and_language_codes_follow_youtubes_rules():
    breve = "Jơ̆ Rai "  # o with horn and a combining breve: one letter, two code points
    title = text.title(breve * 40)
    assert len(text.graphemes(title)) <= 100 and "ơ̆" in title and not title.endswith("ơ")
    assert text.title("BHXH <tự nguyện>") == "BHXH ‹tự nguyện›"
    described = text.description(summary="Tóm tắt. " * 400, transcript="Lời thoại dài. " * 800,
                                 link="https://laocai.example.vn/a", hashtags=["BHXHVietNam", "#BHYT"], key="k" * 40)
    assert len(described.encode()) <= 5000
    assert described.endswith("#BHXHVietNam #BHYT") and "vss=kkkkkkkkkkkkkkkk" in described
    assert [text.language(code) for code in ("vi", "hmn-Latn", "km-Khmr", "cjm-Cham", "en")] == [
        "vi", "hmn", "km", "cjm", "en"]


def test_the_destination_page_offers_connect_youtube(client, destination, users):
    client.force_login(users["approver_a"])
    page = client.get(reverse("wagtailsnippets_publishing_destination:edit", args=[destination.pk]),
                      HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Kết nối YouTube" in page and reverse("youtube_connect", args=[destination.pk]) in page
