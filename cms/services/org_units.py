"""Load the organisation tree and give each unit its part of the CMS.

Loading a province gives it: a section of the page tree (in every locale that
already has a content tree, and later ones as variants are made), an image and
document collection, editor / approver / radio-operator groups with permissions
scoped to that section and collection, and an approval workflow of its own.
"""

import datetime
import json
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.exceptions import FixtureError
from cms.models import HomePage, Language, OrgUnit, OrgUnitAlias, OrgUnitGroup, ReviewTask, Role, SectionPage
from cms.text import fold, nfc

logger = logging.getLogger(__name__)

DEFAULT_FIXTURE = settings.BASE_DIR / "cms" / "fixtures" / "org_units.json"

ROLE_LABELS = {
    Role.EDITOR: "Biên tập viên",
    Role.APPROVER: "Lãnh đạo duyệt",
    Role.CHIEF_EDITOR: "Tổng biên tập",
    Role.LEADERSHIP: "Lãnh đạo Trung tâm",
    Role.RADIO_OPERATOR: "Phát thanh viên xã",
}
ROLES_BY_KIND = {
    OrgUnit.Kind.CENTRAL: [Role.EDITOR, Role.CHIEF_EDITOR, Role.LEADERSHIP],
    OrgUnit.Kind.PROVINCE: [Role.EDITOR, Role.APPROVER, Role.RADIO_OPERATOR],
}
# Page permissions per role, on the unit's section (the centre's: on every home page).
PAGE_PERMISSIONS = {
    Role.EDITOR: ["add_page", "change_page", "lock_page"],
    Role.APPROVER: ["add_page", "change_page", "lock_page", "unlock_page", "publish_page"],
    Role.CHIEF_EDITOR: ["add_page", "change_page", "lock_page", "unlock_page"],
    Role.LEADERSHIP: ["add_page", "change_page", "lock_page", "unlock_page", "publish_page"],
}
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
]
# The national read-aloud glossary (media.Abbreviation) is kept by the centre's editors.
GLOSSARY_ROLES = {Role.EDITOR, Role.CHIEF_EDITOR}
GLOSSARY_PERMISSIONS = ["add_abbreviation", "change_abbreviation", "delete_abbreviation", "view_abbreviation"]
# Steps of each workflow, in order: (role whose group approves, task label)
WORKFLOW_STEPS = {
    OrgUnit.Kind.CENTRAL: [(Role.CHIEF_EDITOR, "Tổng biên tập duyệt"), (Role.LEADERSHIP, "Lãnh đạo Trung tâm duyệt")],
    OrgUnit.Kind.PROVINCE: [(Role.APPROVER, "Lãnh đạo duyệt")],
}
KIND_ORDER = {OrgUnit.Kind.CENTRAL: 0, OrgUnit.Kind.PROVINCE: 1, OrgUnit.Kind.COMMUNE: 2}
PARENT_KIND = {OrgUnit.Kind.PROVINCE: OrgUnit.Kind.CENTRAL, OrgUnit.Kind.COMMUNE: OrgUnit.Kind.PROVINCE}


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    provisioned: list = field(default_factory=list)

    def __str__(self):
        return (
            f"{self.created} units created, {self.updated} updated, "
            f"{len(self.provisioned)} sections provisioned"
        )


def org_units_read(path=None):
    with open(path or DEFAULT_FIXTURE, encoding="utf-8") as fh:
        return json.load(fh)


def unit_slug(name, code):
    return slugify(fold(name)) or slugify(code)


