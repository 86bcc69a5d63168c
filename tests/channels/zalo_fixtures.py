"""Zalo test fixtures: the stand-in, Lào Cai's OA connected to it, and a worker that can be killed mid-refresh."""

import pytest

from channels.zalo.standin import ZaloStandIn
from channels.zalo.tokens import store_pair

APP_ID, OA_ID, SECRET_KEY = "4316", "1917", "zalo-app-secret-lao-cai-77"


@pytest.fixture
def zalo():
    server = ZaloStandIn(processing=2).start()
    server.add_oa(OA_ID, app_id=APP_ID, secret_key=SECRET_KEY, name="BHXH Lào Cai")
    server.add_oa("2828", app_id=APP_ID, secret_key=SECRET_KEY, name="BHXH Sa Pa")
    yield server
    server.stop()


def oa_config(zalo, oa_id=OA_ID, **extra):
    return {"app_id": APP_ID, "oa_id": oa_id, "api_url": zalo.url, "oauth_url": zalo.url, "verify_seconds": 5,
            "timeout": 3, "post_url": "https://oa.zalo.me/article/{id}", **extra}


def connect(zalo, oa_id=OA_ID):
    return store_pair(app_id=APP_ID, oa_id=oa_id, answer=zalo.issue(oa_id), secret_key=SECRET_KEY,
                      oauth_url=zalo.url)


@pytest.fixture
def zalo_oa(units, zalo):
    from publishing.services.destinations import destination_create

    destination = destination_create(name="Zalo OA BHXH Lào Cai", channel="zalo", channel_kind="zalo",
                                     org_unit=units["15"], secret=SECRET_KEY, config=oa_config(zalo))
    connect(zalo)
    return destination
