"""Reading the report as a person does: the table on the page, the downloaded files."""

import csv
import io

from bs4 import BeautifulSoup
from openpyxl import load_workbook

REPORT_URL = "/admin/communication-reports/"


def table_rows(response):
    """``{line key: [cell texts of the figure columns]}`` from the report page."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    rows = {}
    for tr in soup.select("table.report-table tr[data-key]"):
        key = tr["data-key"]
        if key:
            rows[key] = [td.get_text(strip=True) for td in tr.select("td.report-value")]
    return rows


def column_titles(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [th.get_text(strip=True) for th in soup.select("table.report-table[data-section=A] thead th")][3:-1]


def figure_link(response, key, column=0):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    cell = soup.select(f"table.report-table tr[data-key={key}] td.report-value")[column]
    return cell.a["href"]


def xlsx_sheet(content, title=None):
    book = load_workbook(io.BytesIO(content))
    return book[title] if title else book.worksheets[0]


def xlsx_row(sheet, label, after=None):
    """The values in columns C onwards of the first row whose column B reads ``label`` (after row ``after``)."""
    for row in sheet.iter_rows(min_row=(after or 0) + 1):
        if row[1].value == label:
            return [cell.value for cell in row[2:]], row[0].row
    raise AssertionError(f"No row labelled {label!r}")


def csv_rows(content):
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))
