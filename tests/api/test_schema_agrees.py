"""The OpenAPI schema tells the truth at the edges: what it calls invalid answers 400, what it calls
valid does not, and every status the API answers (429 included) is documented."""

import jsonschema
import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

LISTED = ("type", "policy_area", "audience", "campaign", "unit", "fields")


@pytest.fixture
def schema(api):
    return api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def _as_typed(value, parameter_schema):
    """A query string as its schema reads it: "7" is the integer 7, "x" no integer at all."""
    kind = parameter_schema.get("type")
    try:
        if kind == "integer":
            return int(value)
        if kind == "boolean":
            return {"true": True, "false": False}[value]
    except (ValueError, KeyError):
        return value  # fails the type check, as a client's validator would say
    return value


def schema_accepts(operation, path_values, query):
    parameters = {(p["in"], p["name"]): p["schema"] for p in operation["parameters"]}
    given = {**{("path", k): v for k, v in path_values.items()}, **{("query", k): v for k, v in query.items()}}
    for key, value in given.items():
        try:
            jsonschema.validate(_as_typed(value, parameters[key]), parameters[key])
        except jsonschema.ValidationError:
            return False
    return True


def known_values():
    """One value of each list parameter that exists (an unknown code is a 400 the schema cannot know)."""
    from cms.models import AudienceGroup, Campaign, PolicyArea

    campaign = Campaign.objects.first() or Campaign.objects.create(slug="bhyt-hgd", name="BHYT hộ gia đình")
    return {"type": "news", "fields": "title", "unit": "15", "policy_area": PolicyArea.objects.first().code,
            "audience": AudienceGroup.objects.first().code, "campaign": campaign.slug}


def edge_cases(item_id):
    known = known_values()
    for name in LISTED:
        for value in ("", ",", " , "):
            yield "/api/items/", {}, {name: value}
        yield "/api/items/", {}, {name: known[name]}
    yield from (("/api/items/", {}, {"locale": value}) for value in ("", "vi"))
    yield from (("/api/items/", {}, {"page_size": value}) for value in ("0", "-1", "101", "1", "100", "x"))
    yield from (("/api/items/", {}, {"q": value}) for value in ("a" * 201, "a" * 200, ""))
    yield from (("/api/items/{id}/", {"id": value}, {}) for value in ("0", "-1", str(2**62 + 1), "abc", str(item_id)))
    yield "/api/items/{id}/", {"id": str(item_id)}, {"fields": ""}
    yield "/api/items/{id}/", {"id": str(item_id)}, {"locale": ""}
    yield from (("/api/preview/", {}, {"token": value}) for value in ("", "not-a-token"))


def test_the_schema_and_the_answers_agree_on_empty_values_and_ids(api, schema, live_news):
    item = live_news(title="Tin thật về BHYT")
    disagreements = []
    for path, path_values, query in edge_cases(item.pk):
        operation = schema["paths"][path]["get"]
        url = path.replace("{id}", path_values.get("id", ""))
        response = api.get(url, query)
        valid = schema_accepts(operation, path_values, query)
        if valid == (response.status_code == 400) or str(response.status_code) not in operation["responses"]:
            disagreements.append(f"{url} {query}: schema says {'valid' if valid else 'invalid'}, "
                                 f"API answered {response.status_code}")
        if response.status_code == 400:
            assert set(response.json()) == {"message", "code", "extra"}
    assert disagreements == []


@pytest.mark.parametrize("path,method,rate", [("/api/preview/", "get", "VSS_API_ANON_RATE"),
                                              ("/api/preview/tokens/", "post", "VSS_API_USER_RATE"),
                                              ("/api/items/", "get", "VSS_API_ANON_RATE")])
def test_a_throttled_answer_is_a_documented_429(api, schema, settings, users, path, method, rate):
    setattr(settings, rate, "2/min")
    cache.clear()
    if method == "post":
        api.force_authenticate(users["editor_a"])
    answers = [getattr(api, method)(path, {"token": "x"} if method == "get" else {"page": 1}, format="json")
               for _ in range(3)]
    cache.clear()
    assert answers[-1].status_code == 429
    assert "429" in schema["paths"][path][method]["responses"]
    assert set(answers[-1].json()) == {"message", "code", "extra"}
