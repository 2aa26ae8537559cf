"""Reading an uploaded file into rows of cells by column name, within bounds."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.conf import settings
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
    shown,
)

Progress = Callable[[str, int, int], None]  # phase, done, total
# A workbook is a zip: refuse one whose parts unpack to more than this before parsing it (a
# small file can unpack to gigabytes; openpyxl reads the shared strings whole).
MAX_UNZIPPED = 400 * 1024 * 1024
CHECK_EVERY = 1000  # rows between looks at the clock


class OverBounds(Exception):
    """The file holds more cells than allowed, or reading and checking it took too long."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Bounds:
    """How much one import may read (cells, blank ones too, counted as the file has them) and
    how long reading and checking it may take."""

    max_cells: int
    seconds: float
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def of_settings(cls) -> Bounds:
        return cls(settings.TIPNET_IMPORT_MAX_CELLS, settings.TIPNET_IMPORT_MAX_SECONDS)

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            message = _(
                "Reading and checking this file took longer than %(seconds)s seconds: "
                "split it into several files."
            )
            raise OverBounds("time", message % {"seconds": int(self.seconds)})

    def check_cells(self, cells: int) -> None:
        if cells > self.max_cells:
            message = _("The file has more than %(max)s cells: split it into several files.")
            raise OverBounds("cells", message % {"max": f"{self.max_cells:,}"})


def read_table(
    data: bytes, bounds: Bounds | None = None, progress: Progress | None = None
) -> Table:
    """The rows of an XLSX workbook (its "Cases" sheet, else its first) or of a UTF-8 CSV
    file; which of the two is told by the content, not the file name. Raises
    :class:`OverBounds` past ``bounds`` (the settings' by default)."""
    bounds = bounds or Bounds.of_settings()
    if data.startswith(XLSX_SIGNATURE):
        try:
            unzipped = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
        except (zipfile.BadZipFile, ValueError, OSError):
            unzipped = 0  # openpyxl tells below
        if unzipped > MAX_UNZIPPED:
            bounds.check_cells(bounds.max_cells + 1)
        try:
            return _table(_bounded(_xlsx_lines(data), bounds, progress))
        except OverBounds:
            raise
        except Exception:  # openpyxl raises many kinds on a damaged or foreign zip
            return _file_error(_("This file could not be read as an Excel workbook (.xlsx)."))
    if data.startswith(OLD_EXCEL_SIGNATURE):
        return _file_error(_("Save the file as an Excel workbook (.xlsx) or CSV (UTF-8) first."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _file_error(
            _("This file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8.")
        )
    return _table(_bounded(_csv_lines(text), bounds, progress))


def _bounded(
    lines: Iterator[tuple[Any, ...]], bounds: Bounds, progress: Progress | None
) -> list[tuple[Any, ...]]:
    """The lines, counting cells and watching the clock as they are read."""
    read: list[tuple[Any, ...]] = []
    cells = 0
    for line in islice(lines, MAX_ROWS + 2):  # one more than allowed tells it is too long
        cells += len(line)
        read.append(line)
        if len(read) % CHECK_EVERY == 0:
            bounds.check_cells(cells)
            bounds.check_time()
            if progress:
                progress("reading", len(read), 0)
    bounds.check_cells(cells)
    return read


def _file_error(message: str) -> Table:
    return Table(rows=[], errors=[RowError(0, "", message)])


def _xlsx_lines(data: bytes) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book[CASES_SHEET] if CASES_SHEET in book.sheetnames else book.worksheets[0]
        # Some programs write a wrong size into the file; read what is really there.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(min_row=1, values_only=True)
    finally:
        book.close()


def _csv_lines(text: str) -> Iterator[tuple[Any, ...]]:
    first = text.split("\n", 1)[0]
    # Spreadsheets saved in some locales separate with ";" or tabs; the header row tells.
    delimiter = max(",;\t", key=first.count)
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield tuple(row)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(lines: list[tuple[Any, ...]]) -> Table:
    if not lines or all(_blank(v) for v in lines[0]):
        return _file_error(_("The first row must hold the column names of the template."))
    if len(lines) > MAX_ROWS + 1:
        message = _("The file has more than %(max)s rows: split it into several files.")
        return _file_error(message % {"max": MAX_ROWS})
    positions, errors = _header(lines[0])
    if not positions:  # not the template at all: its rows cannot be read
        return Table(rows=[], errors=errors)
    # Columns unknown, repeated or missing are listed, and the rows are still checked with the
    # columns the header names (a missing required column is told once, on the header).
    rows = []
    for number, values in enumerate(lines[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
        rows.append((number, cells))
    if not rows:
        return Table(
            rows=[], errors=[*errors, *_file_error(_("The file has no rows to import.")).errors]
        )
    return Table(rows=rows, errors=errors)


def _header(values: Sequence[Any]) -> tuple[dict[str, int], list[RowError]]:
    positions: dict[str, int] = {}
    errors = []
    for i, value in enumerate(values):
        if _blank(value):
            continue
        name = str(value).strip().lower()
        if name not in COLUMN_ORDER:
            message = _("Unknown column: use the template.")
            errors.append(RowError(1, str(value).strip(), message, shown(value)))
        elif name in positions:
            errors.append(RowError(1, name, _("This column appears twice."), shown(value)))
        else:
            positions[name] = i
    for name in REQUIRED:
        if name not in positions:
            errors.append(RowError(1, name, _("This column is missing.")))
    if not any(n in positions for n in NAME_COLUMNS):
        errors.append(RowError(1, NAME_COLUMNS[0], _("This column is missing.")))
    return positions, errors
