"""Bad input gets a 400 whose JSON body names the problem; never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path, parameter, words", [
    ("/api/items/?colour=red", "colour", "Unknown query parameter"),
    ("/api/items/?cursor=not-a-cursor", "cursor", "malformed"),
    ("/api/items/?cursor=cD0yMDI2", "cursor", "malformed"),  # base64 of "p=2026": decodes, position is no date
    ("/api/items/?locale=xx-Klingon", "locale", "Unknown locale"),
    ("/api/items/?page_size=101", "page_size", "between 1 and 100"),
    ("/api/items/?page_size=0", "page_size", "between 1 and 100"),
    ("/api/items/?page_size=lots", "page_size", "whole number"),
    ("/api/items/abc/", "id", "whole number"),
    ("/api/items/99999999999999999999999/", "id", "out of range"),
    ("/api/items/?type=podcast", "type", "Unknown content type"),
    ("/api/items/?policy_area=bhyt,astrology", "policy_area", "Unknown policy_area 'astrology'"),
    ("/api/items/?unit=99", "unit", "Unknown unit"),
    ("/api/items/?campaign=nope", "campaign", "Unknown campaign"),
    ("/api/items/?audience=martians", "audience", "Unknown audience"),
    ("/api/items/?updated_since=yesterday", "updated_since", "ISO 8601"),
    ("/api/items/?updated_since=2026-13-45", "updated_since", "ISO 8601"),
    ("/api/items/?updated_since=0001-01-01T00:00:00%2B07:00", "updated_since", "between the years"),
    ("/api/items/?ordering=title", "ordering", "Unknown ordering"),
    ("/api/items/?fields=title,secret", "fields", "Unknown field"),
    ("/api/items/?fallback=maybe", "fallback", "true or false"),
    ("/api/items/?q=%21%21%21", "q", "no letters"),
    ("/api/items/?type=news&type=clip", "type", "once"),
    ("/api/items/1/?page_size=3", "page_size", "Unknown query parameter"),
    ("/api/preview/", "token", "preview token"),
])
def test_bad_input_is_a_400_naming_the_problem(api, path, parameter, words):
    answer = api.get(path)
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert words in body["message"]
    assert body["extra"]["parameter"] == parameter
    assert answer["Cache-Control"] == "no-store"


def test_unknown_filter_lists_the_allowed_ones(api):
    body = api.get("/api/items/?polcy_area=bhyt").json()
    assert "policy_area" in body["extra"]["allowed"]


def test_unknown_item_is_a_json_404(api):
    answer = api.get("/api/items/424242/")
    assert answer.status_code == 404 and answer.json()["message"] == "No live item has this id."


def test_anonymous_clients_are_throttled(api, settings):
    from django.core.cache import cache

    cache.clear()
    settings.VSS_API_ANON_RATE = "3/min"
    # A client that makes up a new X-Forwarded-For each time is still the same address.
    assert [api.get("/api/items/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(4)] \
        == [200, 200, 200, 429]
    refused = api.get("/api/items/")
    assert refused.json()["code"] == "throttled" and int(refused["Retry-After"]) > 0
    cache.clear()
