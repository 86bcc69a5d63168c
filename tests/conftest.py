"""Shared test data: built once per session in the test database.

Two provinces (Lào Cai "A" and Gia Lai "B") with their communes, the centre, and
one person per role, loaded through the same services `seed_demo` uses. Each test
runs in a transaction that is rolled back, so this tree stays as it is.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from demo.files import minimal_mp4 as mp4_bytes  # noqa: F401  (one MP4 container for demo and tests)

PASSWORD = "test-password-123"
PROVINCE_A, PROVINCE_B = "15", "52"
USERS = {
    # username: (unit code, role)
    "editor_a": (PROVINCE_A, "editor"),
    "approver_a": (PROVINCE_A, "approver"),
    "editor_b": (PROVINCE_B, "editor"),
    "approver_b": (PROVINCE_B, "approver"),
    "central_editor": ("TW", "editor"),
    "chief_editor": ("TW", "chief_editor"),
    "leadership": ("TW", "leadership"),
    "operator_a": ("15-sa-pa", "radio_operator"),
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from cms.models import OrgUnit
    from cms.services.languages import languages_load
    from cms.services.org_units import org_units_load, org_units_read
    from cms.services.staff import staff_create
    from cms.services.taxonomy import taxonomy_load

    with django_db_blocker.unblock():
        languages_load()
        taxonomy_load()
        org_units_load(data=org_units_read(), only={PROVINCE_A, PROVINCE_B})
        for username, (code, role) in USERS.items():
            staff_create(username=username, unit=OrgUnit.objects.get(code=code), role=role, password=PASSWORD)
        get_user_model().objects.create_superuser("root", "root@example.invalid", PASSWORD)


@pytest.fixture(autouse=True)
def fresh_rendition_cache():
    """Wagtail caches renditions by image id; ids come back after each test's rollback, so must the cache."""
    from wagtail.images.models import Rendition

    Rendition.cache_backend.clear()
    yield
    Rendition.cache_backend.clear()


@pytest.fixture
def users(db):
    User = get_user_model()
    return {user.username: user for user in User.objects.filter(username__in=[*USERS, "root"])}


@pytest.fixture
def units(db):
    from cms.models import OrgUnit

    return {unit.code: unit for unit in OrgUnit.objects.all()}


@pytest.fixture
def section_a(units):
    return units[PROVINCE_A].section_page.specific


@pytest.fixture
def section_b(units):
    return units[PROVINCE_B].section_page.specific


@pytest.fixture
def central_section(units):
    return units["TW"].section_page.specific


def png_bytes(width=64, height=48, colour=(0, 94, 170)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def image(db):
    return Image.objects.create(title="Ảnh thử", file=ImageFile(io.BytesIO(png_bytes()), name="test.png"))


def make_document(title, name, payload):
    document = Document(title=title)
    document.file.save(name, ContentFile(payload), save=False)
    document.save()
    return document


@pytest.fixture
def make_news(users):
    """Create a draft news item as ``user`` (default: the section's editor)."""
    from cms.models import NewsPage
    from cms.services.content import content_create

    def factory(section, *, user=None, title="Tin thử nghiệm về BHYT", **fields):
        user = user or users["editor_a"]
        page = NewsPage(title=title, summary=fields.pop("summary", "Tóm tắt tin."), **fields)
        content_create(section=section, page=page, user=user)
        return NewsPage.objects.get(pk=page.pk)

    return factory


@pytest.fixture
def approve(users):
    """Submit ``page`` as its province's editor and approve it: it goes live."""
    from cms.services.content import content_approve, content_submit

    def run(page, editor="editor_a", approver="approver_a"):
        content_submit(page=page, user=users[editor])
        content_approve(page=page, user=users[approver])
        page.refresh_from_db()
        return page

    return run


def admin_form_data(client, url, model=None, **overrides):
    """The admin form at ``url`` as a browser would submit it, with ``overrides`` applied.

    StreamFields are drawn by JavaScript, so their (empty) management fields are added.
    """
    from wagtail.fields import StreamField
    from wagtail.test.utils.form_data import querydict_from_html

    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    if model is not None:
        for field in model._meta.get_fields():
            if isinstance(field, StreamField) and f"{field.name}-count" not in data:
                data[f"{field.name}-count"] = "0"
    for key, value in overrides.items():
        if isinstance(value, (list, tuple)):
            data.setlist(key, [str(item) for item in value])
        else:
            data[key] = str(value)
    return data
