"""Checking each row on its own: types, code lists, the sentence rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.db import models
from django.utils import timezone, translation
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
    YesNo,
    shown,
)
from tipnet.cases.models import Offence
from tipnet.cases.stages import (
    Appeal,
    AppealOutcome,
    CourtLevel,
    Currency,
    Sentence,
    Verdict,
    appeal_problems,
    sentence_problems,
)
from tipnet.cases.victims import AgeBand, VictimSex
from tipnet.core.numbers import normalise_input
from tipnet.geo.models import Area, AreaLevel
from tipnet.people.models import Gender
from tipnet.people.names import name_key

# Spreadsheets typed on Khmer keyboards write Khmer digits: dates, numbers and codes take both.
KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
# A province as the template's drop-down offers it ("12 – Phnom Penh") or as its code.
PROVINCE = re.compile(r"(\d{1,2})(?:\s*[–-].*)?", re.DOTALL)
VICTIMS_MAX = 9999
APPEAL_DATES = frozenset(("appeal_on", "appeal_decided_on"))

# Checking each row -------------------------------------------------------------------------


@dataclass
class Lookups:
    """What rows are checked against, read once for the whole file."""

    provinces: dict[str, Area]
    offences: dict[tuple[str, str], Offence]
    today: date
    provinces_by_name: dict[str, Area] = field(default_factory=dict)  # folded, both languages

    @classmethod
    def load(cls) -> Lookups:
        provinces = list(Area.objects.filter(level=AreaLevel.PROVINCE))
        return cls(
            provinces={a.code: a for a in provinces},
            offences={(o.law, o.article): o for o in Offence.objects.all()},
            today=timezone.localdate(),
            provinces_by_name={
                _folded(name): a for a in provinces for name in (a.name_en, a.name_km) if name
            },
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
    at_large: bool | None = None  # None: not said
    verdict_court_level: str = ""
    appeal_court_level: str = ""
    appeal_outcome: str = ""
    victims: tuple[str, str, int] | None = None  # sex, age band, count
    failed: frozenset[str] = frozenset()  # the columns whose cells could not be read


class Cells:
    """One row's cells read column by column; problems are collected, never raised."""

    def __init__(
        self, number: int, values: dict[str, Any], today: date, errors: list[RowError]
    ) -> None:
        self.number = number
        self.today = today
        self.errors = errors
        self.failed: set[str] = set()
        self.values = values  # the columns the header names, as the file has them
        # The cells that hold something, text stripped, read once (most cells are blank).
        self.cells: dict[str, Any] = {}
        for column, value in values.items():
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    continue
                if CONTROL.search(value):
                    message = _("This cell holds a control character (such as NUL): remove it.")
                    self.error(column, message)
                    continue
            elif value is None:
                continue
            self.cells[column] = value

    def error(self, column: str, message: str) -> None:
        self.failed.add(column)
        self.errors.append(RowError(self.number, column, message, shown(self.values.get(column))))

    def raw(self, column: str) -> Any:
        return self.cells.get(column)

    def missing(self, column: str, required: bool = False) -> bool:
        if column in self.cells:
            return False
        # A column the header lacks is told once, on the header.
        if required and column not in self.failed and column in self.values:
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
        elif isinstance(value, str) and ISO_DATE.fullmatch(value := _digits(value)):
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
        code = accepted(choices).get(_folded(value))
        if code is None:
            self.error(column, _unknown(value))
            return default
        return code

    def code_list(self, column: str, choices: type[models.TextChoices]) -> tuple[str, ...]:
        if self.missing(column):
            return ()
        found: list[str] = []
        known = accepted(choices)
        for part in self.text(column, 500).split(";"):
            value = part.strip()
            code = known.get(_folded(value))
            if value and code is None:
                self.error(column, _unknown(value))
            elif code and code not in found:
                found.append(code)
        return tuple(found)

    def whole(self, column: str, maximum: int = SMALL_INT_MAX, minimum: int = 0) -> int | None:
        if self.missing(column):
            return None
        value = self.raw(column)
        if isinstance(value, str):
            value = _digits(value)
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif (isinstance(value, float) and value.is_integer()) or (
            isinstance(value, str) and value.isascii() and value.isdigit()
        ):
            number = int(value)
        if number is None or not minimum <= number <= maximum:
            message = _("Give a whole number from %(min)s to %(max)s.")
            self.error(column, message % {"min": minimum, "max": maximum})
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
                # "20,000,000" as typed in a text cell, in either digit set, as forms take it.
                number = Decimal(normalise_input(str(value).replace(" ", ""), grouped=True))
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


