"""Import of existing court spreadsheets (XLSX or CSV): one row is one charge of one suspect in
one case.

Every row is checked before anything is written: types, code lists, the proceedings rules of
:mod:`tipnet.cases.stages` (run against what is already recorded, as the case pages do), and
that rows of one case or one suspect agree. If any row is wrong nothing is written and every
problem is returned by row and column. Otherwise the whole file is written in one transaction,
reusing what an earlier import created (cases by organisation and court file number, suspects by
name key, charges by offence, steps by kind), so that importing the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, Resource, can
from tipnet.accounts.models import Organisation
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.cases import codes
from tipnet.cases.models import Case, CasePerson, Charge, Offence, ProceedingStep
from tipnet.cases.services import next_case_numbers
from tipnet.cases.stages import (
    Currency,
    ProceedingKind,
    RefusedStep,
    Sentence,
    StepFacts,
    Verdict,
    check_charge,
    check_new_charge,
    check_step,
    check_verdict,
    furthest,
    sentence_problems,
    stage_of,
)
from tipnet.cases.summary import refresh, summarise
from tipnet.core.actor import Actor
from tipnet.geo.models import Area, AreaLevel
from tipnet.people.models import Gender, Person
from tipnet.people.names import name_key

if TYPE_CHECKING:
    from tipnet.accounts.models import User

K = ProceedingKind
SUSPECT = codes.CaseRole.SUSPECT
DEFAULT_LAW = "TIP2008"
CASES_SHEET = "Cases"
XLSX_SIGNATURE = b"PK\x03\x04"
OLD_EXCEL_SIGNATURE = b"\xd0\xcf\x11\xe0"
# SQLite allows 999 parameters per statement in old builds: keep every IN list below that.
CHUNK = 900
BATCH = 1000
# Twice the largest court file expected; a compressed XLSX of 10 MB could hold far more.
MAX_ROWS = 200_000
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Control characters but tab and line breaks: broken exports write them, PostgreSQL cannot
# store NUL at all, and they would reach pages and exports.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SMALL_INT_MAX = 32767  # PositiveSmallIntegerField
AMOUNT_LIMIT = Decimal(10) ** 12  # max_digits=14, decimal_places=2


@dataclass(frozen=True)
class Column:
    """A column of the template, with its documentation for the Help sheet."""

    name: str
    required: bool
    meaning_en: str
    meaning_km: str
    allowed: str | type[models.TextChoices] = ""


DATE_HINT = "YYYY-MM-DD"
# The template's columns, in order; the Help sheet is written from this table.
COLUMNS: tuple[Column, ...] = (
    Column("case_reference", True,
           "Court file number. Rows with the same number are one case.",
           "លេខសំណុំរឿងរបស់តុលាការ។ ជួរដេកដែលមានលេខដូចគ្នា ជារឿងក្តីតែមួយ។", "text"),
    Column("province_code", True,
           "Two-digit gazetteer code of the province where the case is registered.",
           "លេខកូដខេត្តពីរខ្ទង់ តាមបញ្ជីភូមិសាស្ត្រ ដែលរឿងក្តីត្រូវបានចុះបញ្ជី។", "01, 02, … 25"),
    Column("reported_on", True, "Date the case was reported.",
           "កាលបរិច្ឆេទដែលរឿងក្តីត្រូវបានរាយការណ៍។", DATE_HINT),
    Column("case_title", True, "Title of the case.", "ចំណងជើងរឿងក្តី។", "text"),
    Column("source", False, "Where the case came from (empty: court).",
           "ប្រភពនៃរឿងក្តី (ទទេ៖ court)។", codes.CaseSource),
    Column("exploitation_types", False, "Types of exploitation, separated by “;”.",
           "ប្រភេទនៃការកេងប្រវ័ញ្ច បំបែកដោយសញ្ញា “;”។", codes.ExploitationType),
    Column("suspect_name_km", False, "Suspect's name in Khmer script (this or the next).",
           "ឈ្មោះជនសង្ស័យជាអក្សរខ្មែរ (ឈ្មោះនេះ ឬឈ្មោះបន្ទាប់)។", "text"),
    Column("suspect_name_latin", False, "Suspect's name in Latin letters (this or the previous).",
           "ឈ្មោះជនសង្ស័យជាអក្សរឡាតាំង (ឈ្មោះនេះ ឬឈ្មោះមុន)។", "text"),
    Column("suspect_gender", False, "Suspect's sex or gender (empty: not specified).",
           "ភេទរបស់ជនសង្ស័យ (ទទេ៖ មិនបញ្ជាក់)។", Gender),
    Column("suspect_birth_date", False, "Suspect's date of birth.",
           "ថ្ងៃខែឆ្នាំកំណើតរបស់ជនសង្ស័យ។", DATE_HINT),
    Column("arrested_on", False, "Date of arrest.", "កាលបរិច្ឆេទចាប់ខ្លួន។", DATE_HINT),
    Column("forwarded_on", False, "Date the file was forwarded to the prosecutor.",
           "កាលបរិច្ឆេទបញ្ជូនសំណុំរឿងទៅព្រះរាជអាជ្ញា។", DATE_HINT),
    Column("judicial_investigation_on", False, "Date the judicial investigation opened.",
           "កាលបរិច្ឆេទបើកការស៊ើបសួររបស់ចៅក្រមស៊ើបសួរ។", DATE_HINT),
    Column("indicted_on", False, "Date of the closing order sending the suspect to trial.",
           "កាលបរិច្ឆេទដីកាដំណោះស្រាយ បញ្ជូនជនសង្ស័យទៅជំនុំជម្រះ។", DATE_HINT),
    Column("trial_on", False, "Date of the trial.", "កាលបរិច្ឆេទសវនាការជំនុំជម្រះ។", DATE_HINT),
    Column("offence_law", False, "Law of the offence charged (empty: TIP2008, the 2008 law).",
           "ច្បាប់នៃបទល្មើសដែលចោទប្រកាន់ (ទទេ៖ TIP2008 ច្បាប់ឆ្នាំ២០០៨)។", "TIP2008"),
    Column("offence_article", True, "Article of the offence charged, as in the offence list.",
           "មាត្រានៃបទល្មើសដែលចោទប្រកាន់ ដូចក្នុងបញ្ជីបទល្មើស។", "8, 10, 12, …"),
    Column("charged_on", True, "Date of the charge.", "កាលបរិច្ឆេទចោទប្រកាន់។", DATE_HINT),
    Column("verdict", False, "Verdict on this charge, if given.",
           "សាលក្រមលើការចោទប្រកាន់នេះ ប្រសិនបើមាន។", Verdict),
    Column("verdict_on", False, "Date of the verdict (with a verdict).",
           "កាលបរិច្ឆេទប្រកាសសាលក្រម (ជាមួយសាលក្រម)។", DATE_HINT),
    Column("prison_years", False, "Prison sentence: years.", "ទោសដាក់ពន្ធនាគារ៖ ចំនួនឆ្នាំ។",
           "0, 1, 2, …"),
    Column("prison_months", False, "Prison sentence: months.", "ទោសដាក់ពន្ធនាគារ៖ ចំនួនខែ។",
           "0–11"),
    Column("fine_amount", False, "Fine.", "ប្រាក់ពិន័យ។", "20000000, 500.50"),
    Column("fine_currency", False, "Currency of the fine.", "រូបិយប័ណ្ណនៃប្រាក់ពិន័យ។",
           Currency),
)  # fmt: skip
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
COLUMN_ORDER = {name: i for i, name in enumerate(COLUMN_NAMES)}
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
NAME_COLUMNS = ("suspect_name_km", "suspect_name_latin")
# Step columns in the order proceedings run; charges come between the two groups.
STEPS_BEFORE_CHARGES = {
    "arrested_on": K.ARREST,
    "forwarded_on": K.FORWARDED,
    "judicial_investigation_on": K.JUDICIAL_INVESTIGATION,
}
STEPS_AFTER_CHARGES = {"indicted_on": K.INDICTED, "trial_on": K.TRIAL}
STEP_COLUMNS = {**STEPS_BEFORE_CHARGES, **STEPS_AFTER_CHARGES}


@dataclass(frozen=True, order=True)
class RowError:
    """One problem: the row as numbered in the sheet (1 = the header, 0 = the whole file)."""

    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int
    errors: list[RowError] = field(default_factory=list)
    cases_created: int = 0
    cases_updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Table:
    """The cells of a sheet by column name, with the row numbers the user sees."""

    rows: list[tuple[int, dict[str, Any]]]
    errors: list[RowError] = field(default_factory=list)


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


# Checking each row -------------------------------------------------------------------------


@dataclass
class Lookups:
    """What rows are checked against, read once for the whole file."""

    provinces: dict[str, Area]
    offences: dict[tuple[str, str], Offence]
    today: date

    @classmethod
    def load(cls) -> Lookups:
        return cls(
            provinces={a.code: a for a in Area.objects.filter(level=AreaLevel.PROVINCE)},
            offences={(o.law, o.article): o for o in Offence.objects.all()},
            today=timezone.localdate(),
        )


@dataclass
class Row:
    number: int
    case_reference: str = ""
    province: Area | None = None
    reported_on: date | None = None
    case_title: str = ""
    source: str = ""
    exploitation_types: tuple[str, ...] = ()
    name_km: str = ""
    name_latin: str = ""
    key: str = ""
    gender: str = Gender.UNKNOWN
    birth_date: date | None = None
    steps: dict[str, date] = field(default_factory=dict)  # column -> date
    offence: Offence | None = None
    charged_on: date | None = None
    verdict: str = ""
    verdict_on: date | None = None
    prison_years: int | None = None
    prison_months: int | None = None
    fine_amount: Decimal | None = None
    fine_currency: str = ""


class Cells:
    """One row's cells read column by column; problems are collected, never raised."""

    def __init__(
        self, number: int, values: dict[str, Any], today: date, errors: list[RowError]
    ) -> None:
        self.number = number
        self.today = today
        self.errors = errors
        self.failed: set[str] = set()
        self.values = {
            column: None if self._controls(column, value) else value
            for column, value in values.items()
        }

    def _controls(self, column: str, value: Any) -> bool:
        if isinstance(value, str) and CONTROL.search(value):
            message = _("This cell holds a control character (such as NUL): remove it.")
            self.error(column, message)
            return True
        return False

    def error(self, column: str, message: str) -> None:
        self.failed.add(column)
        self.errors.append(RowError(self.number, column, message))

    def raw(self, column: str) -> Any:
        value = self.values.get(column)
        if isinstance(value, str):
            return value.strip() or None
        return value

    def missing(self, column: str, required: bool = False) -> bool:
        if self.raw(column) is not None:
            return False
        if required and column not in self.failed:
            self.error(column, _("This cell is required."))
        return True

    def text(self, column: str, max_length: int, required: bool = False) -> str:
        if self.missing(column, required):
            return ""
        value = self.raw(column)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a number in a text column: "12", not "12.0"
        elif isinstance(value, datetime):
            value = value.date()
        text = value.isoformat() if isinstance(value, date) else str(value)
        if len(text) > max_length:
            self.error(column, _("Too long: at most %(max)s characters.") % {"max": max_length})
            return ""
        return text

    def day(self, column: str, required: bool = False, not_future: bool = False) -> date | None:
        if self.missing(column, required):
            return None
        value = self.raw(column)
        found: date | None = None
        if isinstance(value, datetime):
            found = value.date()
        elif isinstance(value, date):
            found = value
        elif isinstance(value, str) and ISO_DATE.fullmatch(value):
            try:
                found = date.fromisoformat(value)
            except ValueError:
                found = None
        if found is None:
            self.error(column, _("Not a date: use a date cell or write it as YYYY-MM-DD."))
        elif not_future and found > self.today:
            self.error(column, _("This date is in the future."))
            return None
        return found

    def code(self, column: str, choices: type[models.TextChoices], default: str = "") -> str:
        if self.missing(column):
            return default
        value = self.text(column, 100)
        if column in self.failed:
            return default
        if value not in _codes(choices):
            self.error(column, _unknown(value))
            return default
        return value

    def code_list(self, column: str, choices: type[models.TextChoices]) -> tuple[str, ...]:
        if self.missing(column):
            return ()
        found: list[str] = []
        for part in self.text(column, 500).split(";"):
            value = part.strip()
            if value and value not in _codes(choices):
                self.error(column, _unknown(value))
            elif value and value not in found:
                found.append(value)
        return tuple(found)

    def whole(self, column: str, maximum: int = SMALL_INT_MAX) -> int | None:
        if self.missing(column):
            return None
        value = self.raw(column)
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif (isinstance(value, float) and value.is_integer()) or (
            isinstance(value, str) and value.isascii() and value.isdigit()
        ):
            number = int(value)
        if number is None or not 0 <= number <= maximum:
            self.error(column, _("Give a whole number from 0 to %(max)s.") % {"max": maximum})
            return None
        return number

    def amount(self, column: str) -> Decimal | None:
        if self.missing(column):
            return None
        value = self.raw(column)
        number: Decimal | None = None
        if isinstance(value, float):
            value = round(value, 2)  # binary fractions from Excel: 0.3, not 0.30000000000000004
        if not isinstance(value, bool):
            try:
                number = Decimal(str(value).replace(" ", ""))
            except InvalidOperation:
                number = None
        exponent = number.as_tuple().exponent if number is not None else None
        if not (
            number is not None
            and isinstance(exponent, int)  # not NaN or infinity
            and exponent >= -2
            and 0 <= number < AMOUNT_LIMIT
        ):
            self.error(column, _("Not an amount: give a number from 0, with at most 2 decimals."))
            return None
        return number


