"""The demo's OAs: connected to the stand-in `make run` starts (python -m channels.zalo.standin --demo).

ZaloChannel.demo_destinations uses them; `seed_demo` asks every channel for its own.
"""

DEMO_APP_ID = "1000200030004000"
DEMO_SECRET_KEY = "demo-zalo-secret"
DEMO_URL = "http://127.0.0.1:8030"


def demo_oa(number, *, url=DEMO_URL):
    """(destination config, secret) of the demo province ``number``'s OA on the stand-in at ``url``."""
    url = url.rstrip("/")
    return {"app_id": DEMO_APP_ID, "oa_id": str(3100000000000000000 + number), "api_url": url, "oauth_url": url,
            "post_url": f"{url}/v2.0/article/getdetail?id={{id}}"}, DEMO_SECRET_KEY


def demo_connect(config):
    """Store the pair the demo stand-in recognises (it accepts its own token shapes across restarts)."""
    from channels.zalo.models import ZaloToken
    from channels.zalo.tokens import store_pair

    oa = config["oa_id"]
    if not ZaloToken.objects.filter(app_id=config["app_id"], oa_id=oa).exists():
        store_pair(app_id=config["app_id"], oa_id=oa, secret_key=DEMO_SECRET_KEY, oauth_url=config["oauth_url"],
                   answer={"access_token": f"demo-access-{oa}-seed", "refresh_token": f"demo-refresh-{oa}-seed"})
