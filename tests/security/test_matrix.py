"""The permission matrix, generated from data: each staff role of two provinces and of the centre
against each resource of their own province and of the other one.

To cover a new screen, add one row to RESOURCES: a name, and a function that takes the test's
``objects`` (one draft item, its files, a plan, destinations... per province) and a province key
and returns the URL. A resource is "seen" when it answers the row's status (200 unless told) and
shows the object's text (for lists) or the file. A row may name the roles that may use it at all
(``roles``): the others must be refused it for both provinces. The radio pages have their own
matrix below (operators of a commune of each province).
"""

import datetime
import json
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.channels.loudspeakers import AN_KHE, SA_PA, SCRIPT_HTML, commune_scripts
from tests.channels.loudspeakers import loudspeakers  # noqa: F401 (fixture)
from tests.conftest import PASSWORD
from tests.outbox import work

ROLES = {
    # username: province key, or None for the centre
    "editor_a": "A", "approver_a": "A", "editor_b": "B", "approver_b": "B",
    "central_editor": None, "chief_editor": None, "leadership": None,
}
DESTINATION_MANAGERS = {"approver_a", "approver_b", "leadership"}  # approvers and the centre's leaders


class Row(NamedTuple):
    name: str
    url: object  # (objects, key) -> URL
    what: str | None = None  # key of objects[key]["texts"] that must appear when seen; None: the status decides
    method: str = "get"
    body: object = None  # (objects, key) -> JSON body, for method "post"
    status: int = 200
    roles: frozenset | None = None  # who may use it for their own province (None: every role)


def _snippet(model, view):
    return lambda o, k: reverse(f"wagtailsnippets_plans_{model}:{view}", args=[o[k][model].pk])