# --- validation ------------------------------------------------------------------
def _validate(records, *, allow_move):
    errors = []
    by_code = {}
    kinds = {choice.value for choice in OrgUnit.Kind}
    admin_types = {choice.value for choice in OrgUnit.AdminType}
    known_languages = set(Language.objects.values_list("code", flat=True))
    for position, record in enumerate(records, start=1):
        where = f"unit #{position} ({record.get('code', '?')} {record.get('name', '?')})"
        code, kind = record.get("code"), record.get("kind")
        if not code or not record.get("name"):
            errors.append(f"{where}: code and name are required")
            continue
        if kind not in kinds:
            errors.append(f"{where}: unknown kind {kind!r}; use one of {sorted(kinds)}")
            continue
        if record.get("type") and record["type"] not in admin_types:
            errors.append(f"{where}: unknown type {record['type']!r}; use one of {sorted(admin_types)}")
        if code in by_code:
            other = by_code[code]
            errors.append(
                f"{where}: code {code} is used twice (also for {other.get('name')} "
                f"under {other.get('parent')})"
            )
            continue
        by_code[code] = record
        prefix = re.match(r"^(\d+)-", code)
        if kind == OrgUnit.Kind.COMMUNE and prefix and record.get("parent") and prefix.group(1) != record["parent"]:
            errors.append(f"{where}: its code says province {prefix.group(1)} but it is listed under {record['parent']}")
        if kind != OrgUnit.Kind.COMMUNE:
            same = [r for r in by_code.values() if r is not record and r.get("kind") == kind
                    and fold(r.get("name", "")) == fold(record["name"])]
            if same:
                errors.append(f"{where}: another {kind} is also named {record['name']!r}")
        for alias in record.get("aliases", []):
            if not isinstance(alias, dict) or not alias.get("name"):
                errors.append(f"{where}: each alias needs a name")
            elif alias.get("until"):
                try:
                    datetime.date.fromisoformat(alias["until"])
                except ValueError:
                    errors.append(f"{where}: alias {alias['name']!r} has a bad date {alias['until']!r}")
        for language in record.get("languages", []):
            if language not in known_languages:
                errors.append(f"{where}: unknown language {language!r}; run load_languages or fix the code")

    existing = {unit.code: unit for unit in OrgUnit.objects.select_related("parent")}
    for code, record in by_code.items():
        where = f"{record['kind']} {code} {record['name']}"
        parent_code = record.get("parent")
        if record["kind"] == OrgUnit.Kind.CENTRAL:
            if parent_code:
                errors.append(f"{where}: the central office has no parent")
            continue
        if not parent_code:
            errors.append(f"{where}: a {record['kind']} needs a parent")
            continue
        parent = by_code.get(parent_code)
        parent_kind = parent["kind"] if parent else getattr(existing.get(parent_code), "kind", None)
        if parent_kind is None:
            errors.append(f"{where}: parent {parent_code} is not in the fixture nor in the database")
        elif parent_kind != PARENT_KIND[record["kind"]]:
            errors.append(
                f"{where}: a {record['kind']} must sit under a {PARENT_KIND[record['kind']]}, "
                f"but {parent_code} is a {parent_kind}"
            )
        current = existing.get(code)
        if (
            current is not None
            and record["kind"] == OrgUnit.Kind.COMMUNE
            and current.parent is not None
            and current.parent.code != parent_code
            and not allow_move
        ):
            errors.append(
                f"{where}: listed under province {parent_code} but it belongs to "
                f"{current.parent.code} {current.parent.name}; fix the fixture, or pass "
                f"--allow-move if the commune really moved"
            )
    return errors


def _select(records, only):
    """Keep the central office, the provinces in ``only`` and every unit below them.

    A unit is kept when any of its ancestors is selected, so a commune wrongly
    nested under another commune is still checked (and refused), not skipped.
    """
    if not only:
        return records
    only = set(only)
    parents = {record.get("code"): record.get("parent") for record in records}

    def selected(code, seen=()):
        if code in only:
            return True
        parent = parents.get(code)
        return parent is not None and parent not in seen and selected(parent, (*seen, code))

    return [
        record for record in records
        if record.get("kind") == OrgUnit.Kind.CENTRAL or selected(record.get("code"))
    ]


# --- loading ---------------------------------------------------------------------
def org_units_load(*, data, only=None, allow_move=False, provision=True, progress=None):
    """Validate the whole fixture, then write it in one transaction (all or nothing)."""
    records = _select(data.get("units", []), only)
    errors = _validate(records, allow_move=allow_move)
    if errors:
        raise FixtureError(errors)
    summary = LoadSummary()
    records = sorted(records, key=lambda record: KIND_ORDER[record["kind"]])
    with transaction.atomic():
        units = {unit.code: unit for unit in OrgUnit.objects.all()}
        for record in records:
            unit = _upsert(record, units, summary)
            units[unit.code] = unit
        if provision:
            content_tree_ensure()
            to_provision = [units[r["code"]] for r in records if r["kind"] != OrgUnit.Kind.COMMUNE]
            for index, unit in enumerate(to_provision, start=1):
                unit_provision(unit)
                summary.provisioned.append(unit.code)
                if progress:
                    progress(index, len(to_provision), unit)
    logger.info("org units loaded: %s", summary)
    return summary


def _upsert(record, units, summary):
    kind = record["kind"]
    default_type = {
        OrgUnit.Kind.CENTRAL: OrgUnit.AdminType.AGENCY,
        OrgUnit.Kind.PROVINCE: OrgUnit.AdminType.PROVINCE,
        OrgUnit.Kind.COMMUNE: OrgUnit.AdminType.COMMUNE,
    }[kind]
    name = nfc(record["name"])
    values = {
        "kind": kind,
        "name": name,
        "admin_type": record.get("type") or default_type,
        "gso_code": record.get("gso_code", ""),
        "parent": units.get(record.get("parent")),
        "has_radio_station": record.get("radio", kind == OrgUnit.Kind.COMMUNE),
        "is_active": True,
    }
    unit = units.get(record["code"])
    if unit is None:
        slug = record.get("slug") or unit_slug(name, record["code"])
        if kind == OrgUnit.Kind.COMMUNE or OrgUnit.objects.filter(slug=slug).exists():
            slug = f"{slug}-{slugify(record['code'])}"
        unit = OrgUnit.objects.create(code=record["code"], slug=slug, **values)
        summary.created += 1
    else:
        for key, value in values.items():
            setattr(unit, key, value)
        unit.save()
        summary.updated += 1
    aliases = record.get("aliases", [])
    if aliases or unit.aliases.exists():
        unit.aliases.all().delete()
        OrgUnitAlias.objects.bulk_create(
            OrgUnitAlias(
                unit=unit, name=nfc(alias["name"]), note=nfc(alias.get("note", "")), sort_order=index,
                valid_until=datetime.date.fromisoformat(alias["until"]) if alias.get("until") else None,
            )
            for index, alias in enumerate(aliases)
        )
    if "languages" in record:
        unit.languages.set(Language.objects.filter(code__in=record["languages"]))
    return unit


