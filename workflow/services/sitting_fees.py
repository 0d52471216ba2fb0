"""The Sitzungsgeld export for the payroll: the rows of ``workflow.sitting_fees`` for the
committees whose Sitzungsdienst the user is, as CSV or Excel, each export recorded
(``SittingFeeExport``)."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from workflow.errors import InvalidInput
from workflow.models import SittingFeeExport
from workflow.services.engine import require
from workflow.sitting_fees import (
    SittingFees,
    check_period,
    sitting_fee_committees,
    sitting_fee_rows,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from workflow.models import Body

# The columns the payroll reads, in German whatever the user's language.
HEADERS = ("Name", "Gremium", "Sitzungen", "Satz", "Betrag")
TOTAL_LABEL = "Summe"
CONTENT_TYPES = {
    SittingFeeExport.Format.CSV: "text/csv; charset=utf-8",
    SittingFeeExport.Format.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}
# A text cell starting with one of these is a formula to Excel and LibreOffice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportFile(NamedTuple):
    filename: str
    content_type: str
    content: bytes


def export_sitting_fees(
    *,
    body: Body,
    start: datetime.date,
    end: datetime.date,
    file_format: str,
    by: User,
) -> ExportFile:
    """The Sitzungsgeld of ``start``..``end`` (at most a year) for the committees of
    ``body`` whose Sitzungsdienst ``by`` is, as a CSV or Excel file; the export is recorded
    with its period, format, committees, rows and total."""
    committees = sitting_fee_committees(user=by, body=body)
    require(
        committees.exists(),
        _("Das Sitzungsgeld exportiert der Sitzungsdienst eines Gremiums von %(body)s.")
        % {"body": body},
    )
    if file_format not in CONTENT_TYPES:
        raise InvalidInput(
            _("Unbekanntes Format „%(format)s“: möglich sind CSV und Excel (xlsx).")
            % {"format": file_format}
        )
    check_period(start, end)
    fees = sitting_fee_rows(body=body, start=start, end=end, organizations=committees)
    content = sitting_fees_csv(fees) if file_format == "csv" else sitting_fees_xlsx(fees)
    with transaction.atomic():
        export = SittingFeeExport.objects.create(
            body=body,
            period_start=start,
            period_end=end,
            file_format=file_format,
            rows=len(fees.rows),
            total=fees.total,
            exported_by=by,
        )
        export.organizations.set(fees.committee_ids)
    filename = f"sitzungsgeld_{start:%Y-%m-%d}_{end:%Y-%m-%d}.{file_format}"
    return ExportFile(filename, CONTENT_TYPES[SittingFeeExport.Format(file_format)], content)


def _amount(value: Decimal) -> str:
    """25.5 as "25,50": two places, a decimal comma, no thousands separator."""
    return f"{value:.2f}".replace(".", ",")


def _text(value: str) -> str:
    """A name as a CSV cell that a spreadsheet does not run as a formula."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def sitting_fees_csv(fees: SittingFees) -> bytes:
    """``;``-separated, UTF-8 with a byte order mark (so Excel reads the umlauts), CRLF line
    ends; the header, one line per row, then the total."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in fees.rows:
        writer.writerow(
            [
                _text(row.name),
                _text(row.committee),
                row.meetings,
                _amount(row.rate),
                _amount(row.amount),
            ]
        )
    writer.writerow([TOTAL_LABEL, "", fees.meetings, "", _amount(fees.total)])
    return buffer.getvalue().encode("utf-8-sig")


def sitting_fees_xlsx(fees: SittingFees) -> bytes:
    """One sheet "Sitzungsgeld": the header, the rows, the total; counts and amounts are
    numbers (amounts with two places), names are always text."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Sitzungsgeld"
    sheet.append(HEADERS)
    for row in fees.rows:
        sheet.append([row.name, row.committee, row.meetings, row.rate, row.amount])
    sheet.append([TOTAL_LABEL, None, fees.meetings, None, fees.total])
    bold = Font(bold=True)
    last = sheet.max_row
    for cell in (*sheet[1], *sheet[last]):
        cell.font = bold
    for line in sheet.iter_rows(min_row=2, max_row=last):
        for cell in line[:2]:
            # openpyxl takes a text starting with "=" for a formula; a name is never one.
            if isinstance(cell.value, str):
                cell.data_type = "s"
        for cell in line[3:5]:
            cell.number_format = "#,##0.00"
    for column, width in zip("ABCDE", (32, 40, 11, 11, 13), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
