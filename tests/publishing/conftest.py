import pytest

from cms.services.content import content_approve, content_submit
from publishing.services.destinations import destination_create
from tests.doubles.receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def make_destination(receiver):
    def factory(unit, *, kind="portal", name=None, channel="webhook", url=None, **extra):
        config = extra.pop("config", None) or ({"url": url or receiver.url, "timeout": "2"} if channel == "webhook" else {})
        return destination_create(name=name or f"{unit.name} {kind}", channel=channel, channel_kind=kind,
                                  org_unit=unit, config=config, **extra)

    return factory


@pytest.fixture
def approve(users):
    """Submit ``page`` as its province's editor and approve it: it goes live."""

    def run(page, editor="editor_a", approver="approver_a"):
        content_submit(page=page, user=users[editor])
        content_approve(page=page, user=users[approver])
        page.refresh_from_db()
        return page

    return run