# --- the CMS side of a unit --------------------------------------------------------
def content_tree_ensure():
    """The default locale's HomePage under the root, served by the default Site."""
    locale = Locale.get_default()
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        home = HomePage(title="Nội dung", slug="noi-dung", locale=locale)
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                site_name=settings.WAGTAIL_SITE_NAME)
        else:
            welcome = site.root_page
            site.root_page = home
            site.save()
            if welcome.specific_class is Page and welcome.depth == 2 and not welcome.get_children().exists():
                welcome.delete()
    return home


def unit_provision(unit):
    """Groups, collection, workflow and section of a central or provincial unit. Idempotent."""
    groups = {role: _role_group(unit, role) for role in ROLES_BY_KIND[unit.kind]}
    collection = _collection(unit)
    for group in groups.values():
        if unit.kind == OrgUnit.Kind.CENTRAL or group.org_role.role != Role.RADIO_OPERATOR:
            _grant(group, "wagtailadmin", "access_admin")
            # The centre's staff work with every province's files, as with its pages: their
            # permissions sit on the root collection, which covers all the others.
            scope = collection.get_parent() if unit.kind == OrgUnit.Kind.CENTRAL else collection
            for app_label, codename in COLLECTION_PERMISSIONS:
                perm = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for target in {collection, scope}:
                    GroupCollectionPermission.objects.get_or_create(group=group, collection=target, permission=perm)
        if unit.kind == OrgUnit.Kind.CENTRAL and group.org_role.role in GLOSSARY_ROLES:
            for codename in GLOSSARY_PERMISSIONS:
                _grant(group, "vss_media", codename)
    unit.workflow = _workflow(unit, groups)
    section = _section(unit)
    unit.section_page = section
    unit.save(update_fields=["workflow", "section_page"])
    for page in section.get_translations(inclusive=True):
        section_grant(page.specific)
    if unit.kind == OrgUnit.Kind.CENTRAL:
        for home in HomePage.objects.all():
            home_grant(home)
    # Other apps grant what the roles need of their models (publishing: destinations).
    from wagtail import hooks

    for fn in hooks.get_hooks("cms_unit_provisioned"):
        fn(unit, groups)
    return section


def _role_group(unit, role):
    link = OrgUnitGroup.objects.filter(unit=unit, role=role).select_related("group").first()
    name = f"{unit.name} · {ROLE_LABELS[role]}"
    if link:
        if link.group.name != name:
            link.group.name = name
            link.group.save(update_fields=["name"])
        return link.group
    group, _ = Group.objects.get_or_create(name=name)
    OrgUnitGroup.objects.create(unit=unit, role=role, group=group)
    return group


def _grant(group, app_label, codename):
    group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def _collection(unit):
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    existing = root.get_children().filter(name=unit.name).first()
    return existing or root.add_child(name=unit.name)


def _workflow(unit, groups):
    name = f"Duyệt nội dung · {unit.name}"
    workflow = unit.workflow or Workflow.objects.filter(name=name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=name, active=True)
    if not workflow.workflow_tasks.exists():
        for order, (role, label) in enumerate(WORKFLOW_STEPS[unit.kind]):
            task = ReviewTask.objects.create(name=f"{unit.name}: {label}")
            task.groups.set([groups[role]])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def _section(unit):
    home = content_tree_ensure()
    section = SectionPage.objects.filter(org_unit=unit, locale=home.locale).first()
    if section is None:
        title = "Trung ương" if unit.kind == OrgUnit.Kind.CENTRAL else unit.full_name
        section = SectionPage(title=title, slug=unit.slug, org_unit=unit, locale=home.locale)
        home.add_child(instance=section)
        section.save_revision().publish()
    return section


def section_grant(section):
    """Give a section page (original or locale copy) its unit's permissions and workflow."""
    unit = section.org_unit
    if unit is None:
        return
    for link in unit.role_groups.select_related("group"):
        for codename in PAGE_PERMISSIONS.get(link.role, []):
            _page_permission(link.group, section, codename)
    if unit.workflow_id:
        WorkflowPage.objects.update_or_create(page=section, defaults={"workflow_id": unit.workflow_id})


def home_grant(home):
    """Central staff work across every section: their permissions sit on each home page."""
    central = OrgUnit.objects.filter(kind=OrgUnit.Kind.CENTRAL).first()
    if central is None:
        return
    for link in central.role_groups.select_related("group"):
        for codename in PAGE_PERMISSIONS.get(link.role, []):
            _page_permission(link.group, home, codename)


def _page_permission(group, page, codename):
    perm = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
    GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)
