"""facebook-sdk's GraphAPI with the Graph API version and base URL chosen per client.

The SDK (3.1, its last release) accepts only versions up to 3.1 in its
constructor and builds every URL from the module global FACEBOOK_GRAPH_URL.
Rather than patch those globals, each client gets its own requests session that
re-roots the SDK's URLs on the configured base (the real Graph API or a test
double) and remembers the last response, whose status and usage headers the SDK
drops; the version is the attribute every SDK method builds its paths from.
"""

import re
import urllib.request

import facebook
import requests

VERSION = re.compile(r"^v\d{1,2}\.\d{1,2}$")
_ADAPTER = requests.adapters.HTTPAdapter(pool_connections=64, pool_maxsize=64)  # pooled across clients
_PROXIES = None


def _proxies():
    # Read once per process: requests re-reads the environment on every call otherwise.
    global _PROXIES
    if _PROXIES is None:
        _PROXIES = urllib.request.getproxies()
    return _PROXIES


class GraphSession(requests.Session):
    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url.rstrip("/") + "/"
        self.last_response = None
        self.trust_env = False
        self.proxies = _proxies()
        self.mount("http://", _ADAPTER)
        self.mount("https://", _ADAPTER)

    def request(self, method, url, *args, **kwargs):
        if url.startswith(facebook.FACEBOOK_GRAPH_URL):
            url = self.base_url + url[len(facebook.FACEBOOK_GRAPH_URL):]
        kwargs.pop("proxies", None)  # the SDK passes None, which would undo the session's proxies
        # The SDK puts the token in the query string or form; it travels in a header instead,
        # out of URLs that proxies, error messages and debug logs keep.
        token = None
        for name in ("params", "data"):
            if isinstance(kwargs.get(name), dict) and "access_token" in kwargs[name]:
                kwargs[name] = dict(kwargs[name])
                token = kwargs[name].pop("access_token")
        if token:
            kwargs["headers"] = {**(kwargs.get("headers") or {}), "Authorization": f"OAuth {token}"}
        self.last_response = None
        response = super().request(method, url, *args, **kwargs)
        self.last_response = response
        return response


class GraphClient(facebook.GraphAPI):
    """A GraphAPI bound to one access token, one Graph API version and one base URL."""

    def __init__(self, *, access_token: str, version: str, base_url: str, timeout=(5, 30)):
        if not VERSION.match(version or ""):
            raise ValueError(f"Graph API version must look like v25.0, not {version!r}")
        super().__init__(access_token=access_token, timeout=timeout, session=GraphSession(base_url))
        self.version = version  # after the SDK's own check, which knows nothing newer than v3.1

    @property
    def last_response(self):
        return self.session.last_response

    def post_raw(self, url: str, *, data: dict, files=None):
        """A POST the SDK cannot make (multipart video chunks): same session, token and timeout."""
        return self.session.request("POST", url, data={**data, "access_token": self.access_token}, files=files,
                                    timeout=self.timeout)
