"""Each content type to each real channel and back, through the whole pipeline:
approve -> deliveries -> the channel's test double; edit -> update; unpublish -> withdraw."""

import datetime
import json

import jsonschema
import pytest
import requests

from publishing.models import Delivery
from publishing.services.dispatcher import drain_due
from tests.outbox import work

Status, Action = Delivery.Status, Delivery.Action
KINDS = ["news", "infographic", "clip", "leaflet"]


def sent(page, action):
    return {d.destination.channel: d for d in Delivery.objects.filter(page=page, action=action, status=Status.SENT)
            .select_related("destination")}


@pytest.mark.parametrize("kind", KINDS)
def test_each_type_goes_to_portal_and_fanpage_and_comes_back(kind, make_item, section_a, approve, users, graph,
                                                             portal, fanpage, portal_destination):
    page = approve(make_item(kind, section_a))
    work()
    published = sent(page, Action.PUBLISH)
    assert set(published) == {"facebook", "portal"}, list(Delivery.objects.values_list("status", "last_error"))

    # On the portal: a stored item whose URL opens, with the item's title and language.
    item_id = published["portal"].external_id
    stored = portal.receiver.store.get("lao-cai", item_id)
    assert stored["payload"]["headlines"][0]["value"] == page.title
    assert stored["payload"]["language"] == "vi"
    assert requests.get(published["portal"].external_url, timeout=5).status_code == 200

    # On Facebook: the right kind of post, its text with the title and the link to the portal copy.
    post = graph.posts[published["facebook"].external_id]
    expected = {"news": "link", "infographic": "photo", "clip": "video", "leaflet": "photo"}[kind]
    assert post["kind"] == expected and post["published"]
    text = post["message"] or post["description"]
    assert page.title in text and "https://laocai.example.vn/vss/by-uri?uri=urn" in text
    if kind == "clip":
        assert post["size"] == page.video.file.size  # every chunk arrived
    if kind in ("infographic", "leaflet"):
        assert post["url"].startswith("http")  # the picture Facebook fetches
    if kind == "leaflet":
        assert page.pdf.file.name.rsplit("/", 1)[-1].split(".")[0] in text  # the PDF's link is in the post

    # Edit and approve again: both places show the new title, nothing new is created.
    page.title = f"{page.title} (cập nhật)"
    page.save_revision(user=users["editor_a"])
    approve(page)
    work()
    updated = sent(page, Action.UPDATE)
    assert set(updated) == {"facebook", "portal"}
    payload = portal.receiver.store.get("lao-cai", item_id)["payload"]
    assert payload["headlines"][0]["value"].endswith("(cập nhật)")
    page.refresh_from_db()  # the portal is told when the edit went live, and when the item first did
    when = {name: datetime.datetime.fromisoformat(payload[name]) for name in ("versioncreated", "firstcreated")}
    assert when["versioncreated"] == page.last_published_at > when["firstcreated"] == page.first_published_at
    post = graph.posts[published["facebook"].external_id]
    assert "(cập nhật)" in (post["message"] or post["description"]) and post["edits"] == 1
    assert len(graph.live_posts("111")) == 1 and len(portal.receiver.live_items("lao-cai")) == 1

    # Withdraw: gone from both.
    page.unpublish(user=users["approver_a"])
    work()
    assert set(sent(page, Action.WITHDRAW)) == {"facebook", "portal"}
    assert graph.live_posts("111") == {}
    assert portal.receiver.live_items("lao-cai") == []
    assert requests.get(published["portal"].external_url, timeout=5).status_code == 410


@pytest.mark.parametrize("kind", KINDS)
def test_portal_payload_follows_the_published_schema(kind, client, make_item, section_a, approve, portal,
                                                     portal_destination):
    response = client.get("/schemas/portal-item.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    page = approve(make_item(kind, section_a))
    payload = Delivery.objects.get(page=page, destination=portal_destination).payload
    jsonschema.Draft202012Validator(schema).validate(payload)
    names = {association["name"] for association in payload["associations"]}
    assert {"news": {"featureimage"}, "infographic": {"featureimage"}, "clip": {"video"},
            "leaflet": {"featureimage", "file"}}[kind] == names
    assert payload["uri"].startswith("urn:vss:item:") and payload["places"][0]["uri"] == "urn:vss:org-unit:15"


def test_an_older_update_arriving_late_does_not_overwrite_a_newer_one(portal):
    from channels.portal.transmitter import PortalTransmitter
    from tests.channels.conftest import PORTAL_SECRET

    transmitter = PortalTransmitter(config={"url": portal.site_url("lao-cai")}, secret=PORTAL_SECRET)
    base = {"uri": "urn:vss:item:00000000-0000-0000-0000-000000000000:vi", "versioncreated": "2026-07-01T08:00:00+07:00",
            "type": "text", "language": "vi"}
    first = transmitter.publish({**base, "version": "5", "headlines": [{"value": "v5"}]}, key="k1")
    transmitter.update({**base, "version": "7", "headlines": [{"value": "v7"}]}, external_id=first.external_id, key="k2")
    transmitter.update({**base, "version": "6", "headlines": [{"value": "v6"}]}, external_id=first.external_id, key="k3")
    assert portal.receiver.store.get("lao-cai", first.external_id)["payload"]["headlines"][0]["value"] == "v7"


def test_drain_in_a_worker_sends_everything_once(make_item, section_a, approve, graph, portal, fanpage,
                                                 portal_destination):
    pages = [approve(make_item("news", section_a, title=f"Tin số {n}")) for n in range(4)]
    assert drain_due(budget_seconds=30) == 8
    assert Delivery.objects.filter(page__in=pages, status=Status.SENT).count() == 8
    assert len(graph.live_posts("111")) == 4 and len(portal.receiver.live_items("lao-cai")) == 4
