"""The OpenAPI schema and its docs are served, and schemathesis finds no server error against them."""

import hypothesis
import pytest
import schemathesis
from schemathesis.generation.modes import GenerationMode
from django.core.wsgi import get_wsgi_application
from wagtail.models import APIToken

pytestmark = pytest.mark.django_db


def test_schema_describes_the_endpoints(api):
    answer = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert answer.status_code == 200
    schema = answer.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/items/", "/api/items/{id}/", "/api/preview/", "/api/preview/tokens/"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/items/"]["get"]["parameters"]}
    assert {"type", "policy_area", "audience", "campaign", "unit", "locale", "updated_since", "q", "cursor"} <= parameters


def test_docs_are_served_without_a_cdn(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    script = client.get("/api/docs/?script=").content.decode()  # split out of the page for the CSP
    assert "/api/schema/" in script and "swagger-ui" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, called in-process; like Django's test client, it keeps
    the test's database connection open between requests."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_error(wsgi_app, live_news, live_variant, image, users):
    from cms.models import PolicyArea

    news = live_news(title="Bảo hiểm y tế", hero_image=image, policy_areas=[PolicyArea.objects.get(code="bhyt")])
    live_variant(news, "km-khmr", "ធានារ៉ាប់រង")
    _, token = APIToken.create_token(user=users["editor_a"], name="schemathesis")
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    failures, operations, statuses = [], 0, set()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis.settings(max_examples=25, deadline=None, database=None, derandomize=True,
                                 suppress_health_check=list(hypothesis.HealthCheck),
                                 phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate])
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                response = case.call(headers={"Authorization": f"Bearer {token}"})
                statuses.add(response.status_code)
                if response.status_code >= 500:
                    failures.append((case.method, case.formatted_path, case.query, response.status_code))

            run()
    assert operations == 4
    assert failures == []
    assert {200, 400, 403, 404} <= statuses  # it reached real answers and refusals alike
