"""Channels get the image sizes made for them, not the editor's original upload.

The payload stored on the delivery names the rendition; the worker puts the
rendition's URL in its place when it sends (making it then if the rendition task
has not run), so a retry sends the same picture.
"""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image, Rendition

from channels.content import RENDITION_REF, bind_renditions, rendition_ref
from channels.exceptions import PermanentError
from media.renditions import channel_specs
from publishing.models import Delivery
from tests.conftest import png_bytes
from tests.outbox import work

pytestmark = pytest.mark.django_db
Status = Delivery.Status


def _picture(rendition):
    with rendition.file.open("rb") as handle:
        picture = PILImage.open(io.BytesIO(handle.read()))
        return picture.format, picture.size


def _rendition_at(url, image):
    matches = [r for r in Rendition.objects.filter(image=image) if url.endswith(r.url)]
    assert len(matches) == 1, (url, [r.url for r in Rendition.objects.filter(image=image)])
    return matches[0]


@pytest.fixture
def big_photo():
    return Image.objects.create(title="Ảnh lớn", file=ImageFile(io.BytesIO(png_bytes(2400, 1600)), name="lon.png"))


def test_facebook_and_portal_receive_the_channel_sizes(make_item, section_a, approve, graph, portal, fanpage,
                                                       portal_destination, big_photo):
    page = make_item("infographic", section_a)
    page.image = big_photo
    page.save_revision(user=None)
    page = approve(page)
    work()
    deliveries = {d.destination.channel: d for d in Delivery.objects.filter(page=page).select_related("destination")}
    assert {channel: d.status for channel, d in deliveries.items()} == {"facebook": Status.SENT, "portal": Status.SENT}

    # Facebook fetched a 1200 x 630 JPEG, the size it shows uncropped, not the 2400 x 1600 PNG.
    post = graph.posts[deliveries["facebook"].external_id]
    assert _picture(_rendition_at(post["url"], big_photo)) == ("JPEG", (1200, 630))

    # The portal got both of its sizes in AVIF, WebP and JPEG (the original stays private).
    stored = portal.receiver.store.get("lao-cai", deliveries["portal"].external_id)["payload"]
    feature = next(a for a in stored["associations"] if a["name"] == "featureimage")
    renditions = {r["name"]: r for r in feature["renditions"]}
    assert set(renditions) == {f"{size}-{fmt}" for size in ("portal", "portal_thumb") for fmt in ("avif", "webp", "jpeg")}
    assert feature["uri"] == renditions["portal-jpeg"]["href"]
    for name, entry in renditions.items():
        size, fmt = name.split("-")
        expected = {"portal": (1600, 1066), "portal_thumb": (480, 320)}[size]
        assert _picture(_rendition_at(entry["href"], big_photo)) == (fmt.upper(), expected)
        assert entry["contenttype"] == f"image/{fmt}"

    # The delivery keeps the rendition's name, not its URL: a retry binds the same picture.
    kept = next(a for a in deliveries["portal"].payload["associations"] if a["name"] == "featureimage")
    assert all(r["href"].startswith(RENDITION_REF) for r in kept["renditions"])


def test_renditions_made_at_approval_are_used_as_they_are(make_item, section_a, approve, graph, fanpage, big_photo):
    from media.renditions import make_channel_renditions

    make_channel_renditions([big_photo.pk])  # what the task does when the item is approved
    made = set(Rendition.objects.filter(image=big_photo).values_list("pk", flat=True))
    page = make_item("infographic", section_a)
    page.image = big_photo
    page.save_revision(user=None)
    approve(page)
    work()
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Status.SENT
    assert set(Rendition.objects.filter(image=big_photo).values_list("pk", flat=True)) == made
    assert len(made) == len(channel_specs())
    assert _rendition_at(graph.posts[delivery.external_id]["url"], big_photo).pk in made


def test_an_image_deleted_after_approval_fails_the_delivery_with_a_reason(make_item, section_a, approve, graph,
                                                                          fanpage):
    page = approve(make_item("infographic", section_a))
    image_id = page.image_id
    delivery = Delivery.objects.get(page=page)
    # A superuser deletes the picture from the library before the worker gets to it.
    Delivery.objects.filter(pk=delivery.pk).update(
        payload={**delivery.payload, "image": rendition_ref(999_999, "facebook", "jpeg")})
    work()
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert "image 999999 was deleted" in delivery.last_error
    assert graph.live_posts("111") == {}
    assert Image.objects.filter(pk=image_id).exists()


def test_bind_leaves_payloads_without_images_alone_and_refuses_unknown_sizes(big_photo):
    payload = {"title": "Tin", "tags": ["a", {"b": 1}], "image": ""}
    assert bind_renditions(payload) is payload
    with pytest.raises(ValueError, match="unknown rendition size"):
        rendition_ref(big_photo.pk, "billboard")
    with pytest.raises(PermanentError):
        bind_renditions({"image": rendition_ref(123_456_789, "mobile", "webp")})
