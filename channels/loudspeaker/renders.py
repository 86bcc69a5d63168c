"""Rendering a script's exports once per (content, language), shared by every commune.

The transmitter of each commune's delivery calls ``render_ensure``: the first to
arrive creates the ``ScriptRender`` row (a unique content hash), claims it with a
conditional UPDATE and a lease, renders TXT, DOCX, PDF and MP3 and stores them
in the private media storage; the others find the row and only link to it. Two
workers meeting the same new script at once: one insert wins (IntegrityError for
the other), one claim wins (the UPDATE matches once). A worker that dies while
rendering leaves a lease that runs out; the next delivery to meet the row claims
it again.
"""

import datetime
import hashlib
import json
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from channels.loudspeaker.models import ScriptRender
from cms.text import vi_slugify

logger = logging.getLogger(__name__)

# Bump when the exports change (normalisation rules, fonts, voice): every script renders anew.
RENDER_VERSION = 3  # 2: document numbers, ranges, units, identifiers as data; ICU line breaks; DOCX runs by script
# 3: PDF lines in shaped scripts carry /ActualText (PDFium reads them as written); fixed PDF creation date
LEASE_SECONDS = 300
MAX_ATTEMPTS = 3
Status = ScriptRender.Status


class RenderFailed(Exception):
    pass


def source_of(payload):
    """What the exports are made from, and nothing else: the hash is taken over exactly this."""
    source = {"title": payload["title"], "html": payload["html"], "language": payload["language"],
              "target_seconds": payload.get("target_seconds")}
    if payload.get("spoken_overrides"):  # only when there are some: the hash of other scripts stays as it was
        source["overrides"] = payload["spoken_overrides"]
    return source


def content_hash(source):
    data = json.dumps({"version": RENDER_VERSION, **source}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def render_ensure(*, source):
    """The shared render of ``source``; rendered now if nobody has (or is), else returned as it is.

    Returns the row; its status says whether the files are there yet. Raises
    RenderFailed when this call rendered and it failed (the caller retries later).
    """
    digest = content_hash(source)
    # Slim: for the 2,999 communes after the first only the id and status are needed.
    render = ScriptRender.objects.filter(content_hash=digest).only("pk", "status", "content_hash").first()
    if render is None:
        try:
            with transaction.atomic():
                render = ScriptRender.objects.create(content_hash=digest, language=source["language"],
                                                     title=source["title"][:255], source=source)
        except IntegrityError:  # another worker inserted it a moment ago
            render = ScriptRender.objects.get(content_hash=digest)
    if render.status != Status.READY and _claim(render):
        render.refresh_from_db()
        _render(render)
    return render


def _claimable(now):
    # A render that keeps failing is tried MAX_ATTEMPTS times in all, not once per commune.
    return (Q(status=Status.PENDING) | Q(status=Status.FAILED, attempts__lt=MAX_ATTEMPTS)
            | Q(status=Status.RENDERING, claimed_until__lt=now))


def renders_recover():
    """Render what nobody is rendering any more: a worker died mid-render, or it failed and may
    work now. Run by beat, because the deliveries that met the render may all have been sent
    (attached to it) already. Returns how many were rendered."""
    now = timezone.now()
    stale = (ScriptRender.objects.filter(_claimable(now), commune_scripts__withdrawn_at__isnull=True)
             .distinct().only("pk", "status", "content_hash", "source"))
    done = 0
    for render in stale:
        try:
            render_ensure(source=render.source)
            done += 1
        except RenderFailed:
            pass  # recorded on the row; tried again at the next pass while attempts remain
    return done


def _claim(render):
    now = timezone.now()
    claimed = ScriptRender.objects.filter(_claimable(now), pk=render.pk).update(status=Status.RENDERING, claimed_until=now + datetime.timedelta(seconds=LEASE_SECONDS),
             attempts=F("attempts") + 1)
    return claimed == 1


def _render(render):
    from channels.loudspeaker.exports import EXTENSIONS, FORMATS, ExportUnavailable, export
    from channels.loudspeaker.speech import read_aloud

    source = render.source
    try:
        script = read_aloud(title=source["title"], html=source["html"], language=source["language"],
                            target_seconds=source.get("target_seconds"), overrides=source.get("overrides"))
        files, unavailable = {}, {}
        stem = vi_slugify(source["title"], max_length=60) or "kich-ban"
        for fmt in FORMATS:
            try:
                data = export(script, fmt)
            except ExportUnavailable as exc:
                unavailable[fmt] = str(exc)
                continue
            name = f"loudspeaker/{render.content_hash[:2]}/{render.content_hash}/{stem}.{EXTENSIONS[fmt]}"
            files[fmt] = default_storage.save(name, ContentFile(data))
    except Exception as exc:  # the export libraries raise many kinds; the row records which
        ScriptRender.objects.filter(pk=render.pk).update(status=Status.FAILED, claimed_until=None,
                                                         error=f"{type(exc).__name__}: {exc}"[:2000])
        logger.exception("render failed render=%s language=%s", render.pk, source.get("language"))
        raise RenderFailed(f"rendering script {render.content_hash[:12]} failed: {type(exc).__name__}") from exc
    values = dict(status=Status.READY, claimed_until=None, error="", files=files, unavailable=unavailable,
                  seconds=script.seconds, syllables=script.syllables, warnings=list(script.warnings),
                  rendered_at=timezone.now())
    ScriptRender.objects.filter(pk=render.pk).update(**values)
    for key, value in values.items():
        setattr(render, key, value)
    logger.info("rendered render=%s language=%s formats=%s", render.pk, source["language"], ",".join(files))