def _digits(text: str) -> str:
    """Khmer digits as Western ones (most cells are ASCII: left as they are)."""
    return text if text.isascii() else text.translate(KHMER_DIGITS)


@cache
def codes_of(choices: type[models.TextChoices]) -> tuple[str, ...]:
    """The codes of a code list (Django computes ``.values`` anew at every use)."""
    return tuple(choices.values)


def _folded(value: str) -> str:
    return " ".join(value.split()).casefold()


@cache
def accepted(choices: type[models.TextChoices]) -> dict[str, str]:
    """What a cell of a coded column may hold, folded (case and spaces), to its code: the code,
    or its label in English or Khmer (the template's drop-down lists offer the labels in the
    language it was downloaded in)."""
    found: dict[str, str] = {}
    for language in ("km", "en"):  # codes and English labels win over a Khmer homonym
        with translation.override(language):
            found.update({_folded(str(label)): code for code, label in choices.choices})
    found.update({_folded(code): code for code in codes_of(choices)})
    return found


def _unknown(value: str) -> str:
    return _("Unknown value “%(value)s”: see the Help sheet of the template.") % {"value": value}


def parse_row(number: int, values: dict[str, Any], look: Lookups, errors: list[RowError]) -> Row:
    """One row on its own: every cell is read and every problem listed (a cell that cannot be
    read is left out of the checks that need it, and named in ``row.failed``)."""
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
    _appeal(cells, row)
    _victims(cells, row)
    row.failed = frozenset(cells.failed)
    return row


def _province(cells: Cells, look: Lookups) -> Area | None:
    if cells.missing("province_code", required=True):
        return None
    value = cells.raw("province_code")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = _digits(str(value))
    match = PROVINCE.fullmatch(code.strip())
    if match:
        code = match.group(1)
    if code.isdigit() and len(code) == 1:
        code = f"0{code}"  # spreadsheets turn "01" into the number 1
    area = look.provinces.get(code) or look.provinces_by_name.get(_folded(code))
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
    at_large = cells.code("suspect_at_large", YesNo)
    row.at_large = {YesNo.YES: True, YesNo.NO: False}.get(YesNo(at_large)) if at_large else None


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
    row.verdict_court_level = cells.code("verdict_court_level", CourtLevel)
    row.prison_years = cells.whole("prison_years")
    row.prison_months = cells.whole("prison_months")
    row.fine_amount = cells.amount("fine_amount")
    row.fine_currency = cells.code("fine_currency", Currency)
    failed = set(cells.failed)  # a cell that could not be read has its error already
    for problem in sentence_problems(Sentence.of(vars(row))):
        if not failed.intersection(problem.fields):
            for column in problem.fields:
                cells.error(column, problem.message)


def _appeal(cells: Cells, row: Row) -> None:
    row.appeal_court_level = cells.code("appeal_court_level", CourtLevel)
    row.appeal_outcome = cells.code("appeal_outcome", AppealOutcome)
    if not (row.appeal_court_level or row.appeal_outcome or row.steps.keys() & APPEAL_DATES):
        return  # no appeal: nothing to check
    given = {**vars(row), **row.steps}
    failed = set(cells.failed)
    for problem in appeal_problems(Appeal.of(given)):
        if not failed.intersection(problem.fields):
            for column in problem.fields:
                cells.error(column, problem.message)


def _victims(cells: Cells, row: Row) -> None:
    count = cells.whole("victim_count", VICTIMS_MAX, minimum=1)
    sex = cells.code("victim_sex", VictimSex, VictimSex.UNKNOWN)
    band = cells.code("victim_age_band", AgeBand, AgeBand.UNKNOWN)
    if count is not None:
        row.victims = (sex, band, count)
    elif "victim_count" not in cells.failed and (
        cells.raw("victim_sex") is not None or cells.raw("victim_age_band") is not None
    ):
        cells.error("victim_count", _("Give the number of these victims."))
