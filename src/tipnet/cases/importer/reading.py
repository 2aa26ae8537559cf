"""Reading an uploaded file into rows of cells by column name, within bounds."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from tipnet.cases.importer.columns import (
    CASES_SHEET,
    COLUMN_ORDER,
    MAX_ROWS,
    NAME_COLUMNS,
    OLD_EXCEL_SIGNATURE,
    REQUIRED,
    XLSX_SIGNATURE,
    RowError,
    Table,
)

if TYPE_CHECKING:
    pass

# Reading the file --------------------------------------------------------------------------


def read_table(data: bytes) -> Table:
    """The rows of an XLSX workbook (its "Cases" sheet, else its first) or of a UTF-8 CSV
    file; which of the two is told by the content, not the file name."""
    if data.startswith(XLSX_SIGNATURE):
        try:
            lines = _xlsx_lines(data)
        except Exception:  # openpyxl raises many kinds on a damaged or foreign zip
            return _file_error(_("This file could not be read as an Excel workbook (.xlsx)."))
    elif data.startswith(OLD_EXCEL_SIGNATURE):
        return _file_error(_("Save the file as an Excel workbook (.xlsx) or CSV (UTF-8) first."))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _file_error(
                _("This file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8.")
            )
        lines = _csv_lines(text)
    return _table(lines)


def _file_error(message: str) -> Table:
    return Table(rows=[], errors=[RowError(0, "", message)])


def _xlsx_lines(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book[CASES_SHEET] if CASES_SHEET in book.sheetnames else book.worksheets[0]
        # Some programs write a wrong size into the file; read what is really there.
        sheet.reset_dimensions()
        # One more than allowed is enough to tell the file is too long.
        return list(islice(sheet.iter_rows(min_row=1, values_only=True), MAX_ROWS + 2))
    finally:
        book.close()


def _csv_lines(text: str) -> list[tuple[Any, ...]]:
    first = text.split("\n", 1)[0]
    # Spreadsheets saved in some locales separate with ";" or tabs; the header row tells.
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [tuple(r) for r in islice(reader, MAX_ROWS + 2)]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(lines: list[tuple[Any, ...]]) -> Table:
    if not lines or all(_blank(v) for v in lines[0]):
        return _file_error(_("The first row must hold the column names of the template."))
    if len(lines) > MAX_ROWS + 1:
        message = _("The file has more than %(max)s rows: split it into several files.")
        return _file_error(message % {"max": MAX_ROWS})
    positions, errors = _header(lines[0])
    if errors:
        return Table(rows=[], errors=errors)
    rows = []
    for number, values in enumerate(lines[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
        rows.append((number, cells))
    if not rows:
        return _file_error(_("The file has no rows to import."))
    return Table(rows=rows)


def _header(values: Sequence[Any]) -> tuple[dict[str, int], list[RowError]]:
    positions: dict[str, int] = {}
    errors = []
    for i, value in enumerate(values):
        if _blank(value):
            continue
        name = str(value).strip().lower()
        if name not in COLUMN_ORDER:
            errors.append(RowError(1, str(value).strip(), _("Unknown column: use the template.")))
        elif name in positions:
            errors.append(RowError(1, name, _("This column appears twice.")))
        else:
            positions[name] = i
    for name in REQUIRED:
        if name not in positions:
            errors.append(RowError(1, name, _("This column is missing.")))
    if not any(n in positions for n in NAME_COLUMNS):
        errors.append(RowError(1, NAME_COLUMNS[0], _("This column is missing.")))
    return positions, errors
