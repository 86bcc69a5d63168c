"""The report as the agency's spreadsheet (appendix 03 of the 2020 plan) and as CSV."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reports import series
from reports.lines import COLUMN_TITLES, HEADING
from reports.periods import REPORT_TZ

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_text(value):
    """Names typed by staff (campaigns, units) must not run as spreadsheet formulas when the CSV is opened."""
    if isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _office_name(unit):
    if unit is None or unit.kind == "central":
        return _("VIETNAM SOCIAL SECURITY").upper()
    return (_("SOCIAL SECURITY OF %(unit)s") % {"unit": unit.full_name}).upper()


def _title(period):
    return (_("RESULTS OF COMMUNICATION WORK: %(period)s") % {"period": period.label}).upper()


def xlsx_report(table, *, unit, period, detail=None):
    """Workbook bytes: sheet 1 the appendix 03 table, sheet 2 (one unit) the breakdowns behind it."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Appendix 03")[:31]
    last_col = 4 + len(table.columns)
    last = get_column_letter(last_col)

    def put(cell, value, font=PLAIN, alignment=WRAP, border=None):
        target = sheet[cell]
        target.value = value
        target.font = font
        target.alignment = alignment
        if border:
            target.border = border
        return target

    sheet.merge_cells("A1:C1")
    put("A1", _("VIETNAM SOCIAL SECURITY").upper(), PLAIN, CENTRE)
    sheet.merge_cells("A2:C2")
    put("A2", _office_name(unit), BOLD, CENTRE)
    sheet.merge_cells(f"D1:{last}1")
    put("D1", _("SOCIALIST REPUBLIC OF VIETNAM").upper(), BOLD, CENTRE)
    sheet.merge_cells(f"D2:{last}2")
    put("D2", _("Independence - Freedom - Happiness"), BOLD, CENTRE)
    put(f"{last}3", _("Appendix 03"), BOLD, CENTRE)
    sheet.merge_cells(f"A4:{last}4")
    put("A4", _("SUMMARY OF FIGURES").upper(), BOLD, CENTRE)
    sheet.merge_cells(f"A5:{last}5")
    put("A5", _title(period), BOLD, CENTRE)
    sheet.merge_cells(f"A6:{last}6")
    generated = timezone.now().astimezone(REPORT_TZ).strftime("%H:%M %d/%m/%Y")
    put("A6", _("(%(dates)s. Counted by VSS Publisher at %(time)s; hand-entered figures by the unit.)")
        % {"dates": period.dates_label, "time": generated}, PLAIN, CENTRE)

    row = 8
    for code, title, rows in table.rows():
        put(f"A{row}", code, BOLD)
        sheet.merge_cells(f"B{row}:{last}{row}")
        put(f"B{row}", str(title), BOLD)
        row += 1
        headers = [_("No."), str(COLUMN_TITLES[code]), _("Unit of measure"),
                   *[column.title for column in table.columns], _("Notes")]
        for index, header in enumerate(headers, start=1):
            put(f"{get_column_letter(index)}{row}", str(header), BOLD, CENTRE, BOX)
        row += 1
        for table_row in rows:
            line = table_row.line
            heading = line.source == HEADING
            font = BOLD if heading else PLAIN
            put(f"A{row}", line.number, font, CENTRE, BOX)
            put(f"B{row}", str(line.label), font, WRAP, BOX)
            put(f"C{row}", str(line.unit), PLAIN, CENTRE, BOX)
            for index, (_column, value) in enumerate(table_row.cells, start=4):
                cell = put(f"{get_column_letter(index)}{row}", value, PLAIN, CENTRE, BOX)
                if value is not None and not heading:
                    cell.number_format = "0.00" if line.decimal else "#,##0"
            put(f"{get_column_letter(last_col)}{row}", str(line.note), PLAIN, WRAP, BOX)
            row += 1
        row += 1

    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 62
    sheet.column_dimensions["C"].width = 16
    for index in range(4, last_col):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.column_dimensions[last].width = 36
    sheet.freeze_panes = "D10"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1

    if detail is not None:
        _detail_sheet(book.create_sheet(_("Details")[:31]), detail)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _detail_sheet(sheet, detail):
    rows = []
    rows.append([_("Leaflets by kind"), _("Leaflet designs"), _("Sheets printed")])
    rows += [[str(row["label"]), row["items"], row["sheets"]] for row in detail["leaflets"]]
    rows.append([])
    rows.append([_("Ethnic-language items by language"), _("Items"), _("Broadcasts")])
    rows += [[row["language"].name_vi, row["items"], row["broadcasts"]] for row in detail["languages"]]
    rows.append([])
    rows.append([_("Items per campaign"), _("Items")])
    rows += [[row["campaign"].name, row["items"]] for row in detail["campaigns"]]
    rows.append([])
    rows.append([_("Items per policy area"), _("Items")])
    rows += [[row["area"].name, row["items"]] for row in detail["policy_areas"]]
    rows.append([])
    boxes, labels = series.chart_boxes(), series.labels()
    rows.append([_("Month"), *[labels[box] for box in boxes]])
    rows += [[month.strftime("%m/%Y"), *[counts[box] for box in boxes]] for month, counts in detail["months"]]
    for values in rows:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl reads a leading "=" as a formula: these are names, keep them text
                cell.data_type = "s"
        if len(values) > 1 and isinstance(values[1], str):  # a heading row: its figures are column titles
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 60
    for letter in "BCDEFGHIJ"[:max(4, len(boxes))]:
        sheet.column_dimensions[letter].width = 16


def csv_report(table):
    """CSV text with a BOM so that Excel reads the Vietnamese letters as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([_("Section"), _("No."), _("Activity"), _("Unit of measure"),
                     *[_csv_text(str(column.title)) for column in table.columns], _("Notes")])
    for code, _title, rows in table.rows():
        for table_row in rows:
            line = table_row.line
            writer.writerow([code, line.number, str(line.label), str(line.unit),
                             *["" if value is None else value for _column, value in table_row.cells], str(line.note)])
    return buffer.getvalue()
