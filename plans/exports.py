"""The yearly plan as the agency's template (appendix 01) in XLSX and DOCX, and plan against actual in XLSX.

The plan's XLSX is also what ``imports.plan_rows_read`` reads back: one header row whose
titles are the template's, then one row per plan line keyed by the template line's number.
"""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cms.models import OrgUnit

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)

# The template's column titles, in its order; the import matches them by text.
PLAN_COLUMNS = ["TT", "Các hoạt động thông tin, truyền thông", "Nội dung hoạt động TT, TT",
                "Số lượng (cuộc, tin, bài...)", "Đơn vị tính", "Đơn vị chủ trì", "Đơn vị phối hợp thực hiện",
                "Thời gian thực hiện", "Dự kiến Kinh phí (Triệu đồng)", "Ghi chú"]
HEADER_ROW = 9


def office_name(unit):
    if unit.kind == OrgUnit.Kind.CENTRAL:
        return "TRUNG TÂM TRUYỀN THÔNG"
    return f"BẢO HIỂM XÃ HỘI {unit.full_name.upper()}"


def plan_rows(plan, template_lines):
    """(template line, plan line or None) in the template's order: every template line appears, planned or not."""
    by_line = {}
    for line in plan.lines.all():
        by_line.setdefault(line.template_line_id, []).append(line)
    for template in template_lines:
        own = by_line.get(template.pk) or [None]
        for line in own:
            yield template, line


def _line_values(template, line):
    if line is None:
        return [template.code, template.label, "", None, template.default_unit, "", "", "", None, ""]
    return [template.code, template.label, line.content, line.quantity, line.count_unit, line.lead_unit,
            line.partner_units, line.period_label, float(line.budget) if line.budget is not None else None, line.note]


