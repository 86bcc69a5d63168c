"""Reading a yearly plan (appendix 01 XLSX, as ``exports.plan_xlsx`` writes it) and register entries (XLSX or CSV).

Every row is checked before anything is written; one bad row means nothing is saved and
each problem is reported with its row number, in Vietnamese, for the person who typed it.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from cms.models import AudienceGroup, Campaign, OrgUnit, PolicyArea
from cms.text import fold
from plans import access
from plans.exports import PLAN_COLUMNS
from plans.models import ActivityEntry, PlanLine, PlanTemplateLine, YearlyPlan
from plans.models.register import MEETING_KINDS, QUANTITY_KINDS, ActivityKind

MAX_ROWS = 20000


class ImportError_(ValueError):
    """Rows that cannot be imported: ``errors`` is a list of messages, one per problem."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _sheet_rows(data):
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportError_([_("The file is not an Excel workbook (.xlsx).")]) from exc
    sheet = book.worksheets[0]
    return [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def _quantity(value, row, label, errors):
    if value == "":
        return None
    try:
        number = Decimal(value.replace(".", "").replace(",", "") if re.fullmatch(r"\d{1,3}([.,]\d{3})+", value)
                         else value)
    except InvalidOperation:
        errors.append(_("Row %(row)s: %(field)s is not a number: “%(value)s”.") % {"row": row, "field": label,
                                                                                     "value": value})
        return None
    if number < 0 or number != int(number) or number > 10**9:
        errors.append(_("Row %(row)s: %(field)s must be a whole number from 0: “%(value)s”.")
                      % {"row": row, "field": label, "value": value})
        return None
    return int(number)


def _period(value, row, errors):
    text = fold(value).strip()
    if text in ("", "ca nam", "nam"):
        return PlanLine.PeriodKind.YEAR, None
    match = re.fullmatch(r"(quy|q|thang|t)\s*\.?\s*(\d{1,2})", text)
    if match:
        kind = PlanLine.PeriodKind.QUARTER if match.group(1) in ("quy", "q") else PlanLine.PeriodKind.MONTH
        number = int(match.group(2))
        if 1 <= number <= (4 if kind == PlanLine.PeriodKind.QUARTER else 12):
            return kind, number
    errors.append(_("Row %(row)s: the time “%(value)s” is not “Cả năm”, “Quý 1”–“Quý 4” or “Tháng 1”–“Tháng 12”.")
                  % {"row": row, "value": value})
    return PlanLine.PeriodKind.YEAR, None


def plan_rows_read(data):
    """The plan lines of an appendix 01 workbook as unsaved PlanLine objects; raises ImportError_ listing every bad row."""
    rows = _sheet_rows(data)
    header = next((index for index, row in enumerate(rows) if row and row[0] == "TT" and len(row) > 1
                   and row[1] == PLAN_COLUMNS[1]), None)
    if header is None:
        raise ImportError_([_("No header row “TT | Các hoạt động thông tin, truyền thông | …” was found: "
                              "use the plan's Excel template.")])
    titles = rows[header]
    missing = [title for title in PLAN_COLUMNS if title not in titles]
    if missing:
        raise ImportError_([_("Columns missing from the header row: %(columns)s.") % {"columns": ", ".join(missing)}])
    column = {title: titles.index(title) for title in PLAN_COLUMNS}
    templates = {line.code: line for line in PlanTemplateLine.objects.all()}
    errors, lines = [], []
    for offset, raw in enumerate(rows[header + 1:], start=header + 2):
        row = raw + [""] * (len(titles) - len(raw))
        code = row[column["TT"]]
        if not any(row):
            continue
        if fold(code) == "tong kinh phi" or fold(row[0]).startswith("tong kinh phi"):
            break
        if code not in templates:
            errors.append(_("Row %(row)s: “%(code)s” is not a line number of the template (1, 1.1 … 8).")
                          % {"row": offset, "code": code})
            continue
        get = lambda title: row[column[title]]  # noqa: E731
        content, quantity_text = get(PLAN_COLUMNS[2]), get(PLAN_COLUMNS[3])
        budget_text, note = get(PLAN_COLUMNS[8]), get(PLAN_COLUMNS[9])
        if not (content or quantity_text or budget_text or note or get(PLAN_COLUMNS[5])):
            continue  # a template line the unit plans nothing for
        quantity = _quantity(quantity_text, offset, PLAN_COLUMNS[3], errors)
        budget = None
        if budget_text:
            try:
                budget = Decimal(budget_text.replace(",", "."))
                if budget < 0 or budget >= 10**9:
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(_("Row %(row)s: the budget must be a number of millions of đồng from 0: “%(value)s”.")
                              % {"row": offset, "value": budget_text})
        kind, number = _period(get(PLAN_COLUMNS[7]), offset, errors)
        template = templates[code]
        lines.append(PlanLine(template_line=template, content=content, quantity=quantity,
                              unit_of_count=get(PLAN_COLUMNS[4]) if get(PLAN_COLUMNS[4]) != template.default_unit else "",
                              lead_unit=get(PLAN_COLUMNS[5]), partner_units=get(PLAN_COLUMNS[6]), period_kind=kind,
                              period_number=number, budget=budget, note=note))
    if errors:
        raise ImportError_(errors)
    if not lines:
        raise ImportError_([_("The workbook has no plan lines.")])
    return lines


def plan_import(*, data, unit, year, user):
    """Save the workbook's lines as a new draft revision of ``unit``'s plan for ``year`` (created if need be).

    A received plan stays live as it is; the import is a draft to send through the workflow.
    """
    lines = plan_rows_read(data)
    with transaction.atomic():
        plan = YearlyPlan.objects.select_for_update().filter(org_unit=unit, year=year).first()
        if plan is None:
            plan = YearlyPlan(org_unit=unit, year=year, live=False)
            plan.lines = lines
            plan.save()
        else:
            plan = plan.get_latest_revision_as_object()
            plan.lines = lines
        revision = plan.save_revision(user=user, log_action=True)
    return plan, revision


# --- the register ------------------------------------------------------------------------------

REGISTER_COLUMNS = ["Loại", "Ngày", "Tên hoạt động", "Đơn vị", "Chiến dịch", "Lĩnh vực", "Đối tượng",
                    "Số người dự", "Số lượng", "Số người tham gia mới", "Địa điểm", "Đơn vị phối hợp",
                    "Cơ quan báo chí", "Đường dẫn", "Ghi chú"]
REQUIRED = ["Loại", "Ngày", "Tên hoạt động", "Đơn vị"]


def _register_rows(data, filename):
    if filename.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportError_([_("The CSV file is not UTF-8 text.")]) from exc
        return [[_text(value) for value in row] for row in csv.reader(io.StringIO(text))]
    return _sheet_rows(data)


def _date(value, row, errors):
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    errors.append(_("Row %(row)s: “%(value)s” is not a date (dd/mm/yyyy).") % {"row": row, "value": value})
    return None


def register_rows_read(data, filename, *, user):
    """Unsaved entries with their policy areas and audience groups; raises ImportError_ listing every bad row."""
    rows = [row for row in _register_rows(data, filename) if any(row)]
    if not rows:
        raise ImportError_([_("The file is empty.")])
    titles = rows[0]
    missing = [title for title in REQUIRED if title not in titles]
    if missing:
        raise ImportError_([_("Columns missing from the first row: %(columns)s.") % {"columns": ", ".join(missing)}])
    if len(rows) > MAX_ROWS + 1:
        raise ImportError_([_("At most %(n)s rows at a time.") % {"n": MAX_ROWS}])
    column = {title: titles.index(title) for title in REGISTER_COLUMNS if title in titles}
    kinds = {fold(str(label)): value for value, label in ActivityKind.choices} | {value: value for value in ActivityKind.values}
    writable = access.writable_unit_ids(user)
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    units_by_name = {fold(unit.full_name): unit for unit in units.values()} | {fold(unit.name): unit for unit in units.values()}
    campaigns = {campaign.slug: campaign for campaign in Campaign.objects.all()}
    campaigns |= {fold(campaign.name): campaign for campaign in campaigns.values()}
    areas = {area.code: area for area in PolicyArea.objects.all()}
    audiences = {group.code: group for group in AudienceGroup.objects.all()}
    errors, entries = [], []
    for number, raw in enumerate(rows[1:], start=2):
        row = raw + [""] * (len(titles) - len(raw))
        get = lambda title: row[column[title]] if title in column else ""  # noqa: E731
        for title in REQUIRED:
            if not get(title):
                errors.append(_("Row %(row)s: “%(column)s” is empty.") % {"row": number, "column": title})
        kind = kinds.get(get("Loại")) or kinds.get(fold(get("Loại")))
        if get("Loại") and kind is None:
            errors.append(_("Row %(row)s: unknown kind “%(value)s”.") % {"row": number, "value": get("Loại")})
        held_on = _date(get("Ngày"), number, errors) if get("Ngày") else None
        unit = units.get(get("Đơn vị")) or units_by_name.get(fold(get("Đơn vị")))
        if get("Đơn vị") and (unit is None or (writable is not None and unit.pk not in writable)):
            errors.append(_("Row %(row)s: “%(value)s” is not a unit you enter activities for.")
                          % {"row": number, "value": get("Đơn vị")})
        campaign = None
        if get("Chiến dịch"):
            campaign = campaigns.get(get("Chiến dịch")) or campaigns.get(fold(get("Chiến dịch")))
            if campaign is None:
                errors.append(_("Row %(row)s: unknown campaign “%(value)s”.") % {"row": number, "value": get("Chiến dịch")})
        tags = {}
        for title, known in (("Lĩnh vực", areas), ("Đối tượng", audiences)):
            codes = [code.strip() for code in get(title).split(",") if code.strip()]
            bad = [code for code in codes if code not in known]
            if bad:
                errors.append(_("Row %(row)s: unknown codes in “%(column)s”: %(codes)s.")
                              % {"row": number, "column": title, "codes": ", ".join(bad)})
            tags[title] = [known[code] for code in codes if code in known]
        attendees = _quantity(get("Số người dự"), number, "Số người dự", errors)
        quantity = _quantity(get("Số lượng"), number, "Số lượng", errors)
        gained = _quantity(get("Số người tham gia mới"), number, "Số người tham gia mới", errors)
        if kind in QUANTITY_KINDS and not quantity:
            errors.append(_("Row %(row)s: “Số lượng” is needed for this kind.") % {"row": number})
        if kind in MEETING_KINDS and attendees is None:
            errors.append(_("Row %(row)s: “Số người dự” is needed for a meeting.") % {"row": number})
        link = get("Đường dẫn")
        if link and not re.match(r"^https?://\S+$", link):
            errors.append(_("Row %(row)s: the link must start with http:// or https://.") % {"row": number})
        entry = ActivityEntry(kind=kind or "", title=get("Tên hoạt động")[:255], held_on=held_on, org_unit=unit,
                              campaign=campaign, attendees=attendees, quantity=quantity, participants_gained=gained,
                              place=get("Địa điểm")[:200], partners=get("Đơn vị phối hợp")[:300],
                              outlet=get("Cơ quan báo chí")[:200], link=link[:500], notes=get("Ghi chú"),
                              created_by=user)
        entries.append((entry, tags["Lĩnh vực"], tags["Đối tượng"]))
    if errors:
        raise ImportError_(errors)
    return entries


def register_import(*, data, filename, user):
    """All rows or none: entries created in one transaction."""
    entries = register_rows_read(data, filename, user=user)
    with transaction.atomic():
        created = ActivityEntry.objects.bulk_create([entry for entry, _areas, _groups in entries], batch_size=1000)
        Areas, Groups = ActivityEntry.policy_areas.through, ActivityEntry.audience_groups.through
        Areas.objects.bulk_create([Areas(activityentry_id=entry.pk, policyarea_id=area.pk)
                                   for entry, (_e, areas, _g) in zip(created, entries, strict=True) for area in areas])
        Groups.objects.bulk_create([Groups(activityentry_id=entry.pk, audiencegroup_id=group.pk)
                                    for entry, (_e, _a, groups) in zip(created, entries, strict=True) for group in groups])
    return created
