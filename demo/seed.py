"""`seed_demo`: languages, taxonomy, the demo provinces, staff logins and demo content.

Built on the same services the admin uses, so the demo goes through real approval:
live items were approved by their province's approver, the central ones by the
editor-in-chief and then the centre's leadership.
"""

import datetime
import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from channels.registry import get_registry
from cms.models import (
    AudienceGroup,
    BroadcastScriptPage,
    Campaign,
    ClipPage,
    InfographicPage,
    LeafletPage,
    NewsPage,
    OrgUnit,
    PolicyArea,
    Role,
)
from cms.services.content import content_approve, content_create, content_reject, content_submit
from cms.services.languages import languages_load
from cms.services.org_units import org_units_load, org_units_read
from cms.services.staff import staff_create
from cms.services.taxonomy import taxonomy_load
from cms.services.variants import variant_create
from demo import files
from demo.items import CLIP, DEMO_NOTE, INFOGRAPHIC, ITEMS, LEAFLET, NEWS, SCRIPT
from demo.standins import standin_urls
from publishing.models import Destination
from publishing.services.destinations import destination_create

CENTRAL_STAFF = [
    ("bientap.tw", Role.EDITOR, "Nguyễn Thu", "Hà"),
    ("tongbientap.tw", Role.CHIEF_EDITOR, "Trần Quốc", "Bảo"),
    ("lanhdao.tw", Role.LEADERSHIP, "Lê Minh", "Châu"),
]


def demo_email(username):
    """Each demo person has an address of their own, so data/mail shows who was told what."""
    return f"{username}@demo.bhxh.invalid"


def _p(text):
    return f"<p>{text}</p>"


def seed_demo(*, out=print):
    password = settings.VSS_DEMO_PASSWORD
    languages_load()
    taxonomy_load()
    data = org_units_read()
    summary = org_units_load(data=data, only=set(data["demo_provinces"]),
                             progress=lambda i, n, unit: out(f"  [{i}/{n}] {unit.full_name}"))
    out(f"organisation: {summary}")

    logins = _staff(data["demo_provinces"], password)
    out(f"destinations: {_destinations(data['demo_provinces'])} demo destinations (on the channels' stand-ins)")
    if NewsPage.objects.exists():
        out("demo content already present: left as it is")
    else:
        created = _content(out)
        out(f"demo content: {created} items and variants")
    return logins


def _staff(province_codes, password):
    """The demo logins. They share one password, so it is hashed once and stored for all:
    PBKDF2 takes about a second per hash on a small machine, and `make run` seeds at every start."""
    User = get_user_model()
    logins = []
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.invalid", None)
    logins.append(("admin", "Quản trị hệ thống (superuser)", "—"))
    central = OrgUnit.objects.get(kind=OrgUnit.Kind.CENTRAL)
    for username, role, first, last in CENTRAL_STAFF:
        staff_create(username=username, unit=central, role=role, password=None, first_name=first, last_name=last,
                     email=demo_email(username))
        logins.append((username, Role(role).label, central.name))
    for code in province_codes:
        province = OrgUnit.objects.get(code=code)
        slug = province.slug
        staff_create(username=f"bientap.{slug}", unit=province, role=Role.EDITOR, password=None,
                     first_name="Biên tập", last_name=province.name, email=demo_email(f"bientap.{slug}"))
        staff_create(username=f"duyet.{slug}", unit=province, role=Role.APPROVER, password=None,
                     first_name="Lãnh đạo", last_name=province.name, email=demo_email(f"duyet.{slug}"))
        logins.append((f"bientap.{slug}", Role.EDITOR.label, province.full_name))
        logins.append((f"duyet.{slug}", Role.APPROVER.label, province.full_name))
        for commune in province.children.filter(has_radio_station=True).order_by("code")[:2]:
            username = f"loa.{commune.code}"
            staff_create(username=username, unit=commune, role=Role.RADIO_OPERATOR, password=None,
                         first_name="Phát thanh viên", last_name=commune.name, email=demo_email(username))
            logins.append((username, Role.RADIO_OPERATOR.label, f"{commune.full_name}, {province.full_name}"))
    User.objects.filter(username__in=[username for username, _, _ in logins]).update(
        password=make_password(password), is_active=True)
    return logins


def _destinations(province_codes):
    """Demo destinations, as each installed channel declares them (Channel.demo_destinations), on the
    stand-ins `make run` starts, so the demo shows approval to "sent" offline."""
    registry = get_registry()
    urls = standin_urls(registry)
    units = [OrgUnit.objects.get(kind=OrgUnit.Kind.CENTRAL)] + [OrgUnit.objects.get(code=c) for c in province_codes]
    created = 0
    for number, unit in enumerate(units, start=1):
        label = "Trung ương" if unit.kind == OrgUnit.Kind.CENTRAL else unit.name
        for channel in registry:
            for wanted in channel.demo_destinations(unit, number=number, label=label, urls=urls):
                if not Destination.objects.filter(name=wanted.name).exists():
                    destination_create(name=wanted.name, channel=channel.kind, channel_kind=wanted.box,
                                       org_unit=wanted.unit, config=wanted.config, secret=wanted.secret)
                    created += 1
    return created