RESOURCES = [
    Row("page edit", lambda o, k: reverse("wagtailadmin_pages:edit", args=[o[k]["page"].pk]), "title"),
    Row("page draft", lambda o, k: reverse("wagtailadmin_pages:view_draft", args=[o[k]["page"].pk])),
    Row("page history", lambda o, k: reverse("wagtailadmin_pages:history", args=[o[k]["page"].pk])),
    Row("explorer", lambda o, k: reverse("wagtailadmin_explore", args=[o[k]["page"].get_parent().pk]), "title"),
    Row("admin API page", lambda o, k: f"/admin/api/main/pages/{o[k]['page'].pk}/"),
    Row("admin API images", lambda o, k: "/admin/api/main/images/?limit=100", "image"),
    Row("admin API documents", lambda o, k: "/admin/api/main/documents/?limit=100", "document"),
    Row("admin API image", lambda o, k: f"/admin/api/main/images/{o[k]['image'].pk}/"),
    Row("image edit", lambda o, k: reverse("wagtailimages:edit", args=[o[k]["image"].pk])),
    Row("document edit", lambda o, k: reverse("wagtaildocs:edit", args=[o[k]["document"].pk])),
    Row("image chooser", lambda o, k: reverse("wagtailimages_chooser:choose"), "image"),
    Row("document chooser", lambda o, k: reverse("wagtaildocs_chooser:choose"), "document"),
    Row("document file", lambda o, k: o[k]["document"].url),
    Row("image original", lambda o, k: o[k]["image"].file.url),
    Row("image thumbnail", lambda o, k: o[k]["image"].get_rendition("max-165x165").url),
    Row("item channels", lambda o, k: reverse("publishing_item_channels", args=[o[k]["page"].pk])),
    Row("deliveries report", lambda o, k: reverse("publishing_deliveries"), "delivery"),
    Row("problem deliveries", lambda o, k: reverse("publishing_problems"), "delivery"),
    Row("read-through", lambda o, k: reverse("loudspeaker_read_through", args=[o[k]["script"].pk]), "script"),
    # plans/: the yearly plan, the register and the campaign calendar
    Row("yearly plan edit", _snippet("yearlyplan", "edit")),
    Row("yearly plan history", _snippet("yearlyplan", "history")),
    Row("yearly plan export", lambda o, k: reverse("plans_export", args=[o[k]["yearlyplan"].pk, "xlsx"])),
    Row("yearly plans list", lambda o, k: reverse("wagtailsnippets_plans_yearlyplan:list"), "plan"),
    Row("activity edit", _snippet("activityentry", "edit")),
    Row("activity register", lambda o, k: reverse("wagtailsnippets_plans_activityentry:list"), "activity"),
    Row("campaign calendar", lambda o, k: reverse("plans_calendar") + f"?unit={o[k]['unit'].code}", "activity"),
    Row("calendar, all units", lambda o, k: reverse("plans_calendar"), "activity"),
    Row("progress", lambda o, k: reverse("plans_progress") + f"?unit={o[k]['unit'].code}"),
    # channels/zalo and channels/youtube: connecting a destination starts at the provider (a redirect)
    Row("Zalo connect", lambda o, k: reverse("zalo_connect") + f"?destination={o[k]['zalo'].pk}", status=302,
        roles=frozenset(DESTINATION_MANAGERS)),
    Row("Zalo connect by OA", lambda o, k: reverse("zalo_connect") + f"?app_id=4316&oa_id={o[k]['zalo'].config['oa_id']}",
        status=302, roles=frozenset(DESTINATION_MANAGERS)),
    Row("YouTube destinations", lambda o, k: reverse("youtube_destinations"), "youtube"),
    Row("YouTube connect", lambda o, k: reverse("youtube_connect", args=[o[k]["youtube"].pk]), status=302,
        roles=frozenset(DESTINATION_MANAGERS)),
    Row("destination edit", lambda o, k: reverse("wagtailsnippets_publishing_destination:edit", args=[o[k]["zalo"].pk]),
        roles=frozenset(DESTINATION_MANAGERS)),
    Row("destination history", lambda o, k: reverse("wagtailsnippets_publishing_destination:history",
                                                    args=[o[k]["zalo"].pk]), roles=frozenset(DESTINATION_MANAGERS)),
    Row("destination delete", lambda o, k: reverse("wagtailsnippets_publishing_destination:delete",
                                                   args=[o[k]["zalo"].pk]), roles=frozenset({"root"})),
    Row("destinations list", lambda o, k: reverse("wagtailsnippets_publishing_destination:list"), "youtube",
        roles=frozenset(DESTINATION_MANAGERS)),
    # The project's DRF API: drafts are nobody's through the public reads; a preview link is the editors'
    Row("API item", lambda o, k: reverse("api-item-detail", args=[o[k]["page"].pk]), roles=frozenset()),
    Row("API items search", lambda o, k: reverse("api-item-list") + "?q=" + o[k]["page"].title, "title",
        roles=frozenset()),
    Row("API preview token", lambda o, k: reverse("api-preview-token"), method="post",
        body=lambda o, k: {"page": o[k]["page"].pk}, status=201),
    Row("API v2 page", lambda o, k: f"/api/v2/pages/{o[k]['page'].pk}/", roles=frozenset()),
    Row("API v2 images", lambda o, k: "/api/v2/images/?limit=100", "image", roles=frozenset()),
    Row("API v2 documents", lambda o, k: "/api/v2/documents/?limit=100", "document", roles=frozenset()),
]


def _destinations(units, key, code, settings):
    from publishing.services.destinations import destination_create

    settings.YOUTUBE_CLIENT_ID = "vss-matrix.apps.googleusercontent.com"
    nowhere = "http://127.0.0.1:9"  # connecting only redirects there; nothing is sent in this test
    zalo = destination_create(name=f"Zalo OA riêng {key}", channel="zalo", channel_kind="zalo", org_unit=units[code],
                              secret=f"zalo-secret-{key}", config={"app_id": "4316", "oa_id": f"19{ord(key)}",
                                                                  "api_url": nowhere, "oauth_url": nowhere})
    youtube = destination_create(name=f"YouTube riêng {key}", channel="youtube", channel_kind="youtube",
                                 org_unit=units[code], secret=f"1//refresh-{key}",
                                 config={"channel_id": f"UCmatrix{key}", "api_url": nowhere,
                                         "token_url": f"{nowhere}/token", "auth_url": f"{nowhere}/auth"})
    return zalo, youtube


