"""The admin screens a province editor and approver reach in a day's work, fetched as they would.

Shared by the Vietnamese-admin test (no English label on any of them) and by
`python -m tests.cms.admin_walk`-style discovery of untranslated Wagtail strings.
"""

import html
import re

from django.urls import reverse
from django.utils import timezone

TAG = re.compile(r"<(script|style|noscript)\b.*?</\1>|<[^>]+>", re.S)


def visible_text(markup):
    """Text a person reads: tags dropped, but titles, placeholders and aria-labels kept."""
    attrs = " ".join(re.findall(r'(?:title|placeholder|data-w-tooltip-content-value)="([^"]*)"', markup))
    return " ".join(html.unescape(TAG.sub(" ", markup) + " " + attrs).split())


def build_day(make_news, section_a, users):
    """An item in review, one sent back, one live: what a day's screens show."""
    from cms.services.content import content_approve, content_reject, content_submit

    editor, approver = users["editor_a"], users["approver_a"]
    waiting = make_news(section_a, title="Tin chờ duyệt về BHYT hộ gia đình")
    content_submit(page=waiting, user=editor)
    back = make_news(section_a, title="Tin bị trả lại")
    content_submit(page=back, user=editor)
    content_reject(page=back, user=approver, comment="Sửa lại số liệu tháng 6.")
    live = make_news(section_a, title="Tin đã đăng")
    content_submit(page=live, user=editor)
    content_approve(page=live, user=approver)
    return {"waiting": waiting, "back": back, "live": live.__class__.objects.get(pk=live.pk)}


def editor_urls(section_a, items):
    waiting, back, live = items["waiting"], items["back"], items["live"]
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[section_a.pk]),
        reverse("wagtailadmin_pages:edit", args=[back.pk]),
        reverse("wagtailadmin_pages:edit", args=[waiting.pk]),
        reverse("wagtailadmin_pages:add", args=["cms", "newspage", section_a.pk]),
        reverse("wagtailadmin_pages:history", args=[back.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[back.pk]),
        reverse("wagtailadmin_pages:search") + "?q=tin",
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("publishing_deliveries"),
        reverse("wagtailadmin_pages:edit", args=[live.pk]),
    ]


def approver_urls(section_a, items):
    waiting, live = items["waiting"], items["live"]
    task_state = waiting.current_workflow_task_state
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[waiting.pk]),
        reverse("wagtailadmin_pages:workflow_action", args=[waiting.pk, "reject", task_state.pk]),
        reverse("wagtailadmin_pages:workflow_action", args=[waiting.pk, "approve", task_state.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[live.pk]),
        reverse("wagtailadmin_pages:history", args=[live.pk]),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailsnippets_publishing_destination:list"),
        reverse("reports_index"),
        reverse("reports_drill"),
        reverse("publishing_deliveries"),
    ]


def fetch(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        import json

        body = json.loads(body).get("html", "")
    return response.status_code, body


def now():
    return timezone.now()
