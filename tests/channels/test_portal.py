"""The portal channel and the reference receiver: signatures, replays, idempotency,
outages, and errors to states."""

import datetime
import json
import time

import pytest
import requests
from django.utils import timezone

from channels.signing import signed_headers
from publishing.models import Delivery, Destination
from publishing.services.dispatcher import drain_due
from tests.channels.conftest import PORTAL_SECRET
from tests.outbox import let_time_pass, work

Status = Delivery.Status
PAYLOAD = {"uri": "urn:vss:item:00000000-0000-0000-0000-000000000000:vi", "version": "1",
           "versioncreated": "2026-07-01T08:00:00+07:00", "type": "text", "language": "vi",
           "headlines": [{"value": "Ngày BHYT Việt Nam"}]}


def post(portal, body, *, secret=PORTAL_SECRET, headers=None, key="key-1", now=None):
    data = json.dumps(body).encode()
    signed = signed_headers(secret, "POST", "/lao-cai/items", data, now=now)
    return requests.post(f"{portal.url}/lao-cai/items", data=data, timeout=5,
                         headers={**signed, **(headers or {}), "Idempotency-Key": key,
                                  "Content-Type": "application/json"})


# --- the reference receiver ---------------------------------------------------------
def test_receiver_accepts_a_signed_post_and_answers_with_a_working_url(portal):
    response = post(portal, PAYLOAD)
    assert response.status_code == 201
    answer = response.json()
    page = requests.get(answer["url"], timeout=5)
    assert page.status_code == 200 and "Ngày BHYT Việt Nam" in page.text


def test_receiver_refuses_a_forged_signature_and_stores_nothing(portal):
    response = post(portal, PAYLOAD, secret="guessed-secret")
    assert response.status_code == 401 and "bad signature" in response.json()["error"]
    data = json.dumps(PAYLOAD).encode()
    tampered = signed_headers(PORTAL_SECRET, "POST", "/lao-cai/items", b'{"other": "body"}')
    response = requests.post(f"{portal.url}/lao-cai/items", data=data, headers=tampered, timeout=5)
    assert response.status_code == 401
    unsigned = requests.post(f"{portal.url}/lao-cai/items", data=data, timeout=5)
    assert unsigned.status_code == 401
    assert portal.receiver.live_items("lao-cai") == []


def test_receiver_refuses_a_replayed_request(portal):
    data = json.dumps(PAYLOAD).encode()
    headers = {**signed_headers(PORTAL_SECRET, "POST", "/lao-cai/items", data), "Idempotency-Key": "k"}
    assert requests.post(f"{portal.url}/lao-cai/items", data=data, headers=headers, timeout=5).status_code == 201
    replay = requests.post(f"{portal.url}/lao-cai/items", data=data, headers=headers, timeout=5)
    assert replay.status_code == 409 and "replayed" in replay.json()["error"]


def test_receiver_refuses_a_stale_timestamp(portal):
    response = post(portal, PAYLOAD, now=time.time() - 3600)
    assert response.status_code == 401 and "window" in response.json()["error"]


def test_a_signature_for_one_item_cannot_delete_another(portal):
    first = post(portal, PAYLOAD, key="a").json()["id"]
    second = post(portal, {**PAYLOAD, "uri": PAYLOAD["uri"].replace(":vi", ":km-Khmr")}, key="b").json()["id"]
    signed = signed_headers(PORTAL_SECRET, "DELETE", f"/lao-cai/items/{first}", b"")
    response = requests.delete(f"{portal.url}/lao-cai/items/{second}", headers=signed, timeout=5)
    assert response.status_code == 401
    assert len(portal.receiver.live_items("lao-cai")) == 2


def test_receiver_honours_idempotency_keys(portal):
    first = post(portal, PAYLOAD, key="same")
    again = post(portal, PAYLOAD, key="same")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == again.json() and len(portal.receiver.live_items("lao-cai")) == 1


def test_receiver_refuses_a_payload_outside_the_schema(portal):
    response = post(portal, {**PAYLOAD, "type": "tweet", "headlines": []})
    assert response.status_code == 422 and "type" in response.json()["error"]
    assert portal.receiver.live_items("lao-cai") == []


def test_receiver_runs_as_a_wsgi_app():
    from wsgiref.util import setup_testing_defaults

    from channels.portal.standin import PortalReceiver

    receiver = PortalReceiver(secrets={"hue": "s3"}, base_url="https://portal.example")
    body = json.dumps(PAYLOAD).encode()
    environ = {}
    setup_testing_defaults(environ)
    environ.update({"REQUEST_METHOD": "POST", "PATH_INFO": "/hue/items", "CONTENT_LENGTH": str(len(body)),
                    "HTTP_IDEMPOTENCY_KEY": "k"})
    environ.update({f"HTTP_{name.upper().replace('-', '_')}": value
                    for name, value in signed_headers("s3", "POST", "/hue/items", body).items()})
    import io

    environ["wsgi.input"] = io.BytesIO(body)
    status = []
    answer = json.loads(b"".join(receiver.wsgi(environ, lambda s, h: status.append(s))))
    assert status[0].startswith("201") and answer["url"] == "https://portal.example/hue/items/1"