@cache
def _codes(choices: type[models.TextChoices]) -> tuple[str, ...]:
    """The codes of a code list (Django computes ``.values`` anew at every use)."""
    return tuple(choices.values)


def _unknown(value: str) -> str:
    return _("Unknown value “%(value)s”: see the Help sheet of the template.") % {"value": value}


def parse_row(number: int, values: dict[str, Any], look: Lookups, errors: list[RowError]) -> Row:
    cells = Cells(number, values, look.today, errors)
    row = Row(number)
    row.case_reference = cells.text("case_reference", 100, required=True)
    row.province = _province(cells, look)
    row.reported_on = cells.day("reported_on", required=True, not_future=True)
    row.case_title = cells.text("case_title", 200, required=True)
    row.source = cells.code("source", codes.CaseSource)
    row.exploitation_types = cells.code_list("exploitation_types", codes.ExploitationType)
    _suspect(cells, row)
    for column in STEP_COLUMNS:
        on = cells.day(column)  # the proceedings rules check order and future dates
        if on is not None:
            row.steps[column] = on
    row.offence = _offence(cells, look)
    row.charged_on = cells.day("charged_on", required=True)
    _verdict(cells, row)
    return row


def _province(cells: Cells, look: Lookups) -> Area | None:
    if cells.missing("province_code", required=True):
        return None
    value = cells.raw("province_code")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = str(value)
    if code.isdigit() and len(code) == 1:
        code = f"0{code}"  # spreadsheets turn "01" into the number 1
    area = look.provinces.get(code)
    if area is None:
        cells.error("province_code", _("No province has the code “%(code)s”.") % {"code": code})
    return area


