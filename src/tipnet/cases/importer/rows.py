"""Checking each row on its own: types, code lists, the sentence rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.cases import codes
from tipnet.cases.importer.columns import (
    AMOUNT_LIMIT,
    CONTROL,
    DEFAULT_LAW,
    ISO_DATE,
    NAME_COLUMNS,
    SMALL_INT_MAX,
    STEP_COLUMNS,
    RowError,
)
from tipnet.cases.models import Offence
from tipnet.cases.stages import (
    Currency,
    Sentence,
    Verdict,
    sentence_problems,
)
from tipnet.geo.models import Area, AreaLevel
from tipnet.people.models import Gender
from tipnet.people.names import name_key

if TYPE_CHECKING:
    pass

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
        if value not in codes_of(choices):
            self.error(column, _unknown(value))
            return default
        return value

    def code_list(self, column: str, choices: type[models.TextChoices]) -> tuple[str, ...]:
        if self.missing(column):
            return ()
        found: list[str] = []
        for part in self.text(column, 500).split(";"):
            value = part.strip()
            if value and value not in codes_of(choices):
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
def codes_of(choices: type[models.TextChoices]) -> tuple[str, ...]:
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
