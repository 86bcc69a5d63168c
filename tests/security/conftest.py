"""Files in each province's collection, as an editor of that province would upload them."""

import io

import pytest
from django.core.files.images import ImageFile
from wagtail.images.models import Image
from wagtail.models import Collection

from tests.conftest import PROVINCE_A, PROVINCE_B, make_document, png_bytes


@pytest.fixture
def collections(units):
    return {key: Collection.objects.get(name=units[code].name) for key, code in (("A", PROVINCE_A), ("B", PROVINCE_B))}


@pytest.fixture
def province_files(collections):
    """One unpublished image and one unpublished PDF in each province's collection."""
    from demo.files import leaflet_pdf

    files = {}
    for key, collection in collections.items():
        image = Image(title=f"Ảnh nháp {key}", collection=collection)
        image.file = ImageFile(io.BytesIO(png_bytes()), name=f"nhap-{key}.png")
        image.save()
        document = make_document(f"Tờ rơi nháp {key}", f"nhap-{key}.pdf", leaflet_pdf(1, pages=1))
        document.collection = collection
        document.save()
        files[key] = {"image": image, "document": document}
    return files