def _suspect(cells: Cells, row: Row) -> None:
    row.name_km = cells.text("suspect_name_km", 200)
    row.name_latin = cells.text("suspect_name_latin", 200)
    row.key = name_key(row.name_km, row.name_latin)
    if not row.key and not cells.failed.intersection(NAME_COLUMNS):
        cells.error("suspect_name_latin", _("Give the suspect's name in Khmer or Latin letters."))
    row.gender = cells.code("suspect_gender", Gender, Gender.UNKNOWN)
    row.birth_date = cells.day("suspect_birth_date", not_future=True)


def _offence(cells: Cells, look: Lookups) -> Offence | None:
    law = cells.text("offence_law", 120) or DEFAULT_LAW
    article = cells.text("offence_article", 20, required=True)
    if not article:
        return None
    offence = look.offences.get((law, article))
    if offence is None:
        cells.error(
            "offence_article",
            _("The offence list has no article %(article)s of the law %(law)s.")
            % {"article": article, "law": law},
        )
    elif not offence.is_active:
        cells.error("offence_article", _("This offence is no longer in use."))
        return None
    return offence


def _verdict(cells: Cells, row: Row) -> None:
    row.verdict = cells.code("verdict", Verdict)
    row.verdict_on = cells.day("verdict_on")
    row.prison_years = cells.whole("prison_years")
    row.prison_months = cells.whole("prison_months")
    row.fine_amount = cells.amount("fine_amount")
    row.fine_currency = cells.code("fine_currency", Currency)
    failed = set(cells.failed)  # a cell that could not be read has its error already
    for problem in sentence_problems(Sentence.of(vars(row))):
        if not failed.intersection(problem.fields):
            for column in problem.fields:
                cells.error(column, problem.message)


# Grouping rows into cases and suspects -----------------------------------------------------


@dataclass
class Existing:
    """A suspect already recorded: their steps (date, kind) in the order ``facts_of`` reads
    them, and their charges by offence (charge id, verdict)."""

    suspect_id: int
    steps: list[tuple[date, str]] = field(default_factory=list)
    charges: dict[int, tuple[int, str]] = field(default_factory=dict)


