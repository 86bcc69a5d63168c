"""Smart-loudspeaker systems: one adapter per vendor, registered by name.

There is no national API for the commune boxes (DOMAIN.md): vendors differ. A
destination names its vendor in its config (``vendor``); after the transmitter
has attached a script to the commune, the adapter tells the vendor's system
about it (with the schedule and download links), and again when it is updated
or withdrawn. Boxes that fetch their files themselves need no adapter: they use
the device pull API (``channels/loudspeaker/api.py``).

Adapters raise the channel errors (``channels.exceptions``), so the pipeline
retries, rests or fails them like any channel.
"""

import abc
from urllib.parse import quote

from django.utils.translation import gettext_lazy

from channels.exceptions import PermanentError
from channels.webhook.transmitter import WebhookTransmitter


class VendorAdapter(abc.ABC):
    """Subclasses set ``name`` (the value of the destination's ``vendor`` setting) and ``display_name``."""

    name = ""
    display_name = ""

    def __init__(self, *, config: dict, secret: str = ""):
        self.config = config
        self.secret = secret

    def config_problems(self) -> list[str]:
        return []

    @abc.abstractmethod
    def push(self, entry: dict, *, commune: str, key: str) -> None:
        """Create or replace one script on the vendor's system for ``commune``'s boxes.

        ``entry`` is the script as the device API lists it: id, title, language,
        seconds, schedule, and a download link per format. Safe to call twice.
        """

    @abc.abstractmethod
    def remove(self, *, script_id: str, commune: str, key: str) -> None:
        """Take the script off the commune's boxes. Removing one that is gone is not an error."""


class VendorRegistry:
    def __init__(self):
        self._adapters = {}

    def register(self, adapter_class):
        if not (isinstance(adapter_class, type) and issubclass(adapter_class, VendorAdapter)):
            raise TypeError(f"{adapter_class!r} is not a VendorAdapter subclass")
        if not adapter_class.name or adapter_class.name in self._adapters:
            raise ValueError(f"vendor adapter name {adapter_class.name!r} is empty or taken")
        self._adapters[adapter_class.name] = adapter_class
        return adapter_class

    def get(self, name):
        try:
            return self._adapters[name]
        except KeyError:
            raise KeyError(f"no vendor adapter named {name!r}") from None

    def names(self):
        return sorted(self._adapters)

    def __contains__(self, name):
        return name in self._adapters


class HttpJsonAdapter(VendorAdapter):
    """A generic vendor endpoint speaking JSON over HTTP.

    ``PUT <vendor_url>/communes/<commune>/scripts/<script id>`` with the entry as
    body creates or replaces; ``DELETE`` the same URL removes (404 is fine). Each
    request carries the Idempotency-Key and, with a secret, the HMAC signature
    headers of channels/signing.py. Transport, signing and the mapping of HTTP
    failures to retry / re-authorise / fail are the webhook channel's.
    """

    name = "http-json"
    display_name = gettext_lazy("Generic HTTP JSON endpoint")

    def config_problems(self):
        url = str(self.config.get("vendor_url", ""))
        if not url.startswith(("http://", "https://")):
            return ["vendor_url must start with http:// or https://"]
        return []

    def _client(self):
        return WebhookTransmitter(config={"url": self.config["vendor_url"], "timeout": self.config.get("timeout")},
                                  secret=self.secret)

    def _url(self, commune, script_id):
        return (f"{self.config['vendor_url'].rstrip('/')}/communes/{quote(commune, safe='')}"
                f"/scripts/{quote(script_id, safe='')}")

    def push(self, entry, *, commune, key):
        url = self._url(commune, entry["id"])
        response = self._client()._request("PUT", url, key=key, payload=entry)
        if response.status_code >= 400:
            raise PermanentError(f"PUT {url}: HTTP {response.status_code}: {response.text[:200]}",
                                 user_message=f"The loudspeaker vendor refused the script (HTTP "
                                              f"{response.status_code}).")

    def remove(self, *, script_id, commune, key):
        url = self._url(commune, script_id)
        response = self._client()._request("DELETE", url, key=key)
        if response.status_code >= 400 and response.status_code not in (404, 410):
            raise PermanentError(f"DELETE {url}: HTTP {response.status_code}")


def get_vendors() -> VendorRegistry:
    from django.apps import apps

    return apps.get_app_config("loudspeaker").vendors
