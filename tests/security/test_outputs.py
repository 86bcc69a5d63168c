"""Findings 4 and 9: every output escapes for its own context (RSS, JSON Feed, /pages/)."""

import json
import xml.etree.ElementTree as ET

import pytest
from wagtail.rich_text import RichText

from publishing.services.destinations import destination_create
from tests.outbox import work

HOSTILE_SUMMARY = '<img src=x onerror="alert(1)"> <a href="javascript:alert(2)">bấm</a>'
HOSTILE_HTML = ('<p>Đoạn văn.</p><script>alert(3)</script><p><img src=x onerror="alert(4)">'
                '<a href="javascript:alert(5)">liên kết</a><iframe src="https://evil.example"></iframe></p>')


@pytest.fixture
def hostile_item(make_news, section_a, approve, units):
    destination_create(name="VssID Lào Cai", channel="vssid", channel_kind="vssid", org_unit=units["15"],
                       config={"province": "15"}, secret="")
    page = make_news(section_a, title="Tin có mã độc", summary=HOSTILE_SUMMARY,
                     body=[("paragraph", RichText(HOSTILE_HTML))])
    page = approve(page)
    work()
    return page


def assert_inert(html):
    """No element or attribute of the hostile text survives as markup (escaped text is harmless)."""
    for markup in ("<script", "<img src=x", 'onerror="', 'href="javascript:', "<iframe"):
        assert markup not in html


def test_rss_description_is_the_summary_as_text_and_content_is_sanitised(client, hostile_item):
    response = client.get("/feeds/vssid/15/vi/rss.xml")
    [item] = ET.fromstring(response.content).find("channel").findall("item")
    description = item.find("description").text
    # What a reader renders as HTML shows the summary's characters, it does not make elements of them.
    assert "<img" not in description and "&lt;img" in description
    content = item.find("{http://purl.org/rss/1.0/modules/content/}encoded").text
    assert "Đoạn văn." in content and "liên kết" in content
    assert_inert(content)


def test_json_feed_summary_is_plain_text_and_content_html_sanitised(client, hostile_item):
    [item] = json.loads(client.get("/feeds/vssid/15/vi/feed.json").content)["items"]
    assert item["summary"] == HOSTILE_SUMMARY  # plain text by the JSON Feed spec, as typed
    assert "Đoạn văn." in item["content_html"]
    assert_inert(item["content_html"])


def test_pages_sanitise_stored_rich_text(client, hostile_item):
    response = client.get(hostile_item.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đoạn văn." in html and "liên kết" in html
    assert_inert(html.split("<body", 1)[1])