@dataclass
class Step:
    kind: str
    on: date
    row: Row | None = None  # for a verdict: the row of the charge it decides


@dataclass
class SuspectGroup:
    key: str
    rows: list[Row] = field(default_factory=list)
    agreed: dict[str, tuple[Any, int]] = field(default_factory=dict)  # column -> (value, row)
    existing: Existing | None = None
    link_id: int | None = None  # the CasePerson, found or created
    new_charges: list[Row] = field(default_factory=list)
    new_verdicts: list[Row] = field(default_factory=list)  # on charges recorded before
    new_steps: list[Step] = field(default_factory=list)

    def value(self, column: str, default: Any = None) -> Any:
        return self.agreed[column][0] if column in self.agreed else default

    @property
    def touched(self) -> bool:
        return self.existing is None or bool(
            self.new_charges or self.new_verdicts or self.new_steps
        )


@dataclass
class CaseGroup:
    reference: str
    rows: list[Row] = field(default_factory=list)
    agreed: dict[str, tuple[Any, int]] = field(default_factory=dict)
    suspects: dict[str, SuspectGroup] = field(default_factory=dict)
    case: Case | None = None  # the case recorded before
    case_id: int | None = None  # that case's, or the one this import creates
    created: bool = False
    same_reference: list[str] = field(default_factory=list)  # numbers of recorded cases

    def value(self, column: str, default: Any = None) -> Any:
        return self.agreed[column][0] if column in self.agreed else default

    @property
    def touched(self) -> bool:
        return self.created or any(s.touched for s in self.suspects.values())


def _case_values(row: Row) -> dict[str, Any]:
    return {
        "province_code": row.province,
        "reported_on": row.reported_on,
        "case_title": row.case_title or None,
        "source": row.source or None,
        "exploitation_types": frozenset(row.exploitation_types) or None,
    }


def _suspect_values(row: Row) -> dict[str, Any]:
    values: dict[str, Any] = {
        "suspect_gender": row.gender if row.gender != Gender.UNKNOWN else None,
        "suspect_birth_date": row.birth_date,
    }
    values.update({column: row.steps.get(column) for column in STEP_COLUMNS})
    return values


def _shown(value: Any) -> str:
    if isinstance(value, Area):
        return value.code
    if isinstance(value, frozenset):
        return ";".join(sorted(value))
    return value.isoformat() if isinstance(value, date) else str(value)


def _agree(
    agreed: dict[str, tuple[Any, int]],
    values: dict[str, Any],
    row: Row,
    message: str,
    errors: list[RowError],
) -> None:
    """Merge a row's values into its group's: an empty cell adds nothing, a different value is
    an error on this row naming the row it disagrees with."""
    for column, value in values.items():
        if value is None:
            continue
        if column not in agreed:
            agreed[column] = (value, row.number)
        elif agreed[column][0] != value:
            first, number = agreed[column]
            errors.append(
                RowError(row.number, column, message % {"row": number, "value": _shown(first)})
            )


def group_rows(rows: Iterable[Row], errors: list[RowError]) -> dict[str, CaseGroup]:
    cases: dict[str, CaseGroup] = {}
    charged: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)  # offence -> its row
    case_message = _("Rows of one case must agree: row %(row)s gives “%(value)s”.")
    suspect_message = _("Rows of one suspect must agree: row %(row)s gives “%(value)s”.")
    for row in rows:
        if not row.case_reference:
            continue
        case = cases.setdefault(row.case_reference, CaseGroup(row.case_reference))
        case.rows.append(row)
        _agree(case.agreed, _case_values(row), row, case_message, errors)
        if not row.key:
            continue
        suspect = case.suspects.setdefault(row.key, SuspectGroup(row.key))
        suspect.rows.append(row)
        _agree(suspect.agreed, _suspect_values(row), row, suspect_message, errors)
        if row.offence is None:
            continue
        offences = charged[row.case_reference, row.key]
        try:
            check_new_charge(offences, row.offence.pk)
        except RefusedStep:
            message = _("Row %(row)s already charges this suspect with this offence.")
            number = offences[row.offence.pk]
            errors.append(RowError(row.number, "offence_article", message % {"row": number}))
        else:
            offences[row.offence.pk] = row.number
    return cases


# What is already recorded ------------------------------------------------------------------


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def load_existing(organisation_id: int, cases: dict[str, CaseGroup]) -> None:
    """Attach what is already recorded (by an earlier import or by hand) to the groups: cases
    by reference, suspects by name key, their charges and steps; a few queries in all."""
    by_id: dict[int, CaseGroup] = {}
    for chunk in _chunks(sorted(cases)):
        found = Case.objects.filter(
            owner_organisation_id=organisation_id, source_reference__in=chunk
        ).select_related("place")
        for case in found.order_by("id"):
            group = cases[case.source_reference]
            group.same_reference.append(case.number)
            if group.case is None:
                group.case, group.case_id = case, case.pk
                by_id[case.pk] = group
    suspects: dict[int, Existing] = {}
    for chunk in _chunks(sorted(by_id)):
        links = CasePerson.objects.filter(case_id__in=chunk, role=SUSPECT).order_by("id")
        for pk, case_id, key in links.values_list("id", "case_id", "person__name_key"):
            group = by_id[case_id].suspects.get(key)
            if group is not None and group.existing is None:
                group.existing = suspects[pk] = Existing(pk)
                group.link_id = pk
    for chunk in _chunks(sorted(suspects)):
        charges = Charge.objects.filter(suspect_id__in=chunk).values_list(
            "id", "suspect_id", "offence_id", "verdict"
        )
        for pk, suspect_id, offence_id, verdict in charges:
            suspects[suspect_id].charges[offence_id] = (pk, verdict)
        steps = ProceedingStep.objects.filter(suspect_id__in=chunk).order_by("date", "id")
        for suspect_id, kind, on in steps.values_list("suspect_id", "kind", "date"):
            suspects[suspect_id].steps.append((on, kind))


