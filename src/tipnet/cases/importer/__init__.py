"""Import of existing court spreadsheets (XLSX or CSV): one row is one charge of one suspect in
one case.

Every row is checked before anything is written: types, code lists (codes, or their labels in
English or Khmer), the proceedings rules of :mod:`tipnet.cases.stages` (run against what is
already recorded, as the case pages do: steps, charges, verdicts, suspects at large tried in
absentia, appeals), and that rows of one case or one suspect agree. If any row is wrong nothing
is written and every problem is returned by row, column and the value at fault, all in one pass:
no phase waits for another to be clean (a cell that cannot be read, or a step a rule refuses, is
taken as there, undated, by the checks after it). Otherwise the whole file is written in one
transaction, reusing what an earlier import created (cases by organisation and court file
number, suspects by name key, charges by offence, steps by kind, victims counted by sex and age
band), so that importing the same file twice adds nothing.

The parts, in the order an import runs: :mod:`.columns` (the template, the limits, the result),
:mod:`.reading` (the file into rows of cells), :mod:`.rows` (each row on its own),
:mod:`.grouping` (cases, suspects, what is recorded), :mod:`.proceedings` (the rules),
:mod:`.writing` (the bulk writes), :mod:`.service` (the entry points) and :mod:`.template`.
"""

from tipnet.cases.importer.columns import (
    COLUMN_NAMES,
    COLUMNS,
    Column,
    ImportResult,
    RowError,
    Table,
)
from tipnet.cases.importer.reading import Bounds, OverBounds, read_table
from tipnet.cases.importer.service import check_table, import_spreadsheet, import_table
from tipnet.cases.importer.template import template_workbook
from tipnet.core.bulk import insert_rows

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "Bounds",
    "Column",
    "ImportResult",
    "OverBounds",
    "RowError",
    "Table",
    "check_table",
    "import_spreadsheet",
    "import_table",
    "insert_rows",
    "read_table",
    "template_workbook",
]
