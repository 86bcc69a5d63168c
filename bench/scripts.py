"""Loudspeaker scripts: one broadcast script published to 3,000 communes in 3 languages.

Vietnamese plus two ethnic-language variants (Mông, Khmer), each approved and sent
through the real pipeline (outbox rows written with the approval, the dispatcher's
drain, the loudspeaker transmitter attaching each commune's copy, the shared
render of TXT, DOCX, PDF and MP3). Figures, each against a baseline measured in
the same run:
- renders: how many times the exports were rendered, against the naive count
  (one render per commune and language);
- seconds from the first approval to the last commune's script attached, against
  a naive run that renders per commune in this same process (a sample of
  communes timed, scaled to all of them, as rendering 9,000 MP3s would take hours);
- the same publish against the 10 s goal;
- the same publish against the pipeline's floor: another script sent to the same
  9,000 destinations switched to the "log" channel (one row written per delivery,
  nothing rendered), so the loudspeaker channel's own cost shows apart from the
  outbox's.

BENCH_COMMUNES (3000), BENCH_NAIVE_SAMPLE (5 renders per language), BENCH_WORKERS
(0: drain in this process; N: N Celery worker processes).
"""

import os
import sys
import time

N_COMMUNES = int(os.environ.get("BENCH_COMMUNES", "3000"))
NAIVE_SAMPLE = int(os.environ.get("BENCH_NAIVE_SAMPLE", "5"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "0"))
LANGUAGES = ("vi", "hmn-latn", "km-khmr")
GOAL_SECONDS = 10.0
SCRIPT = ("<p>Kính thưa bà con! Từ ngày 1/7/2026, mức đóng BHYT hộ gia đình là 4,5% mức lương cơ sở.</p>"
          "<p>Người thứ hai đóng bằng 70% người thứ nhất; từ người thứ năm đóng 40%.</p>"
          "<p>Bà con có thể đóng tại UBND xã, đại lý thu hoặc qua ứng dụng VssID. "
          "Mọi thắc mắc xin gọi 1900 9068.</p>")
VARIANTS = {
    "hmn-latn": ("Tsab ntawv xov xwm: BHYT tsev neeg (Mông, demo)",
                 "<p>Nyob zoo kwv tij neeg zej zog! Txij hnub 1/7/2026, nyiaj them BHYT tsev neeg hloov.</p>"
                 "<p>Nug ntxiv hu 1900 9068. (Văn bản demo, do người dịch của tỉnh viết.)</p>"),
    "km-khmr": ("ធានារ៉ាប់រងសុខភាពគ្រួសារ (Khmer, demo)",
                "<p>ជម្រាបសួរបងប្អូន! ចាប់ពីថ្ងៃទី 1/7/2026 ការបង់ធានារ៉ាប់រងសុខភាពគ្រួសារផ្លាស់ប្តូរ។</p>"
                "<p>សូមទូរស័ព្ទ 1900 9068 ។ (Văn bản demo.)</p>"),
}


def _progress(label, done, total):
    sys.stdout.write(f"\r      {label}: {done}/{total}")
    if done == total:
        sys.stdout.write("\n")
    sys.stdout.flush()


def _setup():
    from channels.loudspeaker.services import loudspeaker_destinations_ensure
    from cms.models import OrgUnit
    from cms.services.languages import languages_load
    from cms.services.org_units import org_units_load, org_units_read
    from cms.services.staff import staff_create
    from cms.services.taxonomy import taxonomy_load

    languages_load()
    taxonomy_load()
    org_units_load(data=org_units_read(), only={"15"})
    province = OrgUnit.objects.get(code="15")
    staff_create(username="bench_editor", unit=province, role="editor", password="bench-pass-1")
    staff_create(username="bench_approver", unit=province, role="approver", password="bench-pass-1")
    existing = OrgUnit.objects.communes().filter(parent=province).count()
    batch = 500
    for start in range(0, N_COMMUNES - existing, batch):
        OrgUnit.objects.bulk_create([
            OrgUnit(code=f"15-bench-{n:04d}", kind=OrgUnit.Kind.COMMUNE, admin_type=OrgUnit.AdminType.COMMUNE,
                    name=f"Bench {n:04d}", slug=f"15-bench-{n:04d}", parent=province, has_radio_station=True)
            for n in range(start, min(start + batch, N_COMMUNES - existing))])
        _progress("communes", min(start + batch, N_COMMUNES - existing) + existing, N_COMMUNES)
    communes = list(OrgUnit.objects.communes().filter(parent=province))
    for start in range(0, len(communes), batch):
        loudspeaker_destinations_ensure(communes=communes[start:start + batch])
        _progress("loudspeaker destinations", min(start + batch, len(communes)), len(communes))
    return province, communes


