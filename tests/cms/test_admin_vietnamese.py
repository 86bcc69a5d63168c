"""A province editor's and approver's day in the admin reads in Vietnamese.

Two checks over the same screens: none of the English labels people met in the
browser (issue 20) is left, and no Wagtail or Django message that has no Vietnamese
shows up as visible text (so a Wagtail upgrade that adds strings fails here).
"""

import gettext
import re
from pathlib import Path

import django
import polib
import pytest
from django.urls import reverse
import wagtail
from django.conf import settings
from django.utils import translation

from tests.cms.admin_walk import TAG, approver_urls, build_day, editor_urls, fetch, visible_text

KNOWN_ENGLISH = [
    "Site summary", "Privacy", "Tasks", "Set publishing schedule", "Current page status", "Page title",
    "minutes ago", "minute ago", "hours ago", "Awaiting your review", "Your most recent edits",
    "Request changes", "Approve", "Save draft", "Unpublish", "Yes, unpublish", "History", "Workflow",
    "Changes requested", "Needs changes", "Comments", "Add child page", "Images", "Documents", "Reports",
    "Account", "Log out", "Search", "Status", "Live", "Draft", "In Moderation", "Sort by", "Explore",
]
# Messages whose Vietnamese is the same text (format strings, symbols).
SAME_IN_VIETNAMESE = {"%(field_label)s:", "%(truncated_text)s…"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


def english_catalogues():
    roots = [Path(wagtail.__file__).parent, Path(django.__file__).parent]
    for root in roots:
        yield from root.glob("**/locale/en/LC_MESSAGES/django.po")


def untranslated_messages_shown(texts):
    """(msgid, screen) for each Wagtail/Django message without Vietnamese that a screen shows."""
    found = []
    seen = set()
    with translation.override("vi"):
        for catalogue in english_catalogues():
            for entry in polib.pofile(str(catalogue)):
                msgid = entry.msgid
                if msgid in seen or msgid in SAME_IN_VIETNAMESE or not re.search("[A-Za-z]{3}", msgid):
                    continue
                seen.add(msgid)
                if translation.gettext(msgid) != msgid:
                    continue
                for form in filter(None, [msgid, entry.msgid_plural]):
                    form = " ".join(TAG.sub(" ", form).split())  # as the screen shows it: tags dropped
                    literal = max(PLACEHOLDER.split(form), key=len).strip()
                    pattern = PLACEHOLDER.sub(".{1,80}?", re.escape(form).replace("\\ ", " "))
                    pattern = re.compile(r"(?<![A-Za-z])" + pattern + r"(?![A-Za-z])")
                    found += [(msgid, url) for url, text in texts.items() if literal and literal in text
                              and pattern.search(text)]
    return found


@pytest.mark.django_db
def test_an_editors_and_an_approvers_day_shows_no_english(client, users, section_a, make_news):
    items = build_day(make_news, section_a, users)
    texts = {}
    for username, urls in (("editor_a", editor_urls(section_a, items)),
                           ("approver_a", approver_urls(section_a, items))):
        client.force_login(users[username])
        for url in urls:
            status, body = fetch(client, url)
            assert status == 200, (username, url, status)
            texts[f"{username} {url}"] = visible_text(body)
    english = [(label, url) for label in KNOWN_ENGLISH for url, text in texts.items()
               if re.search(r"(?<![A-Za-z])" + re.escape(label) + r"(?![A-Za-z])", text)]
    missing = sorted({m for m, _u in untranslated_messages_shown(texts)})
    assert not missing, "\n".join(missing)
    assert english == []
    dashboard = texts[f"editor_a {editor_urls(section_a, items)[0]}"]
    search = texts[f"editor_a {reverse('wagtailadmin_pages:search')}?q=tin"]
    assert re.search(r"\b1–\d+ trong \d+ trang\b", search), "the search results count names what it counts"
    assert "None" not in search
    assert "Việc của tôi" in dashboard or "Bài gần đây của bạn" in dashboard or "Tổng quan trang" in dashboard


def test_time_since_reads_in_vietnamese():
    import datetime

    from django.utils import timezone
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

    with translation.override("vi"):
        said = timesince_simple(timezone.now() - datetime.timedelta(minutes=5))
    assert said.replace("\xa0", " ") == "5 phút trước"


def test_channel_names_are_vietnamese():
    from channels.registry import get_registry

    with translation.override("vi"):
        names = [str(name) for _kind, name in get_registry().choices()]
    assert names and not [name for name in names if re.search(r"\b(news feed|web portal|endpoint)\b", name)]


def compiled_catalogues():
    root = Path(settings.BASE_DIR)
    return sorted(path for path in root.glob("**/locale*/*/LC_MESSAGES/*.po") if ".venv" not in path.parts)


@pytest.mark.parametrize("po_path", compiled_catalogues(), ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_committed_mo_files_match_their_po(po_path):
    """The .mo files are committed (a machine with only Python has no msgfmt); each must say what its .po says.

    `make messages` recompiles them with polib.
    """
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run make messages"
    with open(mo_path, "rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog
    expected = {}
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = entry.msgid if not entry.msgctxt else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                if text:
                    expected[(key, int(index))] = text
        elif entry.msgstr:
            expected[key] = entry.msgstr
    compiled = {key: value for key, value in compiled.items() if key != ""}
    assert compiled == expected, f"{mo_path} is stale: run make messages"