def _check_cases(user: User, cases: dict[str, CaseGroup], errors: list[RowError]) -> None:
    may_register: dict[str, bool] = {}
    for group in cases.values():
        number = group.rows[0].number
        province: Area | None = group.value("province_code")
        case = group.case
        if case is not None and len(group.same_reference) > 1:
            message = _("Several cases of your organisation have this reference: %(numbers)s.")
            numbers = ", ".join(group.same_reference)
            errors.append(RowError(number, "case_reference", message % {"numbers": numbers}))
        elif case is not None and not can(user, Action.CHANGE, Resource.CASE, case):
            message = _("Case %(number)s has this reference and you may not change it.")
            errors.append(RowError(number, "case_reference", message % {"number": case.number}))
        elif case is not None and province and case.place.path.split(".")[0] != province.code:
            message = _("Case %(number)s has this reference but another province.")
            errors.append(RowError(number, "province_code", message % {"number": case.number}))
        elif case is None and province is not None:
            if province.code not in may_register:
                draft = Case(owner_organisation_id=user.organisation_id, place=province)
                may_register[province.code] = can(user, Action.CREATE, Resource.CASE, draft)
            if not may_register[province.code]:
                message = _("You may not register cases in this province.")
                errors.append(RowError(number, "province_code", message))


# The proceedings rules ---------------------------------------------------------------------


class Proceedings:
    """A suspect's proceedings in memory, grown one step at a time under the rules of
    stages.py; ``facts()`` gives what ``services.facts_of`` would read from the database."""

    def __init__(self, existing: Existing | None) -> None:
        self.steps: list[tuple[date, str]] = list(existing.steps) if existing else []
        self.verdicts: dict[int, str] = (
            {offence: verdict for offence, (_pk, verdict) in existing.charges.items()}
            if existing
            else {}
        )

    def facts(self) -> StepFacts:
        ordered = sorted(self.steps, key=lambda s: s[0])  # stable: recorded order within a day
        verdicts = list(self.verdicts.values())
        return StepFacts(
            stage=stage_of(kind for _on, kind in ordered),
            last_date=max((on for on, _kind in ordered), default=None),
            has_charges=bool(verdicts),
            undecided_charges=sum(1 for v in verdicts if not v),
            arrested=any(kind == K.ARREST for _on, kind in ordered),
        )

    def trial_date(self) -> date | None:
        return max((on for on, kind in self.steps if kind == K.TRIAL), default=None)


class Refused(Exception):
    def __init__(self, row: int, column: str, message: str) -> None:
        super().__init__(message)
        self.error = RowError(row, column, message)


def check_proceedings(suspect: SuspectGroup, today: date) -> RowError | None:
    """Plan one suspect's new steps, charges and verdicts, checking each with the rules of
    stages.py in the order they happen, after what is recorded. Only steps of a kind the
    suspect does not have yet and charges not yet recorded are new. The first refusal is the
    error: later ones would only follow from it."""
    proceedings = Proceedings(suspect.existing)
    recorded = {kind for _on, kind in proceedings.steps}
    try:
        _plan_steps(suspect, proceedings, STEPS_BEFORE_CHARGES, recorded, today)
        _plan_charges(suspect, proceedings, today)
        _plan_steps(suspect, proceedings, STEPS_AFTER_CHARGES, recorded, today)
        _plan_verdicts(suspect, proceedings, today)
    except Refused as refused:
        return refused.error
    return None


def _plan_steps(
    suspect: SuspectGroup,
    proceedings: Proceedings,
    columns: dict[str, str],
    recorded: set[str],
    today: date,
) -> None:
    for column, kind in columns.items():
        if column not in suspect.agreed or kind in recorded:
            continue
        on, number = suspect.agreed[column]
        try:
            check_step(proceedings.facts(), kind, on, today)
        except RefusedStep as refused:
            raise Refused(number, column, str(refused.message)) from None
        proceedings.steps.append((on, kind))
        suspect.new_steps.append(Step(kind, on))


def _plan_charges(suspect: SuspectGroup, proceedings: Proceedings, today: date) -> None:
    recorded = suspect.existing.charges if suspect.existing else {}
    rows = [r for r in suspect.rows if r.offence is not None and r.offence.pk not in recorded]
    for row in sorted(rows, key=lambda r: (r.charged_on or date.min, r.number)):
        assert row.charged_on is not None and row.offence is not None  # else the row failed
        facts = proceedings.facts()
        try:
            check_charge(facts, row.charged_on, today)
        except RefusedStep as refused:
            message = str(refused.message)
            if not facts.stage:  # the rule's words are for a suspect past the closing order
                message = _("A charge needs an earlier step: give at least the arrest date.")
            raise Refused(row.number, "charged_on", message) from None
        proceedings.verdicts[row.offence.pk] = ""
        suspect.new_charges.append(row)


def _plan_verdicts(suspect: SuspectGroup, proceedings: Proceedings, today: date) -> None:
    rows = [
        r
        for r in suspect.rows
        if r.verdict and r.offence is not None and not proceedings.verdicts.get(r.offence.pk)
    ]
    new = {r.number for r in suspect.new_charges}
    for row in sorted(rows, key=lambda r: (r.verdict_on or date.min, r.number)):
        assert row.verdict_on is not None and row.offence is not None
        facts = proceedings.facts()
        try:
            check_verdict(facts, facts.stage, proceedings.trial_date(), row.verdict_on, today)
        except RefusedStep as refused:
            raise Refused(row.number, "verdict_on", str(refused.message)) from None
        proceedings.verdicts[row.offence.pk] = row.verdict
        proceedings.steps.append((row.verdict_on, K.VERDICT))
        suspect.new_steps.append(Step(K.VERDICT, row.verdict_on, row))
        if row.number not in new:
            suspect.new_verdicts.append(row)


