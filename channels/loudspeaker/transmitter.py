"""Attaching a script to one commune's loudspeakers: its shared exports plus the commune's schedule.

The payload is the same for every commune; the destination's config says which
commune and its schedule habits. ``publish`` and ``update`` write the same row
(one per commune and item language, replaced in place), ``withdraw`` marks it
withdrawn. With a ``vendor`` in the config, the vendor's system is told too.
The external id is ``<commune code>|<item uri>``: stable across versions.
"""

from django.utils import timezone

from channels.base import Sent, Transmitter
from channels.exceptions import PermanentError, RetryableError
from channels.loudspeaker.models import CommuneScript, ScriptRender
from channels.loudspeaker.renders import LEASE_SECONDS, RenderFailed, content_hash, render_ensure, source_of
from channels.loudspeaker.schedule import ScheduleError, schedule_from
from channels.webhook.transmitter import WebhookTransmitter

VENDOR_WAIT_SECONDS = 10


def _upsert(row, *, commune_code, render_hash, only_ready):
    """Insert the commune's copy or replace the one it has, in one statement. False if nothing matched.

    ``INSERT ... SELECT <commune id>, <render id> ... ON CONFLICT DO UPDATE``: the
    commune and the shared render are found by code and content hash inside the
    statement, so the usual case (the render exists, another commune's delivery
    made it) costs one statement and no cached ids that could go stale. With
    ``only_ready`` nothing is written unless the render is ready; the caller then
    makes sure it exists and asks again. Written out because the ORM has no
    INSERT ... SELECT; the ORM's reads and ``bulk_create(update_conflicts=True)``
    took three times as long per commune when one script goes to 3,000
    (bench/scripts.py). Values go through each field's own conversion, so SQLite
    and PostgreSQL store the same.
    """
    from django.db import connection

    row.published_at = row.updated_at = timezone.now()
    values = [_prepare(name, getattr(row, _FIELDS[name].attname), connection) for name in _VALUE_FIELDS]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(connection, only_ready), [*values, commune_code, render_hash])
        return cursor.rowcount > 0


UPSERT_FIELDS = ["page", "locale", "title", "starts_on", "ends_on", "slots", "repeats", "gap_minutes",
                 "session_cap_seconds", "key", "updated_at", "withdrawn_at"]
_VALUE_FIELDS = ["uri", "published_at", *UPSERT_FIELDS]
_FIELDS = {name: CommuneScript._meta.get_field(name) for name in _VALUE_FIELDS}
# Only these need the field's conversion (dates, times, JSON); ids, text and numbers go as they are.
_CONVERTED = {"published_at", "starts_on", "ends_on", "slots", "updated_at", "withdrawn_at"}
_SQL = {}


def _prepare(name, value, connection):
    return _FIELDS[name].get_db_prep_save(value, connection) if name in _CONVERTED else value


def _upsert_sql(connection, only_ready):
    key = (connection.vendor, only_ready)
    if key not in _SQL:
        from cms.models import OrgUnit

        q = connection.ops.quote_name
        meta = CommuneScript._meta
        columns = ["commune_id", "render_id", *(meta.get_field(name).column for name in _VALUE_FIELDS)]
        updates = ["render_id", *(meta.get_field(name).column for name in UPSERT_FIELDS)]
        ready = f" AND r.{q('status')} = '{ScriptRender.Status.READY}'" if only_ready else ""
        _SQL[key] = (
            f"INSERT INTO {q(meta.db_table)} ({', '.join(map(q, columns))}) "
            f"SELECT o.{q('id')}, r.{q('id')}, {', '.join(['%s'] * len(_VALUE_FIELDS))} "
            f"FROM {q(OrgUnit._meta.db_table)} o, {q(ScriptRender._meta.db_table)} r "
            f"WHERE o.{q('code')} = %s AND o.{q('kind')} = '{OrgUnit.Kind.COMMUNE}' AND r.{q('content_hash')} = %s"
            f"{ready} ON CONFLICT ({q('commune_id')}, {q('uri')}) DO UPDATE SET "
            + ", ".join(f"{q(column)} = EXCLUDED.{q(column)}" for column in updates))
    return _SQL[key]


