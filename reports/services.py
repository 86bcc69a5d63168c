"""Writes of the reports app: the hand-entered figures."""

import logging
import unicodedata

from django.db import transaction

from reports.models import ManualFigures

logger = logging.getLogger(__name__)


def manual_figures_save(*, unit, period, values, notes="", user=None):
    """Create or replace the hand-entered figures of ``unit`` for exactly ``period``."""
    with transaction.atomic():
        figures, created = ManualFigures.objects.select_for_update().get_or_create(
            org_unit=unit, first_day=period.first, last_day=period.last)
        figures.values = values
        figures.notes = unicodedata.normalize("NFC", notes or "")
        figures.updated_by = user
        figures.save()
    logger.info("report figures saved unit=%s first=%s last=%s created=%s user=%s", unit.pk, period.first,
                period.last, created, getattr(user, "pk", None))
    return figures
