"""HTTP to Zalo: OAuth v4 for OA and the Open API v2.0 (articles, image upload, messages).

There is no maintained Python SDK for the OA Open API (zalo-python-sdk on PyPI covers
the old v1 Social API and OA v1, not OAuth v4 or articles), so this speaks the wire
protocol with requests, as docs/zalo.md describes it. The access token travels in the
``access_token`` header, the app's secret in ``secret_key``, never in a URL.
"""

import urllib.request

import requests

from channels.exceptions import RetryableError, UnconfirmedError
from channels.zalo.errors import error_for

API_URL = "https://openapi.zalo.me"
OAUTH_URL = "https://oauth.zaloapp.com"
_ADAPTER = requests.adapters.HTTPAdapter(pool_connections=64, pool_maxsize=64)
_SESSION = None


def session():
    """One pooled session per process: 200 OAs are 200 destinations but one host."""
    global _SESSION
    if _SESSION is None:
        s = requests.Session()
        s.trust_env = False
        s.proxies = urllib.request.getproxies()  # read once, not on every call
        s.mount("http://", _ADAPTER)
        s.mount("https://", _ADAPTER)
        _SESSION = s
    return _SESSION


class ZaloHTTP:
    """Calls to one OA's API: JSON in and out, each failure one of the pipeline's errors."""

    def __init__(self, *, api_url=API_URL, oauth_url=OAUTH_URL, timeout=30.0):
        self.api_url = (api_url or API_URL).rstrip("/")
        self.oauth_url = (oauth_url or OAUTH_URL).rstrip("/")
        self.timeout = (5.0, float(timeout or 30))

    def request(self, method, url, *, operation, may_have_created=False, **kwargs):
        try:
            response = session().request(method, url, timeout=self.timeout, **kwargs)
        except (requests.ConnectTimeout, requests.exceptions.SSLError) as exc:
            raise RetryableError(f"{operation}: {type(exc).__name__}") from exc
        except (requests.ReadTimeout, requests.ConnectionError) as exc:
            sent = isinstance(exc, requests.ReadTimeout) or "Connection aborted" in str(exc) \
                or "RemoteDisconnected" in str(exc)
            if may_have_created and sent:
                raise UnconfirmedError(f"{operation}: no answer ({type(exc).__name__}); it may exist on Zalo") from exc
            raise RetryableError(f"{operation}: {type(exc).__name__}") from exc
        except requests.RequestException as exc:
            raise RetryableError(f"{operation}: {type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise RetryableError(f"{operation}: HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            error = UnconfirmedError if may_have_created and response.status_code < 300 else RetryableError
            raise error(f"{operation}: HTTP {response.status_code} without a JSON answer") from None
        if not isinstance(data, dict):
            raise RetryableError(f"{operation}: HTTP {response.status_code}, unexpected answer")
        return data

    def api(self, method, path, *, token, operation, may_have_created=False, json=None, params=None, files=None):
        """An Open API call; returns its ``data`` (a dict). Zalo's error answers raise."""
        data = self.request(method, f"{self.api_url}{path}", operation=operation, may_have_created=may_have_created,
                            headers={"access_token": token}, json=json, params=params, files=files)
        code = data.get("error", 0)
        try:
            code = int(code)
        except (TypeError, ValueError):
            code = None
        if code:
            raise error_for(code, str(data.get("message") or ""), operation=operation)
        return data.get("data") if isinstance(data.get("data"), dict) else {}

    def oauth(self, *, app_id, secret_key, fields, operation):
        """POST /v4/oa/access_token; returns Zalo's JSON (a pair, or an error the caller reads)."""
        return self.request("POST", f"{self.oauth_url}/v4/oa/access_token", operation=operation,
                            headers={"secret_key": secret_key}, data={"app_id": app_id, **fields})
