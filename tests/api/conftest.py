"""Live items for the API tests, made and approved through the same services editors use."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def no_throttling(settings):
    """The tests make many requests from one address; test_throttling turns it back on."""
    settings.VSS_API_ANON_RATE = ""
    settings.VSS_API_USER_RATE = ""


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def live_news(make_news, approve, section_a):
    """Approve a new news item in Lào Cai's section (or ``section``): it goes live."""

    def factory(title="Tin về BHYT", section=None, **fields):
        return approve(make_news(section or section_a, title=title, **fields))

    return factory


@pytest.fixture
def live_variant(users):
    """A live variant of ``source`` in ``locale_code``, approved by Lào Cai's approver."""
    from cms.services.content import content_approve, content_submit
    from cms.services.variants import variant_create

    def factory(source, locale_code, title):
        variant = variant_create(source=source, locale_code=locale_code, user=users["editor_a"])
        variant.title = title
        variant.save_revision(user=users["editor_a"])
        content_submit(page=variant, user=users["editor_a"])
        # A fresh user object, as a new request would have: Wagtail caches page permissions on it,
        # and the variant's section in the new locale was made after they were read.
        approver = type(users["approver_a"]).objects.get(pk=users["approver_a"].pk)
        content_approve(page=variant, user=approver)
        variant.refresh_from_db()
        return variant

    return factory