def plan_xlsx(plan, template_lines):
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục 01"
    last = get_column_letter(len(PLAN_COLUMNS))

    def put(ref, value, font=PLAIN, align=WRAP, merge=None):
        if merge:
            sheet.merge_cells(merge)
        cell = sheet[ref]
        cell.value, cell.font, cell.alignment = value, font, align
        return cell

    put("A1", "BẢO HIỂM XÃ HỘI VIỆT NAM", PLAIN, CENTRE, "A1:C1")
    put("A2", office_name(plan.org_unit), BOLD, CENTRE, "A2:C2")
    put("D1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD, CENTRE, f"D1:{last}1")
    put("D2", "Độc lập - Tự do - Hạnh phúc", BOLD, CENTRE, f"D2:{last}2")
    put("A3", f"Số: {plan.number or '    '}/KH-BHXH" if "/" not in plan.number else f"Số: {plan.number}",
        PLAIN, CENTRE, "A3:C3")
    put("D3", f"{plan.place or '.....'}, ngày     tháng     năm {plan.year}", PLAIN, CENTRE, f"D3:{last}3")
    put("A5", "KẾ HOẠCH", BOLD, CENTRE, f"A5:{last}5")
    put("A6", f"Công tác thông tin, truyền thông năm {plan.year}", BOLD, CENTRE, f"A6:{last}6")
    put("A7", f"ma-don-vi: {plan.org_unit.code}", Font(size=8, color="888888"), WRAP)
    for index, title in enumerate(PLAN_COLUMNS, start=1):
        cell = put(f"{get_column_letter(index)}{HEADER_ROW}", title, BOLD, CENTRE)
        cell.border = BOX
    row = HEADER_ROW + 1
    total = 0
    for template, line in plan_rows(plan, template_lines):
        values = _line_values(template, line)
        total += values[8] or 0
        for index, value in enumerate(values, start=1):
            cell = put(f"{get_column_letter(index)}{row}", value, BOLD if template.is_heading else PLAIN,
                       CENTRE if index in (1, 4, 5, 8, 9) else WRAP)
            cell.border = BOX
            if index == 9 and value is not None:
                cell.number_format = "#,##0.###"
        row += 1
    put(f"A{row}", "Tổng kinh phí", BOLD, WRAP, f"A{row}:H{row}").border = BOX
    cell = put(f"I{row}", total, BOLD, CENTRE)
    cell.number_format, cell.border = "#,##0.###", BOX
    row += 2
    put(f"A{row}", "Nơi nhận:", BOLD, WRAP, f"A{row}:D{row}")
    put(f"G{row}", plan.signer_title or "GIÁM ĐỐC", BOLD, CENTRE, f"G{row}:{last}{row}")
    put(f"G{row + 1}", "(Ký tên, đóng dấu)", PLAIN, CENTRE, f"G{row + 1}:{last}{row + 1}")
    for offset, recipient in enumerate(plan.recipients.splitlines(), start=1):
        put(f"A{row + offset}", f"- {recipient.strip()}", PLAIN, WRAP, f"A{row + offset}:D{row + offset}")
    put(f"G{row + 5}", plan.signer, BOLD, CENTRE, f"G{row + 5}:{last}{row + 5}")
    for letter, width in zip("ABCDEFGHIJ", (6, 40, 36, 12, 12, 20, 24, 14, 14, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx_cell(cell, text, *, bold=False, centre=False, size=11):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run("" if text is None else str(text))
    run.bold, run.font.size, run.font.name = bold, Pt(size), "Times New Roman"
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def plan_docx(plan, template_lines):
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    header = document.add_table(rows=3, cols=2)
    _docx_cell(header.cell(0, 0), "BẢO HIỂM XÃ HỘI VIỆT NAM", centre=True)
    _docx_cell(header.cell(1, 0), office_name(plan.org_unit), bold=True, centre=True)
    _docx_cell(header.cell(2, 0), f"Số: {plan.number}" if "/" in plan.number else f"Số: {plan.number or '    '}/KH-BHXH",
               centre=True)
    _docx_cell(header.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, centre=True)
    _docx_cell(header.cell(1, 1), "Độc lập - Tự do - Hạnh phúc", bold=True, centre=True)
    _docx_cell(header.cell(2, 1), f"{plan.place or '.....'}, ngày     tháng     năm {plan.year}", centre=True)
    for text in ("KẾ HOẠCH", f"Công tác thông tin, truyền thông năm {plan.year}"):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = True, Pt(14)
    columns = [PLAN_COLUMNS[0], PLAN_COLUMNS[1], PLAN_COLUMNS[2], PLAN_COLUMNS[3],
               "Đơn vị chủ trì/Đơn vị phối hợp thực hiện", PLAN_COLUMNS[7], PLAN_COLUMNS[8], PLAN_COLUMNS[9]]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for index, title in enumerate(columns):
        _docx_cell(table.rows[0].cells[index], title, bold=True, centre=True, size=10)
    total = 0
    for template, line in plan_rows(plan, template_lines):
        v = _line_values(template, line)
        total += v[8] or 0
        quantity = f"{v[3]} {v[4]}" if v[3] is not None else ""
        units = " / ".join(part for part in (v[5], v[6]) if part)
        budget = f"{v[8]:,.3f}".rstrip("0").rstrip(".") if v[8] is not None else ""
        cells = table.add_row().cells
        for index, value in enumerate([v[0], v[1], v[2], quantity, units, v[7], budget, v[9]]):
            _docx_cell(cells[index], value, bold=template.is_heading, centre=index in (0, 3, 5, 6), size=10)
    cells = table.add_row().cells
    _docx_cell(cells[1], "Tổng kinh phí", bold=True, size=10)
    _docx_cell(cells[6], f"{total:,.3f}".rstrip("0").rstrip("."), bold=True, centre=True, size=10)
    document.add_paragraph()
    signature = document.add_table(rows=1, cols=2)
    left = signature.cell(0, 0)
    _docx_cell(left, "Nơi nhận:", bold=True)
    for recipient in plan.recipients.splitlines():
        left.add_paragraph(f"- {recipient.strip()}")
    right = signature.cell(0, 1)
    _docx_cell(right, plan.signer_title or "GIÁM ĐỐC", bold=True, centre=True)
    for text in ("(Ký tên, đóng dấu)", "", "", plan.signer):
        paragraph = right.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def progress_xlsx(rows, *, period, unit):
    """Plan against actual: one unit line by line, or every province (one row each, one column pair per line)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Plan against actual")[:31]
    sheet.append([_("Plan against actual"), period.label, period.dates_label])
    sheet.append([])
    if unit is not None:
        sheet.append([_("No."), _("Activity"), _("Unit of count"), _("Planned"), _("Done"), "%", _("Behind"),
                      _("Budget (million đồng)")])
        for row in rows[0].lines:
            if row.line.is_heading:
                sheet.append([row.line.code, row.line.label])
                continue
            sheet.append([row.line.code, row.line.label, row.count_unit, row.planned, row.done, row.percent,
                          row.behind, float(row.budget) if row.budget else None])
    else:
        lines = [line.line for line in rows[0].lines if line.line.measure] if rows else []
        titles = [_("Province"), _("Planned"), _("Done"), "%", _("Behind")]
        for line in lines:
            titles += [f"{line.code} {_('planned')}", f"{line.code} {_('done')}"]
        sheet.append(titles)
        for row in rows:
            values = [row.unit.full_name, row.planned, row.done, row.percent, row.behind]
            for line in lines:
                cell = row.line(line.code)
                values += [cell.planned, cell.done]
            sheet.append(values)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 50 if unit is not None else 12
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
