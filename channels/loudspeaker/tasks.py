"""Celery entry points: they take ids, reload, and are safe to run twice."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def build_weekly_bundle(commune_id, year, week):
    """Build one commune's bundle for an ISO week (overwrites the earlier one: safe twice)."""
    from channels.loudspeaker.bundles import weekly_bundle_store
    from cms.models import OrgUnit

    commune = OrgUnit.objects.filter(pk=commune_id, kind=OrgUnit.Kind.COMMUNE).first()
    if commune is None:
        return None
    name, count = weekly_bundle_store(commune=commune, year=year, week=week)
    logger.info("weekly bundle commune=%s week=%s-W%s scripts=%s", commune_id, year, week, count)
    return name


@shared_task(ignore_result=True, expires=50)
def recover_renders():
    """Renders left pending by a dead worker, or failed, made again (beat, every minute)."""
    from channels.loudspeaker.renders import renders_recover

    done = renders_recover()
    if done:
        logger.info("renders recovered count=%s", done)
    return done
