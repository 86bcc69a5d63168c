"""Finding 5: Wagtail's stock API (/api/v2/ and the admin's /admin/api/main/) answers any query
string with a 2xx, a 400 or a 404 in the project's error shape, never a server error.

Hypothesis draws query strings over every parameter the endpoints know (their filters and
the content types' fields) with hostile values: NUL, huge and negative numbers, dates that
are no dates, search syntax, long strings.
"""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

ENDPOINTS = ["/api/v2/pages/", "/api/v2/pages/find/", "/api/v2/images/", "/api/v2/documents/",
             "/admin/api/main/pages/", "/admin/api/main/images/", "/admin/api/main/documents/",
             "/admin/api/main/pages/find/"]
PARAMETERS = ["limit", "offset", "fields", "type", "child_of", "descendant_of", "ancestor_of", "order", "search",
              "search_operator", "locale", "translation_of", "site", "id", "html_path", "title", "slug",
              "first_published_at", "last_published_at", "show_in_menus", "seo_title", "has_children",
              "for_explorer", "include_root", "collection_id", "tags", "summary", "org_unit", "go_live_at",
              "latest_revision_created_at", "width", "height", "file", "nonsense"]
HOSTILE = st.sampled_from([
    "", "x", "0", "-1", "1", "abc", "\x00", "a\x00b", "9223372036854775808", "99999999999999999999999",
    "-9223372036854775809", "2026-13-45", "2026-01-01T25:00", "true", "null", "[]", "{}", "*", "\"", "'",
    "AND", "OR", "NEAR(", "title:x", "-title", "random", "id,title", "cms.NewsPage", "cms.Nope", "wagtailcore.Page",
    "%", "_", "../..", "😀", "Lào Cai", "1e309", "NaN", "1.5", " 1", "vi", "zz", "a" * 3000,
])
QUERIES = st.lists(st.tuples(st.sampled_from(PARAMETERS), HOSTILE | st.text(max_size=20)), min_size=1, max_size=4)


@pytest.fixture
def staff_client(client, users, make_news, section_a, approve, image):
    approve(make_news(section_a, title="Tin để thử", hero_image=image))
    client.force_login(users["editor_a"])
    return client


def check(response):
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"message", "code", "extra"}, body


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_query_string_makes_a_server_error(staff_client, endpoint):
    @settings(max_examples=30, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(QUERIES)
    def run(query):
        check(staff_client.get(endpoint, dict(query)))

    run()


@pytest.mark.parametrize("path", [
    "/api/v2/pages/?first_published_at=x", "/api/v2/pages/?offset=9223372036854775808", "/api/v2/pages/?search=%00",
    "/api/v2/pages/find/?id=abc", "/api/v2/images/?limit=100000", "/api/v2/documents/?id=99999999999999999999",
    "/admin/api/main/pages/?first_published_at=x", "/admin/api/main/pages/?offset=9223372036854775808",
    "/api/v2/pages/99999999999999999999/", "/admin/api/main/images/?offset=99999999999999999999",
])
def test_the_audits_crashes_are_400s(staff_client, path):
    response = staff_client.get(path)
    check(response)
    assert response.status_code in (400, 404)
