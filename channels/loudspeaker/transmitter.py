"""Attaching a script to one commune's loudspeakers: its shared exports plus the commune's schedule.

The payload is the same for every commune; the destination's config says which
commune and its schedule habits. ``publish`` and ``update`` write the same row
(one per commune and item language, replaced in place), ``withdraw`` marks it
withdrawn. With a ``vendor`` in the config, the vendor's system is told too.
The external id is ``<commune code>|<item uri>``: stable across versions.
"""

from django.db.models import Q
from django.utils import timezone

from channels.base import Sent, Transmitter
from channels.exceptions import PermanentError, RetryableError
from channels.loudspeaker.models import CommuneScript, ScriptRender
from channels.loudspeaker.renders import RenderFailed, render_ensure, source_of
from channels.loudspeaker.schedule import ScheduleError, schedule_from

UPSERT_FIELDS = ["page", "locale", "render", "title", "starts_on", "ends_on", "slots", "repeats", "gap_minutes",
                 "session_cap_seconds", "key", "updated_at", "withdrawn_at"]
VENDOR_WAIT_SECONDS = 10


class LoudspeakerTransmitter(Transmitter):
    _communes = {}  # code -> pk, per process: communes are not renumbered

    def _commune_id(self):
        from cms.models import OrgUnit

        code = str(self.config.get("commune", ""))
        if code not in self._communes:
            pk = OrgUnit.objects.filter(code=code, kind=OrgUnit.Kind.COMMUNE).values_list("pk", flat=True).first()
            if pk is None:
                raise PermanentError(f"no commune with code {code!r}",
                                     user_message=f"Không có xã/phường mã {code!r}: kiểm tra cấu hình điểm nhận.")
            self._communes[code] = pk
        return self._communes[code]

    def _external_id(self, uri):
        return f"{self.config['commune']}|{uri}"

    def _attach(self, payload, key):
        commune_id = self._commune_id()
        try:
            schedule = schedule_from(self.config, payload)
        except ScheduleError as exc:
            raise PermanentError(f"schedule: {exc}") from exc
        try:
            render = render_ensure(source=source_of(payload))
        except RenderFailed as exc:
            raise RetryableError(str(exc), whole_destination=False) from exc
        row = CommuneScript(
            commune_id=commune_id, page_id=payload["id"], locale_id=payload["locale_id"], uri=payload["uri"],
            render=render, title=payload["title"][:255], starts_on=schedule.starts_on, ends_on=schedule.ends_on,
            slots=list(schedule.slots), repeats=schedule.repeats, gap_minutes=schedule.gap_minutes,
            session_cap_seconds=schedule.session_cap_seconds, key=key, withdrawn_at=None)
        # One statement whether the commune had this item or not (INSERT ... ON CONFLICT DO UPDATE).
        CommuneScript.objects.bulk_create([row], update_conflicts=True, unique_fields=["commune", "uri"],
                                          update_fields=UPSERT_FIELDS)
        if self.config.get("vendor"):
            self._push(commune_id, payload["uri"], render, key)
        return Sent(self._external_id(payload["uri"]), "")

    def _vendor(self):
        from channels.loudspeaker.vendors import get_vendors

        try:
            adapter_class = get_vendors().get(self.config["vendor"])
        except KeyError as exc:
            raise PermanentError(str(exc)) from exc
        return adapter_class(config=self.config, secret=self.secret)

    def _push(self, commune_id, uri, render, key):
        from channels.loudspeaker.selectors import script_entry

        if render.status != ScriptRender.Status.READY:
            # Another worker is rendering the shared files; the vendor needs their links.
            raise RetryableError(f"exports of {uri} are still rendering", retry_after=VENDOR_WAIT_SECONDS,
                                 whole_destination=False)
        script = CommuneScript.objects.select_related("render").get(commune_id=commune_id, uri=uri)
        self._vendor().push(script_entry(script), commune=self.config["commune"], key=key)

    def publish(self, payload, *, key):
        return self._attach(payload, key)

    def update(self, payload, *, external_id, key):
        if external_id != self._external_id(payload["uri"]):
            raise PermanentError(f"external id {external_id!r} is not this commune's copy of {payload['uri']}")
        return self._attach(payload, key)

    def withdraw(self, *, external_id, key):
        code, _, uri = external_id.partition("|")
        if code != str(self.config.get("commune")) or not uri:
            raise PermanentError(f"external id {external_id!r} is not this commune's")
        CommuneScript.objects.filter(commune_id=self._commune_id(), uri=uri, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now())
        if self.config.get("vendor"):
            self._vendor().remove(script_id=uri, commune=code, key=key)

    def reconcile(self, *, key):
        script = CommuneScript.objects.filter(Q(withdrawn_at__isnull=True), commune_id=self._commune_id(),
                                              key=key).first()
        return Sent(self._external_id(script.uri), "") if script else None

    def check(self):
        self._commune_id()
        return f"commune {self.config['commune']}" + (f", vendor {self.config['vendor']}"
                                                       if self.config.get("vendor") else "")
