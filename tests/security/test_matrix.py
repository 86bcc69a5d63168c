"""The permission matrix, generated from data: each staff role of two provinces and of the centre
against each resource of their own province and of the other one.

To cover a new screen, add one row to RESOURCES: a name, and a function that takes the test's
``objects`` (one draft item and its files per province) and a province key and returns the URL.
A resource is "seen" when it answers 200 and shows the object's title (for lists) or the file.
"""

import pytest
from django.urls import reverse

ROLES = {
    # username: (province key or None for the centre, is radio)
    "editor_a": "A", "approver_a": "A", "editor_b": "B", "approver_b": "B",
    "central_editor": None, "chief_editor": None, "leadership": None,
}
RESOURCES = [
    # (name, URL for province key, text that must appear when seen; None: the status decides)
    ("page edit", lambda o, k: reverse("wagtailadmin_pages:edit", args=[o[k]["page"].pk]), "title"),
    ("page draft", lambda o, k: reverse("wagtailadmin_pages:view_draft", args=[o[k]["page"].pk]), None),
    ("page history", lambda o, k: reverse("wagtailadmin_pages:history", args=[o[k]["page"].pk]), None),
    ("explorer", lambda o, k: reverse("wagtailadmin_explore", args=[o[k]["page"].get_parent().pk]), "title"),
    ("admin API page", lambda o, k: f"/admin/api/main/pages/{o[k]['page'].pk}/", None),
    ("admin API images", lambda o, k: "/admin/api/main/images/?limit=100", "image"),
    ("admin API documents", lambda o, k: "/admin/api/main/documents/?limit=100", "document"),
    ("admin API image", lambda o, k: f"/admin/api/main/images/{o[k]['image'].pk}/", None),
    ("image edit", lambda o, k: reverse("wagtailimages:edit", args=[o[k]["image"].pk]), None),
    ("document edit", lambda o, k: reverse("wagtaildocs:edit", args=[o[k]["document"].pk]), None),
    ("image chooser", lambda o, k: reverse("wagtailimages_chooser:choose"), "image"),
    ("document chooser", lambda o, k: reverse("wagtaildocs_chooser:choose"), "document"),
    ("document file", lambda o, k: o[k]["document"].url, None),
    ("image original", lambda o, k: o[k]["image"].file.url, None),
    ("image thumbnail", lambda o, k: o[k]["image"].get_rendition("max-165x165").url, None),
    ("item channels", lambda o, k: reverse("publishing_item_channels", args=[o[k]["page"].pk]), None),
]


@pytest.fixture
def objects(province_files, make_news, section_a, section_b, users):
    pages = {"A": make_news(section_a, user=users["editor_a"], title="Tin riêng Lào Cai"),
             "B": make_news(section_b, user=users["editor_b"], title="Tin riêng Gia Lai")}
    return {key: {**province_files[key], "page": pages[key]} for key in ("A", "B")}


def seen(client, url, text):
    response = client.get(url)
    if response.status_code != 200:
        return False
    if text is None:
        return True
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json") and '"html"' in body[:20]:
        body = response.json()["html"]
    return text in body


def test_matrix_shows_no_leak_and_no_lockout(client, users, objects):
    leaks, refusals = [], []
    for username, home in ROLES.items():
        client.force_login(users[username])
        for name, url_for, what in RESOURCES:
            for key in ("A", "B"):
                obj = objects[key]
                text = {"title": obj["page"].title, "image": obj["image"].title,
                        "document": obj["document"].title}.get(what)
                allowed = home is None or home == key
                if seen(client, url_for(objects, key), text) != allowed:
                    (refusals if allowed else leaks).append(f"{username} × {name} of {key}")
    assert leaks == [], "leaks: " + ", ".join(leaks)
    assert refusals == [], "own resources refused: " + ", ".join(refusals)


@pytest.mark.parametrize("name,url_for,what", [row for row in RESOURCES if "file" in row[0] or "image " in row[0]],
                         ids=lambda value: value if isinstance(value, str) else "")
def test_anonymous_sees_no_unpublished_file(client, objects, name, url_for, what):
    assert client.get(url_for(objects, "A")).status_code in (302, 403, 404)