# --- the channel through the pipeline ------------------------------------------------
def test_portal_down_for_a_while_receives_everything_after_in_order(make_item, section_a, approve, portal,
                                                                    portal_destination):
    portal.fail_next("500")
    titles = [f"Tin số {n}" for n in range(5)]
    for title in titles:
        approve(make_item("news", section_a, title=title))
    drain_due(budget_seconds=30)
    portal_destination.refresh_from_db()
    assert portal_destination.is_resting  # the first failure rested the portal: nothing else was tried
    assert len([r for r in portal.receiver.requests if r[0] == "POST"]) == 0
    assert Delivery.objects.filter(status=Status.SENT).count() == 0
    let_time_pass()
    drain_due(budget_seconds=30)
    received = [item["payload"]["headlines"][0]["value"] for _, item in portal.receiver.live_items("lao-cai")]
    assert received == titles


def test_a_dropped_answer_is_reconciled_by_idempotency_key(make_item, section_a, approve, portal, portal_destination):
    portal.fail_next("drop")
    page = approve(make_item("news", section_a))
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.UNCONFIRMED
    let_time_pass()
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and len(portal.receiver.live_items("lao-cai")) == 1
    gets = [r for r in portal.receiver.requests if r[0] == "GET"]
    assert gets and gets[0][2] == delivery.idempotency_key  # it asked before sending again


def test_rate_limited_portal_waits_as_asked(make_item, section_a, approve, portal, portal_destination):
    portal.fail_next("429:120")
    page = approve(make_item("news", section_a))
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.RETRYING
    assert delivery.next_attempt_at >= timezone.now() + datetime.timedelta(seconds=115)


def test_wrong_secret_pauses_the_portal(make_item, section_a, approve, portal, portal_destination):
    Destination.objects.filter(pk=portal_destination.pk).update(secret="not-the-secret")
    page = approve(make_item("news", section_a))
    work()
    portal_destination.refresh_from_db()
    assert portal_destination.health == Destination.Health.NEEDS_REAUTH
    assert Delivery.objects.get(page=page).status == Status.PENDING


def test_portal_refusing_the_payload_fails_with_its_reason(make_item, section_a, approve, portal, portal_destination):
    page = approve(make_item("news", section_a))
    Delivery.objects.filter(page=page).update(payload={**PAYLOAD, "type": "tweet"})
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.FAILED and "422" in delivery.last_error and "type" in delivery.last_error


def test_portal_destination_needs_its_secret_and_a_real_url(units, portal):
    from django.core.exceptions import ValidationError

    from publishing.services.destinations import destination_create

    with pytest.raises(ValidationError) as error:
        destination_create(name="Cổng không khoá", channel="portal", channel_kind="portal", org_unit=units["15"],
                           config={"url": portal.site_url("lao-cai")})
    assert "secret" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        destination_create(name="Cổng sai", channel="portal", channel_kind="portal", org_unit=units["15"],
                           config={"url": "ftp://portal"}, secret="x")
    assert "config" in error.value.message_dict
    assert not Destination.objects.filter(channel="portal").exists()


def test_the_reference_receiver_runs_without_django():
    """Portal teams run it as it is, with no Django project around it (make run and compose do too)."""
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run([sys.executable, "-m", "channels.portal.standin", "--help"], capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--port" in done.stdout


def test_every_edit_reaches_the_portal_with_a_newer_version(make_item, section_a, approve, portal, portal_destination,
                                                            users):
    from cms.models import NewsPage

    page = approve(make_item("news", section_a, title="Bản đầu"))
    work()
    versions = []
    for title in ("Sửa lần một", "Sửa lần hai"):
        versions.append(int(portal.receiver.live_items("lao-cai")[0][1]["version"]))
        page = NewsPage.objects.get(pk=page.pk)
        page.title = title
        page.save_revision(user=users["editor_a"])
        approve(page)
        work()
        (_, item), = portal.receiver.live_items("lao-cai")
        assert item["payload"]["headlines"][0]["value"] == title  # the portal did not keep an older version
    versions.append(int(portal.receiver.live_items("lao-cai")[0][1]["version"]))
    assert versions == sorted(set(versions))  # it moved with every update, the first edit included