# Checking the whole file -------------------------------------------------------------------


def check_table(user: User, table: Table) -> tuple[dict[str, CaseGroup], list[RowError]]:
    """Every row, then the cases and suspects, then the proceedings after what is recorded."""
    errors = list(table.errors)
    look = Lookups.load()
    rows = [parse_row(number, cells, look, errors) for number, cells in table.rows]
    cases = group_rows(rows, errors)
    load_existing(user.organisation_id, cases)  # type: ignore[arg-type]
    _check_cases(user, cases, errors)
    failed = {e.row for e in errors}
    for case in cases.values():
        for suspect in case.suspects.values():
            if any(r.number in failed for r in suspect.rows):
                continue  # the rules would only repeat what is wrong with its rows
            error = check_proceedings(suspect, look.today)
            if error is not None:
                errors.append(error)
    errors.sort(key=lambda e: (e.row, COLUMN_ORDER.get(e.column, -1), e.message))
    return cases, errors


def import_spreadsheet(actor: Actor, data: bytes) -> ImportResult:
    """Import an uploaded XLSX or CSV file (see :func:`import_table`)."""
    table = read_table(data)
    if table.errors:
        return ImportResult(rows=len(table.rows), errors=table.errors)
    return import_table(actor, table)


def import_table(actor: Actor, table: Table) -> ImportResult:
    """Check every row; if all are right write them all in one transaction with one audit
    event, else write nothing and return every problem."""
    user: User = actor.user
    result = ImportResult(rows=len(table.rows))
    if not can(user, Action.CREATE, Resource.CASE):
        result.errors.append(RowError(0, "", _("You may not register cases.")))
        return result
    if not user.organisation_id:
        message = _("Your account has no organisation, so it cannot register cases.")
        result.errors.append(RowError(0, "", message))
        return result
    with transaction.atomic():
        # One import at a time per organisation, checked against what the one before wrote:
        # two imports of one file at once must not both create its cases.
        Organisation.objects.select_for_update(no_key=True).filter(pk=user.organisation_id).get()
        cases, result.errors = check_table(user, table)
        if result.errors:
            return result
        created, updated = write(user, cases)
        result.cases_created, result.cases_updated = len(created), len(updated)
        record_event(
            actor,
            AuditAction.CREATE,
            object_type="cases.import",
            detail=f"{result.rows} rows, {len(created)} cases created",
            changes={"cases": sorted(created + updated)},
        )
    return result


# Writing -----------------------------------------------------------------------------------


def write(user: User, cases: dict[str, CaseGroup]) -> tuple[list[int], list[int]]:
    """Write checked groups in bulk; the ids of the cases created and of those updated."""
    updated = [c.case_id for c in cases.values() if c.case_id is not None and c.touched]
    created = _create_cases(user, [c for c in cases.values() if c.case_id is None])
    touched = [s for c in cases.values() for s in c.suspects.values() if s.touched]
    _create_suspects(user, [(c, s) for c in cases.values() for s in c.suspects.values()])
    charge_ids = _write_charges(touched)
    _create_steps(user, touched, charge_ids)
    # New cases and suspects were written with their stage and summary; refresh the others.
    refresh(
        [s.link_id for s in touched if s.existing is not None and s.link_id is not None],
        [
            c.case_id
            for c in cases.values()
            if c.case_id is not None and c.touched and not c.created
        ],
    )
    return created, updated  # type: ignore[return-value]


def _create_cases(user: User, groups: list[CaseGroup]) -> list[int]:
    wanted: dict[tuple[Area, int], int] = defaultdict(int)
    for group in groups:
        wanted[(group.value("province_code"), group.value("reported_on").year)] += 1
    taken = {(p, y): iter(next_case_numbers(p, y, n)) for (p, y), n in wanted.items()}
    numbers = []
    rows = []
    for group in groups:  # in file order, so that numbers follow the sheet
        province: Area = group.value("province_code")
        reported: date = group.value("reported_on")
        types = group.value("exploitation_types", frozenset())
        numbers.append(next(taken[(province, reported.year)]))
        # A new case's suspects are all new: its stage is known before anything is written.
        stage = furthest(_new_summary(s)["stage"] for s in group.suspects.values())
        rows.append(
            {
                "number": numbers[-1],
                "title": group.value("case_title"),
                "source": group.value("source", codes.CaseSource.COURT),
                "source_reference": group.reference,
                "reporting_organisation_id": user.organisation_id,
                "owner_organisation_id": user.organisation_id,
                "created_by_id": user.pk,
                "place_id": province.pk,
                "reported_on": reported,
                "exploitation_types": [c for c in _codes(codes.ExploitationType) if c in types],
                "stage": stage,
            }
        )
    insert_rows(Case, rows)
    ids: dict[str, int] = {}
    for chunk in _chunks(numbers):  # case numbers are unique
        ids.update(Case.objects.filter(number__in=chunk).values_list("number", "id"))
    for group, number in zip(groups, numbers, strict=True):
        group.case_id, group.created = ids[number], True
    return [ids[n] for n in numbers]


