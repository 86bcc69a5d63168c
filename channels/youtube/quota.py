"""The YouTube Data API's daily quota: what each call costs, what is left, and when it resets.

Costs are Google's published table (developers.google.com/youtube/v3/determine_quota_cost):
every call costs at least one unit; videos.insert has a bucket of its own (100
uploads a day by default), the other calls share 10,000 units a day. Quotas reset
at midnight Pacific time, so the day is counted in America/Los_Angeles.

Work that would go over the budget is not sent: it waits, with the time it may
resume, until the reset. A clock can be set for tests and the demo through the
YOUTUBE_NOW setting (an ISO time); the stand-in has the same control.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from channels.exceptions import RetryableError
from channels.youtube.models import QuotaDay

PACIFIC = ZoneInfo("America/Los_Angeles")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_UNITS = 10_000
DEFAULT_UPLOADS = 100
COSTS = {
    "videos.insert": 0, "videos.list": 1, "videos.update": 50, "videos.delete": 50,
    "captions.list": 50, "captions.insert": 400, "captions.update": 450, "captions.delete": 50,
    "thumbnails.set": 50, "channels.list": 1, "playlistItems.list": 1, "search.list": 100,
}
UPLOAD_BUCKET = {"videos.insert": 1}


def now():
    configured = getattr(settings, "YOUTUBE_NOW", None)
    if configured:
        moment = parse_datetime(configured) if isinstance(configured, str) else configured
        if moment is not None:
            return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)
    return timezone.now()


def quota_day(moment=None):
    return (moment or now()).astimezone(PACIFIC).date()


def next_reset(moment=None):
    """The next midnight in Pacific time (DST included), as an aware UTC time."""
    moment = moment or now()
    tomorrow = moment.astimezone(PACIFIC).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(0), tzinfo=PACIFIC).astimezone(datetime.UTC)


class QuotaWait(RetryableError):
    """Today's quota is spent: everything for the destination waits until the reset; never a failure."""


def _wait(reason, moment):
    reset = next_reset(moment)
    seconds = max((reset - moment).total_seconds(), 1.0) + 60  # a minute past midnight, after Google's reset
    local = reset.astimezone(VIETNAM)
    return QuotaWait(f"YouTube quota: {reason}; resuming after {reset.isoformat()}", retry_after=seconds,
                     counts_as_attempt=False,
                     user_message=_("YouTube: today's quota is used up (%(reason)s); resuming at %(time)s.")
                     % {"reason": reason, "time": local.strftime("%H:%M %d/%m/%Y")})


class Ledger:
    """One project's spending today, against one destination's budget."""

    def __init__(self, *, project, units=DEFAULT_UNITS, uploads=DEFAULT_UPLOADS):
        self.project, self.units, self.uploads = project or "default", int(units), int(uploads)

    def _today(self):
        row, _ = QuotaDay.objects.get_or_create(project=self.project, day=quota_day())
        return row

    def require(self, calls):
        """Raise QuotaWait unless all of ``calls`` (method names) fit in what is left today."""
        moment = now()
        row = self._today()
        units = sum(COSTS[call] for call in calls)
        uploads = sum(UPLOAD_BUCKET.get(call, 0) for call in calls)
        if row.exhausted:
            raise _wait("Google answered quotaExceeded", moment)
        if units and row.units + units > self.units:
            raise _wait(f"{row.units} of {self.units} units spent, {units} needed", moment)
        if uploads and row.uploads + uploads > self.uploads:
            raise _wait(f"{row.uploads} of {self.uploads} uploads made", moment)

    def spend(self, call):
        """Count one call (before it is made: Google counts failed calls too)."""
        self.require([call])
        row = self._today()
        with transaction.atomic():
            QuotaDay.objects.filter(pk=row.pk).update(units=F("units") + COSTS[call],
                                                      uploads=F("uploads") + UPLOAD_BUCKET.get(call, 0))

    def exhausted(self):
        """Google said quotaExceeded: nothing more today, whatever our count says."""
        QuotaDay.objects.filter(pk=self._today().pk).update(exhausted=True)
        return _wait("Google answered quotaExceeded", now())

    def left(self):
        row = self._today()
        return max(self.units - row.units, 0), max(self.uploads - row.uploads, 0)

    def wait(self, reason):
        return _wait(reason, now())
