"""Channel secrets encrypted at rest (Destination.secret, the Zalo OA tokens).

Fernet (AES-128-CBC + HMAC-SHA256, from the maintained `cryptography` package)
with MultiFernet so keys can be rotated: CHANNEL_SECRET_KEYS lists keys, newest
first. A field class is written here because the Django packages that did this
(django-fernet-fields, django-cryptography) are no longer maintained.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


def _fernet():
    keys = list(getattr(settings, "CHANNEL_SECRET_KEYS", []) or [])
    if not keys:
        # Derived from SECRET_KEY so a laptop needs no extra setting; production sets its own.
        keys = [base64.urlsafe_b64encode(hashlib.sha256(("channel-secrets:" + settings.SECRET_KEY).encode()).digest())]
    return MultiFernet([Fernet(key) for key in keys])


class EncryptedTextField(models.TextField):
    """Stores ``Fernet(value)``; reads decrypt. The empty string stays empty."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return ""
        return _fernet().encrypt(value.encode()).decode()

    def from_db_value(self, value, expression, connection):
        if not value:
            return ""
        try:
            return _fernet().decrypt(value.encode()).decode()
        except InvalidToken:
            # A key that was rotated out: the secret must be entered again.
            return ""