@pytest.fixture
def objects(province_files, make_news, section_a, section_b, users, units, settings):
    from cms.models import BroadcastScriptPage
    from cms.services.content import content_create
    from plans.models import ActivityEntry
    from publishing.models import Delivery
    from tests.plans.conftest import make_plan
    from tests.conftest import PROVINCE_A, PROVINCE_B

    result = {}
    for key, code, section, editor, place in (("A", PROVINCE_A, section_a, "editor_a", "Lào Cai"),
                                              ("B", PROVINCE_B, section_b, "editor_b", "Gia Lai")):
        page = make_news(section, user=users[editor], title=f"Tin riêng {place}")
        script = BroadcastScriptPage(title=f"Kịch bản riêng {place}", script=SCRIPT_HTML, target_duration_seconds=120,
                                     broadcast_from=timezone.localdate(), broadcast_until=timezone.localdate())
        content_create(section=section, page=script, user=users[editor])
        zalo, youtube = _destinations(units, key, code, settings)
        now = timezone.now()
        Delivery.objects.create(page=page, item_title=f"Gửi riêng {place}", destination=zalo, action="publish",
                                status="failed", due_at=now, next_attempt_at=now, finished_at=now,
                                idempotency_key=f"matrix-{key}")
        plan = make_plan(units[code], timezone.localdate().year, [], live=False, user=users[editor])
        activity = ActivityEntry.objects.create(org_unit=units[code], kind="conference", held_on=timezone.localdate(),
                                                title=f"Hội nghị riêng {place}")
        result[key] = {**province_files[key], "page": page, "script": script, "zalo": zalo, "youtube": youtube,
                       "yearlyplan": plan, "activityentry": activity, "unit": units[code],
                       "texts": {"title": page.title, "image": province_files[key]["image"].title,
                                 "document": province_files[key]["document"].title,
                                 "delivery": f"Gửi riêng {place}", "script": script.title, "plan": str(plan),
                                 "activity": activity.title, "youtube": youtube.name}}
    return result


def seen(client, row, objects, key):
    url = row.url(objects, key)
    if row.method == "post":
        response = client.post(url, json.dumps(row.body(objects, key)), content_type="application/json")
    else:
        response = client.get(url)
    assert response.status_code < 500, f"{row.name}: {response.status_code}"
    if response.status_code != row.status:
        return False
    if row.status == 302 and response["Location"].startswith("/"):
        return False  # back into the admin with "no permission", not on to the provider
    if row.what is None:
        return True
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json") and '"html"' in body[:20]:
        body = response.json()["html"]
    return objects[key]["texts"][row.what] in body


def test_matrix_shows_no_leak_and_no_lockout(client, users, objects):
    leaks, refusals = [], []
    for username, home in ROLES.items():
        client.force_login(users[username])
        for row in RESOURCES:
            for key in ("A", "B"):
                may = row.roles is None or username in row.roles
                allowed = may and (home is None or home == key)
                if seen(client, row, objects, key) != allowed:
                    (refusals if allowed else leaks).append(f"{username} × {row.name} of {key}")
    assert leaks == [], "leaks: " + ", ".join(leaks)
    assert refusals == [], "own resources refused: " + ", ".join(refusals)


def test_the_matrix_covers_every_admin_url_of_the_recent_apps():
    """A new plans/zalo/youtube/loudspeaker admin screen must get a row (or a reason here)."""
    from wagtail import hooks

    names = {pattern.name for fn in hooks.get_hooks("register_admin_urls") for pattern in fn()
             if getattr(pattern, "name", None) and pattern.name.split("_")[0] in ("plans", "zalo", "youtube", "loudspeaker")}
    covered = {"plans_export", "plans_calendar", "plans_progress", "zalo_connect", "youtube_destinations",
               "youtube_connect", "loudspeaker_read_through"}
    elsewhere = {  # each of these checks the person first and names no other province's object by id
        "plans_progress_export": "the progress view's unit check (tests/plans)",
        "plans_drill": "the progress view's unit check (tests/plans)",
        "plans_calendar_feed": "a token for one's own unit only (tests/plans)",
        "plans_import": "writes to one's own unit only (tests/plans)",
        "plans_register_import": "writes to one's own unit only (tests/plans)",
        "plans_appendix02": "the reports' unit scoping (tests/plans)",
        "zalo_callback": "the session's state names the destination, checked like connect",
        "youtube_oauth_callback": "the signed state names the destination, checked like connect",
    }
    assert names - covered - set(elsewhere) == set()


@pytest.mark.parametrize("row", [row for row in RESOURCES if "file" in row.name or "image " in row.name],
                         ids=lambda row: row.name)
def test_anonymous_sees_no_unpublished_file(client, objects, row):
    assert client.get(row.url(objects, "A")).status_code in (302, 403, 404)


