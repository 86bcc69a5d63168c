"""Signed, expiring links to an item's latest draft, for a headless front end's preview.

The token names the page and the person who asked for it; it is signed with
SECRET_KEY (django.core.signing) and carries its time, so it stops working after
VSS_PREVIEW_TOKEN_SECONDS, and it works only while that person may still edit the page.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from wagtail.models import Page

from cms.api.errors import PreviewTokenInvalid
from cms.models import ContentPage

logger = logging.getLogger(__name__)
SALT = "cms.api.preview"


def preview_token_create(*, page, user):
    """A preview token for ``page``; PermissionError when ``user`` may not edit it."""
    page = page.specific
    if not isinstance(page, ContentPage) or not page.permissions_for_user(user).can_edit():
        raise PermissionError(f"user {user.pk} may not preview page {page.pk}")
    token = signing.dumps({"p": page.pk, "u": user.pk}, salt=SALT)
    expires = timezone.now() + datetime.timedelta(seconds=settings.VSS_PREVIEW_TOKEN_SECONDS)
    logger.info("preview token issued page=%s user=%s", page.pk, user.pk)
    return token, expires


def preview_token_page(token):
    """The latest revision of the page the token names, as a page object; PreviewTokenInvalid otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.VSS_PREVIEW_TOKEN_SECONDS)
    except signing.SignatureExpired:
        raise PreviewTokenInvalid("The preview token has expired; ask for a new one.") from None
    except signing.BadSignature:
        raise PreviewTokenInvalid("The preview token is not valid.") from None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("u"), int):
        raise PreviewTokenInvalid("The preview token is not valid.")
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    page = Page.objects.filter(pk=data["p"]).first()
    if user is None or page is None:
        raise PreviewTokenInvalid("The preview token is no longer valid.")
    page = page.specific
    if not isinstance(page, ContentPage) or not page.permissions_for_user(user).can_edit():
        raise PreviewTokenInvalid("The preview token is no longer valid.")
    return page.get_latest_revision_as_object()