def _media(unit, seed):
    collection = Collection.objects.filter(name=unit.name).first() or Collection.get_first_root_node()
    photo = Image.objects.create(title=f"Ảnh minh họa {seed}", collection=collection,
                                 file=ImageFile(io.BytesIO(files.photo_jpeg(seed)), name=f"demo-photo-{seed}.jpg"))
    chart = Image.objects.create(title=f"Infographic {seed}", collection=collection,
                                 file=ImageFile(io.BytesIO(files.infographic_png(seed)), name=f"demo-infographic-{seed}.png"))
    return photo, chart, collection


def _document(title, name, payload, collection):
    document = Document(title=title, collection=collection)
    document.file.save(name, ContentFile(payload), save=False)
    document.save()
    return document


def _build(item, seed, unit):
    photo, chart, collection = _media(unit, seed)
    kind = item["type"]
    common = dict(title=item["title"], for_all_provinces=item.get("for_all_provinces", False))
    if kind == NEWS:
        return NewsPage(summary=item["summary"], hero_image=photo,
                        body=[("paragraph", _p(text)) for text in item["body"]], **common)
    if kind == INFOGRAPHIC:
        return InfographicPage(image=chart, alt_text=item["alt_text"], caption=item["caption"],
                               data_source=item["data_source"], **common)
    if kind == CLIP:
        video = None
        if item.get("video_file"):
            video = _document(item["title"], f"demo-clip-{seed}.mp4", files.minimal_mp4(), collection)
        return ClipPage(video=video, video_url=item.get("video_url", ""), duration_seconds=item["duration"],
                        poster_image=photo, transcript=item["transcript"], **common)
    if kind == LEAFLET:
        pdf = _document(item["title"], f"demo-leaflet-{seed}.pdf", files.leaflet_pdf(seed), collection)
        return LeafletPage(kind=item["kind"], pdf=pdf, cover_image=photo, print_quantity=item["print_quantity"],
                           sections=[("section", {"heading": h, "body": _p(t)}) for h, t in item["sections"]],
                           **common)
    if kind == SCRIPT:
        today = timezone.localdate()
        start, end = item.get("window", (0, 30))
        return BroadcastScriptPage(script="".join(_p(text) for text in item["script"]),
                                   target_duration_seconds=item["target"],
                                   broadcast_from=today + datetime.timedelta(days=start),
                                   broadcast_until=today + datetime.timedelta(days=end), **common)
    raise ValueError(f"unknown demo type {kind}")


def _approvers(unit):
    User = get_user_model()
    if unit.kind == OrgUnit.Kind.CENTRAL:
        return [User.objects.get(username="tongbientap.tw"), User.objects.get(username="lanhdao.tw")]
    return [User.objects.get(username=f"duyet.{unit.slug}")]


def _approve_all(page, unit):
    for approver in _approvers(unit):
        content_approve(page=page, user=approver)


def _content(out):
    User = get_user_model()
    count = 0
    for seed, item in enumerate(ITEMS, start=1):
        unit = OrgUnit.objects.get(code=item["unit"])
        editor = User.objects.get(username="bientap.tw" if unit.kind == OrgUnit.Kind.CENTRAL else f"bientap.{unit.slug}")
        page = _build(item, seed, unit)
        page.policy_areas = list(PolicyArea.objects.filter(code__in=item["policies"]))
        page.audience_groups = list(AudienceGroup.objects.filter(code__in=item["audiences"]))
        page.campaign = Campaign.objects.filter(slug=item.get("campaign")).first()
        if item["state"] == "scheduled":
            page.go_live_at = timezone.now() + datetime.timedelta(days=2)
        content_create(section=unit.section_page.specific, page=page, user=editor)
        page = type(page).objects.get(pk=page.pk)
        count += 1
        state = item["state"]
        if state != "draft":
            content_submit(page=page, user=editor)
        if state == "rejected":
            content_reject(page=page, user=_approvers(unit)[0], comment=item["reject_comment"])
        elif state in ("live", "scheduled"):
            _approve_all(page, unit)
        page.refresh_from_db()
        for code, title, text in item.get("variants", []):
            count += _variant(page, code, title, text, editor, unit)
        out(f"  [{seed}/{len(ITEMS)}] {state:<10} {unit.name}: {item['title']}")
    return count


def _variant(source, code, title, text, editor, unit):
    variant = variant_create(source=source, locale_code=code, user=editor)
    if title is None:
        return 1  # created, waiting for its translator
    variant.title = title
    if isinstance(variant, NewsPage):
        variant.summary = text
        variant.body = [("paragraph", _p(text)), ("paragraph", _p(DEMO_NOTE))]
    elif isinstance(variant, BroadcastScriptPage):
        variant.script = _p(text) + _p(DEMO_NOTE)
    variant.save_revision(user=editor)
    content_submit(page=variant, user=editor)
    _approve_all(variant, unit)
    return 1
