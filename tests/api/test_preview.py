"""Drafts are readable only through a signed, expiring preview token, by people who may edit them."""

import pytest
from django.core import signing
from wagtail.models import APIToken

from cms.api.preview import SALT


@pytest.fixture
def bearer(users):
    def make(username):
        _, plaintext = APIToken.create_token(user=users[username], name="front end preview")
        return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}

    return make


@pytest.fixture
def draft(make_news, section_a):
    return make_news(section_a, title="Bản nháp cần xem trước", summary="Chưa duyệt.")


def test_editor_previews_a_draft_with_a_token(api, draft, bearer):
    answer = api.post("/api/preview/tokens/", {"page": draft.pk}, format="json", **bearer("editor_a"))
    assert answer.status_code == 201 and answer["Cache-Control"] == "no-store"
    body = answer.json()
    assert body["url"].endswith(f"/api/preview/?token={body['token']}") and body["expires_at"]
    preview = api.get("/api/preview/", {"token": body["token"]})
    assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-store"
    assert preview.json()["title"] == "Bản nháp cần xem trước" and preview.json()["summary"] == "Chưa duyệt."
    # Still not public.
    assert api.get(f"/api/items/{draft.pk}/").status_code == 404


def test_preview_shows_the_latest_draft_of_a_live_item(api, live_news, users, bearer):
    item = live_news(title="Tin đã duyệt")
    item.title = "Tin sửa đang chờ duyệt"
    item.save_revision(user=users["editor_a"])
    token = api.post("/api/preview/tokens/", {"page": item.pk}, format="json", **bearer("editor_a")).json()["token"]
    assert api.get("/api/preview/", {"token": token}).json()["title"] == "Tin sửa đang chờ duyệt"
    assert api.get(f"/api/items/{item.pk}/").json()["title"] == "Tin đã duyệt"


def test_expired_token_is_refused(api, draft, users, settings):
    token = signing.dumps({"p": draft.pk, "u": users["editor_a"].pk}, salt=SALT)
    settings.VSS_PREVIEW_TOKEN_SECONDS = -1  # any token is older than that
    answer = api.get("/api/preview/", {"token": token})
    assert answer.status_code == 403 and "expired" in answer.json()["message"]


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"),
    lambda token: signing.dumps({"p": 1, "u": 1}, salt="another-purpose"),
    lambda token: "not-a-token",
])
def test_tampered_token_is_refused(api, draft, users, tamper):
    token = signing.dumps({"p": draft.pk, "u": users["editor_a"].pk}, salt=SALT)
    answer = api.get("/api/preview/", {"token": tamper(token)})
    assert answer.status_code == 403 and answer.json()["message"] == "The preview token is not valid."


def test_token_stops_working_when_its_holder_loses_access(api, draft, users, bearer):
    token = api.post("/api/preview/tokens/", {"page": draft.pk}, format="json", **bearer("editor_a")).json()["token"]
    users["editor_a"].is_active = False
    users["editor_a"].save()
    assert api.get("/api/preview/", {"token": token}).status_code == 403


def test_other_provinces_and_anonymous_clients_get_no_token(api, draft, bearer):
    other = api.post("/api/preview/tokens/", {"page": draft.pk}, format="json", **bearer("editor_b"))
    assert other.status_code == 403
    anonymous = api.post("/api/preview/tokens/", {"page": draft.pk}, format="json")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Bearer"
    revoked_headers = bearer("editor_a")
    APIToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    revoked = api.post("/api/preview/tokens/", {"page": draft.pk}, format="json", **revoked_headers)
    assert revoked.status_code == 401
    garbage = api.post("/api/preview/tokens/", {"page": draft.pk}, format="json", HTTP_AUTHORIZATION="Bearer x")
    assert garbage.status_code == 401


def test_token_request_checks_its_body(api, bearer):
    headers = bearer("editor_a")
    assert api.post("/api/preview/tokens/", {"page": "abc"}, format="json", **headers).status_code == 400
    assert api.post("/api/preview/tokens/", {}, format="json", **headers).status_code == 400
    assert api.post("/api/preview/tokens/", {"page": 999999}, format="json", **headers).status_code == 404