# --- the radio pages: an operator of a commune of each province ------------------------------
@pytest.fixture
def radio(loudspeakers, make_news, section_a, section_b, users, units, approve):  # noqa: F811
    from cms.models import BroadcastScriptPage
    from cms.services.content import content_create
    from cms.services.staff import staff_create

    staff_create(username="operator_b", unit=units[AN_KHE], role="radio_operator", password=PASSWORD)
    scripts = {}
    for key, section, editor, approver in (("A", section_a, "editor_a", "approver_a"),
                                           ("B", section_b, "editor_b", "approver_b")):
        today = timezone.localdate()
        page = BroadcastScriptPage(title=f"Loa riêng tỉnh {key}", script=SCRIPT_HTML, target_duration_seconds=120,
                                   broadcast_from=today, broadcast_until=today + datetime.timedelta(days=6))
        content_create(section=section, page=page, user=users[editor])
        approve(BroadcastScriptPage.objects.get(pk=page.pk), editor=editor, approver=approver)
        scripts[key] = page
    work()
    result = {}
    for key, code in (("A", SA_PA), ("B", AN_KHE)):
        script = commune_scripts(code).get(page_id=scripts[key].pk)
        result[key] = {"script": script, "title": scripts[key].title,
                       "fmt": sorted(script.render.files)[0]}
    return result


RADIO = [
    ("script list", lambda r, k: reverse("radio:scripts"), True),
    ("script", lambda r, k: reverse("radio:script", args=[r[k]["script"].pk]), True),
    ("download", lambda r, k: reverse("radio:download", args=[r[k]["script"].pk, r[k]["fmt"]]), False),
    ("week bundle", lambda r, k: reverse("radio:bundle", args=["%d-W%02d" % timezone.localdate().isocalendar()[:2]]),
     False),
]


def test_radio_matrix_each_operator_sees_only_their_commune(client, radio):
    leaks, refusals = [], []
    for operator, home in (("operator_a", "A"), ("operator_b", "B")):
        client.logout()
        login = client.post(reverse("radio:login"), {"username": operator, "password": PASSWORD})
        assert login.status_code == 302 and login["Location"] == reverse("radio:scripts"), operator
        for name, url_for, shows_title in RADIO:
            for key in ("A", "B"):
                response = client.get(url_for(radio, key))
                assert response.status_code < 500, f"{name}: {response.status_code}"
                if name == "week bundle":
                    got = _bundle_has(response, radio[key]["title"])
                elif shows_title:
                    got = response.status_code == 200 and radio[key]["title"] in response.content.decode()
                else:
                    got = response.status_code == 302 and urlsplit(response["Location"]).path.startswith("/media-private/")
                if got != (home == key):
                    (refusals if home == key else leaks).append(f"{operator} × {name} of {key}")
    assert leaks == [], "leaks: " + ", ".join(leaks)
    assert refusals == [], "own resources refused: " + ", ".join(refusals)


def _bundle_has(response, title):
    import io
    import zipfile

    if response.status_code != 200:
        return False
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return any(title in archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
               if name.endswith((".txt", ".html", ".csv", ".json")))


@pytest.mark.parametrize("username", list(ROLES))
def test_province_and_central_staff_are_refused_the_radio_pages(client, users, radio, username):
    client.force_login(users[username])
    for name, url_for, _shows in RADIO:
        for key in ("A", "B"):
            assert client.get(url_for(radio, key)).status_code in (403, 404), f"{username} × {name} of {key}"


def test_an_approver_cannot_move_a_destination_into_another_province(client, users, objects):
    from publishing.models import Destination

    client.force_login(users["approver_a"])
    url = reverse("wagtailsnippets_publishing_destination:edit", args=[objects["A"]["zalo"].pk])
    html = client.get(url).content.decode()
    assert f'value="{objects["A"]["unit"].pk}"' in html and f'value="{objects["B"]["unit"].pk}"' not in html
    from wagtail.test.utils.form_data import querydict_from_html

    data = next(form for form in (querydict_from_html(html, form_index=n) for n in range(html.count("<form")))
                if "name" in form).copy()
    data["org_unit"] = str(objects["B"]["unit"].pk)
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with its message
    assert Destination.objects.get(pk=objects["A"]["zalo"].pk).org_unit_id == objects["A"]["unit"].pk