class LoudspeakerTransmitter(Transmitter):
    def _code(self):
        return str(self.config.get("commune", ""))

    def _no_commune(self):
        code = self._code()
        return PermanentError(f"no commune with code {code!r}",
                              user_message=f"Không có xã/phường mã {code!r}: kiểm tra cấu hình điểm nhận.")

    def _commune_id(self):
        from cms.models import OrgUnit

        pk = OrgUnit.objects.filter(code=self._code(), kind=OrgUnit.Kind.COMMUNE).values_list("pk", flat=True).first()
        if pk is None:
            raise self._no_commune()
        return pk

    def _external_id(self, uri):
        return f"{self.config['commune']}|{uri}"

    def _attach(self, payload, key):
        try:
            schedule = schedule_from(self.config, payload)
        except ScheduleError as exc:
            raise PermanentError(f"schedule: {exc}") from exc
        source = source_of(payload)
        digest = content_hash(source)
        row = CommuneScript(
            page_id=payload["id"], locale_id=payload["locale_id"], uri=payload["uri"], title=payload["title"][:255],
            starts_on=schedule.starts_on, ends_on=schedule.ends_on, slots=list(schedule.slots),
            repeats=schedule.repeats, gap_minutes=schedule.gap_minutes,
            session_cap_seconds=schedule.session_cap_seconds, key=key, withdrawn_at=None)
        ready = _upsert(row, commune_code=self._code(), render_hash=digest, only_ready=True)
        if not ready:  # the first commune to get this text (or its render is under way): make sure it exists
            try:
                render = render_ensure(source=source)
            except RenderFailed as exc:
                raise RetryableError(str(exc), whole_destination=False) from exc
            if render.status == ScriptRender.Status.FAILED:  # tried MAX_ATTEMPTS times already
                raise PermanentError(f"the exports of {payload['uri']} could not be made",
                                     user_message="Không tạo được các tệp của kịch bản (xem lỗi ở bản dựng).")
            ready = render.status == ScriptRender.Status.READY
            if not _upsert(row, commune_code=self._code(), render_hash=digest, only_ready=False):
                raise self._no_commune()
        if self.config.get("vendor"):
            self._push(self._code(), payload["uri"], ready, key)
        return Sent(self._external_id(payload["uri"]), "")

    def _vendor(self):
        from channels.loudspeaker.vendors import get_vendors

        try:
            adapter_class = get_vendors().get(self.config["vendor"])
        except KeyError as exc:
            raise PermanentError(str(exc)) from exc
        return adapter_class(config=self.config, secret=self.secret)

    def _push(self, code, uri, ready, key):
        from channels.loudspeaker.selectors import script_entry

        if not ready:
            # Another worker is rendering the shared files; the vendor needs their links.
            raise RetryableError(f"exports of {uri} are still rendering", retry_after=VENDOR_WAIT_SECONDS,
                                 whole_destination=False)
        script = CommuneScript.objects.select_related("render").get(commune__code=code, uri=uri)
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
        CommuneScript.objects.filter(commune__code=code, uri=uri, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now())
        if self.config.get("vendor"):
            self._vendor().remove(script_id=uri, commune=code, key=key)

    def written(self, *, key):
        script = CommuneScript.objects.filter(withdrawn_at__isnull=True, commune__code=self._code(), key=key).first()
        return Sent(self._external_id(script.uri), "") if script else None

    def reconcile(self, *, key):
        # The commune's row is written before the vendor is told, so with a vendor the row
        # does not show that the push happened: send again (the vendor's PUT is idempotent).
        return None if self.config.get("vendor") else self.written(key=key)

    def call_seconds(self):
        # A publish may render the script's audio itself (bounded by the render's own lease),
        # then tell the vendor (bounded by the vendor client's timeout).
        vendor = (WebhookTransmitter(config={"timeout": self.config.get("timeout")}).call_seconds()
                  if self.config.get("vendor") else 0.0)
        return LEASE_SECONDS + vendor

    def check(self):
        self._commune_id()
        return f"commune {self.config['commune']}" + (f", vendor {self.config['vendor']}"
                                                       if self.config.get("vendor") else "")
