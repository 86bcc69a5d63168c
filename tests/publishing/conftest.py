import pytest

from publishing.services.destinations import destination_create
from channels.webhook.standin import Receiver


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