def _create_suspects(user: User, pairs: list[tuple[CaseGroup, SuspectGroup]]) -> None:
    pairs = [(c, s) for c, s in pairs if s.link_id is None]
    if not pairs:
        return
    now = timezone.now()
    persons = [
        {
            "owner_organisation_id": user.organisation_id,
            "created_by_id": user.pk,
            "name_km": s.rows[0].name_km,
            "name_latin": s.rows[0].name_latin,
            "name_key": s.key,
            "gender": s.value("suspect_gender", Gender.UNKNOWN),
            "date_of_birth": s.value("suspect_birth_date"),
        }
        for _c, s in pairs
    ]
    insert_rows(Person, persons, now)
    # People have no unique key to read their ids back by; those this import inserted are
    # the importing user's with this very timestamp (imports of one organisation run one at a
    # time), in the order inserted. The names check that the order is the one expected.
    found = list(
        Person.objects.filter(created_by=user, created_at=now)
        .order_by("id")
        .values_list("id", "name_key")
    )
    if [key for _pk, key in found] != [p["name_key"] for p in persons]:
        raise RuntimeError("the people just imported could not be told apart")
    insert_rows(
        CasePerson,
        [
            {"case_id": c.case_id, "person_id": pk, "role": SUSPECT, **_new_summary(s)}
            for (c, s), (pk, _key) in zip(pairs, found, strict=True)
        ],
    )
    # A link is unique per case, person and role: read the ids back by those.
    ids: dict[tuple[int, int], int] = {}
    for chunk in _chunks(sorted({c.case_id for c, _s in pairs})):  # type: ignore[type-var]
        links = CasePerson.objects.filter(case_id__in=chunk, role=SUSPECT)
        for pk, case_id, person_id in links.values_list("id", "case_id", "person_id"):
            ids[case_id, person_id] = pk
    for (c, s), (person_id, _key) in zip(pairs, found, strict=True):
        s.link_id = ids[c.case_id, person_id]  # type: ignore[index]


def _new_summary(suspect: SuspectGroup) -> dict[str, Any]:
    """Stage and summary of a suspect this import creates, from its planned steps and charges
    (those recorded before are refreshed from the database after writing)."""
    return summarise(
        [(step.kind, step.on) for step in suspect.new_steps],
        [row.verdict for row in suspect.new_charges],
    )


def _verdict_fields(row: Row) -> dict[str, Any]:
    return {
        "verdict": row.verdict,
        "verdict_on": row.verdict_on,
        "prison_years": row.prison_years or 0,
        "prison_months": row.prison_months or 0,
        "fine_amount": row.fine_amount,
        "fine_currency": row.fine_currency if row.fine_amount is not None else "",
    }


VERDICT_FIELDS = list(_verdict_fields(Row(0)))


def _write_charges(suspects: list[SuspectGroup]) -> dict[int, int]:
    """Create the new charges (with their verdicts) and decide recorded ones; the charge id of
    each row with a verdict, by row number."""
    insert_rows(
        Charge,
        [
            {
                "suspect_id": s.link_id,
                "offence_id": row.offence.pk,  # type: ignore[union-attr]
                "charged_on": row.charged_on,
                **(_verdict_fields(row) if row.verdict else {}),
            }
            for s in suspects
            for row in s.new_charges
        ],
    )
    # A suspect is charged once per offence: read the new ids back by those two.
    charged = [s for s in suspects if s.new_charges]
    found: dict[tuple[int, int], int] = {}
    for chunk in _chunks(sorted(s.link_id for s in charged if s.link_id is not None)):
        charges = Charge.objects.filter(suspect_id__in=chunk)
        for pk, suspect_id, offence_id in charges.values_list("id", "suspect_id", "offence_id"):
            found[suspect_id, offence_id] = pk
    ids = {
        row.number: found[s.link_id, row.offence.pk]  # type: ignore[index,union-attr]
        for s in charged
        for row in s.new_charges
        if row.verdict
    }
    decided = []
    for s in suspects:
        for row in s.new_verdicts:
            assert s.existing is not None and row.offence is not None
            pk = s.existing.charges[row.offence.pk][0]
            decided.append(Charge(pk=pk, **_verdict_fields(row)))
            ids[row.number] = pk
    Charge.objects.bulk_update(decided, VERDICT_FIELDS, batch_size=BATCH)
    return ids


def _create_steps(user: User, suspects: list[SuspectGroup], charge_ids: dict[int, int]) -> None:
    # Inserted in the order checked, so that ids keep same-day steps in that order.
    insert_rows(
        ProceedingStep,
        [
            {
                "suspect_id": s.link_id,
                "kind": step.kind,
                "date": step.on,
                "charge_id": charge_ids[step.row.number] if step.row else None,
                "outcome": step.row.verdict if step.row else "",
                "recorded_by_id": user.pk,
            }
            for s in suspects
            for step in s.new_steps
        ],
    )


# Field types whose values need no conversion for the PostgreSQL driver (exact types only:
# subclasses such as the encrypted and code-list fields convert their values).
PLAIN_FIELDS = (
    models.CharField, models.TextField, models.BooleanField, models.DateField,
    models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField,
    models.BigIntegerField, models.ForeignKey,
)  # fmt: skip


def insert_rows(
    model: type[models.Model], rows: list[dict[str, Any]], now: datetime | None = None
) -> None:
    """Insert rows given by attribute name with one short statement and ``executemany``: each
    value through its field's own conversion (encryption included), missing ones the field's
    default and ``now`` for automatic timestamps, as ``bulk_create`` does. It is many times
    faster here: no model instance per row, and no statement of thousands of placeholders for
    the driver to parse (psycopg spends most of a large ``bulk_create`` doing that). No ids
    come back: callers read them back by a unique key. On PostgreSQL the rows go in by
    ``COPY`` (foreign keys, constraints and triggers apply as to INSERTs)."""
    if not rows:
        return
    # The connection itself, not Django's proxy of it (which looks it up on every use).
    db = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = now or timezone.now()
    defaults = {
        f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
        if not f.has_db_default()
    }  # fmt: skip
    fields = [f for f in fields if f.attname in defaults]
    by_name = {f.attname: f for f in fields}
    prepared = {f.attname: f.get_db_prep_save(defaults[f.attname], db) for f in fields}
    quote = db.ops.quote_name
    # Identifiers from the model's own metadata, values as parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )

    # psycopg takes these fields' Python values as they are: no per-value conversion call.
    as_is = (
        {f.attname for f in fields if type(f) in PLAIN_FIELDS}
        if db.vendor == "postgresql"
        else set()
    )

    def values(row: dict[str, Any]) -> list[Any]:
        out = dict(prepared)
        for name, value in row.items():
            out[name] = value if name in as_is else by_name[name].get_db_prep_save(value, db)
        return [out[f.attname] for f in fields]

    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            # COPY: the rows stream in one command, many times faster than one INSERT each.
            copy_sql = "COPY {} ({}) FROM STDIN".format(
                quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
            )
            with cursor.cursor.copy(copy_sql) as copy:  # psycopg 3
                for row in rows:
                    copy.write_row(values(row))
            return
        for start in range(0, len(rows), BATCH * 5):
            cursor.executemany(sql, [values(row) for row in rows[start : start + BATCH * 5]])