def _drafts(province, title="Kịch bản: mức đóng BHYT hộ gia đình từ 1/7/2026"):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cms.models import BroadcastScriptPage
    from cms.services.content import content_create
    from cms.services.variants import variant_create

    editor = get_user_model().objects.get(username="bench_editor")
    page = BroadcastScriptPage(title=title, script=SCRIPT,
                               target_duration_seconds=120, broadcast_from=timezone.localdate(),
                               broadcast_until=timezone.localdate() + timezone.timedelta(days=6))
    content_create(section=province.section_page.specific, page=page, user=editor)
    pages = [BroadcastScriptPage.objects.get(pk=page.pk)]
    for code in LANGUAGES[1:]:
        variant = variant_create(source=pages[0], locale_code=code, user=editor)
        variant.title, variant.script = VARIANTS[code]
        variant.save_revision(user=editor)
        pages.append(BroadcastScriptPage.objects.get(pk=variant.pk))
    return pages


def _approve(page):
    from django.contrib.auth import get_user_model

    from cms.services.content import content_approve, content_submit

    User = get_user_model()  # fresh users per approval, as each request would have
    content_submit(page=page, user=User.objects.get(username="bench_editor"))
    content_approve(page=page, user=User.objects.get(username="bench_approver"))


def _drain(expected, page_ids):
    from publishing.models import Delivery
    from publishing.services.dispatcher import drain_due

    sent = 0
    while sent < expected:
        worked = drain_due(budget_seconds=1.0, batch=100) if not WORKERS else 0
        sent = Delivery.objects.filter(page_id__in=page_ids, status=Delivery.Status.SENT).count()
        _progress("deliveries sent", sent, expected)
        if not WORKERS and not worked and sent < expected:
            failed = Delivery.objects.filter(page_id__in=page_ids).exclude(status=Delivery.Status.SENT).first()
            raise RuntimeError(f"delivery stuck: {failed.status} {failed.last_error}")
        if WORKERS:
            time.sleep(0.2)


def _naive(sources):
    """Render per commune, as a system without the shared render would: a sample, timed."""
    from channels.loudspeaker.exports import FORMATS, ExportUnavailable, export
    from channels.loudspeaker.speech import read_aloud

    start = time.perf_counter()
    for source in sources:
        for _ in range(NAIVE_SAMPLE):
            script = read_aloud(title=source["title"], html=source["html"], language=source["language"],
                                target_seconds=source["target_seconds"])
            for fmt in FORMATS:
                try:
                    export(script, fmt)
                except ExportUnavailable:
                    pass
    return (time.perf_counter() - start) / (NAIVE_SAMPLE * len(sources))


def _publish(pages, expected, label):
    from tests.doubles.worker import Worker

    worker = None
    if WORKERS:
        from bench.fanout import _worker_env

        worker = Worker(env=_worker_env(), concurrency=WORKERS).start()
    try:
        print(f"      {label}: 1 script in {len(pages)} languages, {expected} deliveries "
              f"({'in-process drain' if not WORKERS else f'{WORKERS} worker processes'})", flush=True)
        start = time.perf_counter()
        for page in pages:
            _approve(page)
        approved = time.perf_counter() - start
        _drain(expected, [page.pk for page in pages])
        return time.perf_counter() - start, approved
    finally:
        if worker:
            worker.stop()


def run(report):
    from channels.loudspeaker.models import CommuneScript, ScriptRender
    from publishing.models import Destination

    province, communes = _setup()
    pages = _drafts(province)
    expected = len(communes) * len(pages)
    elapsed, approved = _publish(pages, expected, f"to {len(communes)} commune loudspeakers")
    attached = CommuneScript.objects.live().count()
    renders = sum(ScriptRender.objects.values_list("attempts", flat=True))
    assert attached == expected, (attached, expected)
    per_render = _naive([render.source for render in ScriptRender.objects.all()])
    naive_seconds = per_render * expected
    report(f"renders for {len(communes)} communes x {len(pages)} languages (vs one per commune)", renders, expected,
           "", f"(renders grow with languages: {renders} = {len(pages)} languages)")
    report(f"publish {expected} commune scripts: seconds (vs naive per-commune renders)", elapsed, naive_seconds,
           "s", f"(approvals + outbox {approved:.1f}s; naive {per_render * 1000:.0f} ms/render x {expected}, "
                f"sampled {NAIVE_SAMPLE}/language)")
    report(f"publish {expected} commune scripts: seconds (vs the {GOAL_SECONDS:.0f} s goal)", elapsed, GOAL_SECONDS,
           "s", "goal met" if elapsed < GOAL_SECONDS else "goal NOT met")
    Destination.objects.filter(channel="loudspeaker").update(channel="log", config={"label": "bench"})
    floor, floor_approved = _publish(_drafts(province, title="Kịch bản thứ hai, tới kênh nhật ký"), expected,
                                     "the same destinations on the log channel")
    report(f"publish {expected} commune scripts: seconds (vs {expected} log-channel deliveries)", elapsed, floor,
           "s", f"(log channel: approvals + outbox {floor_approved:.1f}s, {expected / floor:.0f} deliveries/s; "
                f"loudspeakers {expected / elapsed:.0f}/s)")
