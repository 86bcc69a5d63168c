"""Celery beat's scheduler, plus a heartbeat row so the health check knows beat is alive."""

import time

from celery.beat import PersistentScheduler


class HeartbeatScheduler(PersistentScheduler):
    heartbeat_every = 10.0
    _last_beat = 0.0

    def tick(self, *args, **kwargs):
        now = time.monotonic()
        if now - self._last_beat >= self.heartbeat_every:
            self._last_beat = now
            try:
                from django.db import close_old_connections
                from django.utils import timezone

                from publishing.models import Heartbeat

                close_old_connections()
                Heartbeat.objects.update_or_create(name="beat", defaults={"seen_at": timezone.now()})
            except Exception:  # a database hiccup must not stop the schedule
                pass
        return min(super().tick(*args, **kwargs), self.heartbeat_every)