# The template ------------------------------------------------------------------------------


def _example(province: str) -> dict[str, Any]:
    return {
        "case_reference": "EXAMPLE-001/2024",
        "province_code": province,
        "reported_on": date(2024, 3, 1),
        "case_title": "Example: replace this row with your cases",
        "source": codes.CaseSource.COURT.value,
        "exploitation_types": "SexualExploitation;ForcedLabour",
        "suspect_name_km": "សុខ ដារា",
        "suspect_name_latin": "Sok Dara",
        "suspect_gender": Gender.MASCULINE.value,
        "suspect_birth_date": date(1985, 6, 15),
        "arrested_on": date(2024, 3, 2),
        "forwarded_on": date(2024, 3, 5),
        "judicial_investigation_on": date(2024, 3, 20),
        "indicted_on": date(2024, 9, 16),
        "trial_on": date(2025, 1, 20),
        "offence_law": DEFAULT_LAW,
        "offence_article": "10",
        "charged_on": date(2024, 3, 20),
        "verdict": Verdict.CONVICTED.value,
        "verdict_on": date(2025, 2, 10),
        "prison_years": 10,
        "prison_months": 0,
        "fine_amount": 20000000,
        "fine_currency": Currency.KHR.value,
    }


HELP_NOTES = (
    ("One row is one charge of one suspect in one case: repeat the case and the suspect on each "
     "of their rows.",
     "មួយជួរដេក គឺការចោទប្រកាន់មួយ លើជនសង្ស័យម្នាក់ ក្នុងរឿងក្តីមួយ៖ សូមសរសេរព័ត៌មានរឿងក្តី "
     "និងជនសង្ស័យឡើងវិញ នៅគ្រប់ជួរដេករបស់ពួកគេ។"),
    ("Keep the first row of the Cases sheet as it is: it names the columns. Other columns are "
     "refused; columns that are not required may be left out.",
     "សូមរក្សាជួរដេកទីមួយនៃសន្លឹក Cases ដដែល៖ វាជាឈ្មោះជួរឈរ។ ជួរឈរផ្សេងទៀតមិនត្រូវបានទទួលយកទេ "
     "ជួរឈរដែលមិនចាំបាច់ អាចលុបចេញបាន។"),
    ("Dates: date cells, or text written YYYY-MM-DD. Save as .xlsx, or as CSV in UTF-8.",
     "កាលបរិច្ឆេទ៖ ក្រឡាកាលបរិច្ឆេទ ឬអត្ថបទសរសេរជា YYYY-MM-DD (ឆ្នាំ-ខែ-ថ្ងៃ)។ "
     "រក្សាទុកជា .xlsx ឬជា CSV UTF-8។"),
    ("If any row is wrong, nothing is imported and every problem is listed by row and column. "
     "Importing the same file again adds nothing twice.",
     "ប្រសិនបើជួរដេកណាមួយខុស គ្មានអ្វីត្រូវបាននាំចូលទេ ហើយកំហុសនីមួយៗត្រូវបានបង្ហាញ "
     "តាមជួរដេក និងជួរឈរ។ ការនាំចូលឯកសារដដែលម្តងទៀត មិនបង្កើតទិន្នន័យស្ទួនទេ។"),
)  # fmt: skip
HELP_HEADER = ("Column / ជួរឈរ", "Required / ចាំបាច់", "Meaning", "អត្ថន័យ", "Allowed values",
               "តម្លៃដែលអនុញ្ញាត")  # fmt: skip


def _allowed(column: Column, language: str) -> str:
    if isinstance(column.allowed, str):
        return column.allowed
    with translation.override(language):
        return "\n".join(f"{value} = {label}" for value, label in column.allowed.choices)


def _help_rows() -> list[tuple[str, ...]]:
    # Notes in the columns of the meanings, where the sheet gives text room.
    rows: list[tuple[str, ...]] = [("Note / កំណត់សម្គាល់", "", en, km) for en, km in HELP_NOTES]
    rows += [(), HELP_HEADER]
    for column in COLUMNS:
        required = "yes / ចាំបាច់" if column.required else "no / មិនចាំបាច់"
        if column.name in NAME_COLUMNS:
            required = "one of the two names / ឈ្មោះមួយក្នុងចំណោមពីរ"
        rows.append(
            (column.name, required, column.meaning_en, column.meaning_km,
             _allowed(column, "en"), _allowed(column, "km"))
        )  # fmt: skip
    return rows


def template_workbook(user: User) -> bytes:
    """The import template: the Cases sheet (header and one example row) and the Help sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    if user.jurisdiction_id:
        province = user.jurisdiction.path.split(".")[0]  # type: ignore[union-attr]
    else:
        first = Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code").first()
        province = first.code if first else "01"
    book = Workbook()
    sheet = book.active
    sheet.title = CASES_SHEET
    example = _example(province)
    sheet.append(list(COLUMN_NAMES))
    sheet.append([example[name] for name in COLUMN_NAMES])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 2)
    for cell in sheet[2]:
        if isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet("Help")
    for values in _help_rows():
        help_sheet.append(list(values))
    wrap = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (28, 18, 45, 45, 40, 40), strict=True):
        help_sheet.column_dimensions[letter].width = width
        for cell in help_sheet[letter]:
            cell.alignment = wrap
    for cell in help_sheet[len(HELP_NOTES) + 2]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
