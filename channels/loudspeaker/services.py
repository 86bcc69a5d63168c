"""Writes of the loudspeaker app: confirmations, device tokens, commune destinations."""

import datetime
import hashlib
import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from channels.destinations import port
from channels.loudspeaker.models import Broadcast, CommuneScript, DeviceToken

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "vssloa_"
MAX_TIMES = 50
USE_NOTED_EVERY = datetime.timedelta(minutes=10)


def broadcast_confirm(*, operator, script: CommuneScript, broadcast_at, times: int, note: str = "") -> Broadcast:
    """An operator's word that ``script`` went out ``times`` times at ``broadcast_at``.

    The operator must be the radio operator of the script's commune: anyone else
    is refused and nothing is written.
    """
    profile = getattr(operator, "staff_profile", None)
    if profile is None or profile.role != "radio_operator" or profile.org_unit_id != script.commune_id:
        raise PermissionDenied("not this commune's radio operator")
    if script.withdrawn_at is not None:
        raise ValidationError("the script was withdrawn")
    if not 1 <= int(times) <= MAX_TIMES:
        raise ValidationError(f"times must be between 1 and {MAX_TIMES}")
    if broadcast_at > timezone.now() + timezone.timedelta(minutes=5):
        raise ValidationError("a broadcast cannot be confirmed before it happens")
    fields = dict(commune_id=script.commune_id, page_id=script.page_id, locale_id=script.locale_id,
                  broadcast_at=broadcast_at, times=int(times), operator=operator)
    with transaction.atomic():
        # A second tap on a slow phone sends the same form again: it is one broadcast, not two.
        # Locking the commune's script row makes two such requests take turns.
        CommuneScript.objects.select_for_update().filter(pk=script.pk).exists()
        broadcast, created = Broadcast.objects.get_or_create(**fields, defaults={"note": note.strip()})
    if not created:
        return broadcast
    logger.info("broadcast confirmed broadcast=%s commune=%s page=%s times=%s", broadcast.pk, script.commune_id,
                script.page_id, times)
    return broadcast


def token_hash(token: str) -> str:
    # Tokens are 32 random bytes: a plain SHA-256 is enough (no password stretching needed).
    return hashlib.sha256(token.encode()).hexdigest()


def device_token_create(*, commune, name: str) -> tuple[DeviceToken, str]:
    """A new device and its token. The token is returned once and stored only as a hash."""
    if commune.kind != "commune":
        raise ValidationError("a loudspeaker device belongs to a commune")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    device = DeviceToken.objects.create(commune=commune, name=name.strip()[:120] or "Loa",
                                        token_hash=token_hash(token), prefix=token[:12])
    logger.info("device token created device=%s commune=%s", device.pk, commune.code)
    return device, token


def device_token_revoke(*, device: DeviceToken) -> None:
    DeviceToken.objects.filter(pk=device.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    logger.info("device token revoked device=%s", device.pk)


def device_for_token(token: str) -> DeviceToken | None:
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    device = DeviceToken.objects.active().select_related("commune").filter(token_hash=token_hash(token)).first()
    now = timezone.now()
    # Boxes poll every few minutes: note the use at most every ten, not a write per poll.
    if device is not None and (device.last_used_at is None or now - device.last_used_at > USE_NOTED_EVERY):
        DeviceToken.objects.filter(pk=device.pk).update(last_used_at=now)
    return device


def loudspeaker_destinations_ensure(*, communes, config=None, name_format="Loa {name}", batch_size=500):
    """A loudspeaker destination for each commune that has none, on its province's default route.

    Bulk: 3,000 communes take a few queries, not 3,000 ``destination_create`` calls.
    The commune code goes into each destination's config, because the transmitter
    sees only the config (channels never read publishing's models). Returns how
    many were created.
    """
    return port().ensure_for_units(
        channel="loudspeaker", box="loudspeaker", units=communes, batch_size=batch_size,
        config_for=lambda commune: {**(config or {}), "commune": commune.code},
        name_for=lambda commune: name_format.format(name=commune.full_name, code=commune.code))
