"""The template's columns, the limits of a file, and what an import returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from tipnet.cases import codes
from tipnet.cases.stages import (
    AppealOutcome,
    CourtLevel,
    Currency,
    ProceedingKind,
    Verdict,
)
from tipnet.cases.victims import AgeBand, VictimSex
from tipnet.people.models import Gender

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


class YesNo(models.TextChoices):
    YES = "yes", gettext_lazy("Yes")
    NO = "no", gettext_lazy("No")


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
    Column("suspect_at_large", False,
           "Yes: the suspect was never arrested and is tried in absentia (give the warrant date).",
           "មែន៖ ជនសង្ស័យមិនដែលត្រូវបានចាប់ខ្លួន ហើយត្រូវបានជំនុំជម្រះកំបាំងមុខ "
           "(សូមផ្តល់កាលបរិច្ឆេទដីកាបង្គាប់ឱ្យចាប់ខ្លួន)។", YesNo),
    Column("arrest_warrant_on", False, "Date the arrest warrant was issued.",
           "កាលបរិច្ឆេទចេញដីកាបង្គាប់ឱ្យចាប់ខ្លួន។", DATE_HINT),
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
    Column("verdict_court_level", False, "Court that gave the verdict.",
           "តុលាការដែលបានប្រកាសសាលក្រម។", CourtLevel),
    Column("prison_years", False, "Prison sentence: years.", "ទោសដាក់ពន្ធនាគារ៖ ចំនួនឆ្នាំ។",
           "0, 1, 2, …"),
    Column("prison_months", False, "Prison sentence: months.", "ទោសដាក់ពន្ធនាគារ៖ ចំនួនខែ។",
           "0–11"),
    Column("fine_amount", False, "Fine.", "ប្រាក់ពិន័យ។", "20000000, 500.50"),
    Column("fine_currency", False, "Currency of the fine.", "រូបិយប័ណ្ណនៃប្រាក់ពិន័យ។",
           Currency),
    Column("appeal_on", False, "Date the appeal was lodged against the suspect's verdict.",
           "កាលបរិច្ឆេទប្តឹងឧទ្ធរណ៍ប្រឆាំងនឹងសាលក្រមលើជនសង្ស័យ។", DATE_HINT),
    Column("appeal_court_level", False, "Court that hears the appeal.",
           "តុលាការដែលជំនុំជម្រះបណ្តឹងឧទ្ធរណ៍។", CourtLevel),
    Column("appeal_decided_on", False, "Date the appeal was decided (with its outcome).",
           "កាលបរិច្ឆេទសម្រេចលើបណ្តឹងឧទ្ធរណ៍ (ជាមួយលទ្ធផល)។", DATE_HINT),
    Column("appeal_outcome", False, "Outcome of the appeal.", "លទ្ធផលនៃបណ្តឹងឧទ្ធរណ៍។",
           AppealOutcome),
    Column("victim_count", False,
           "Victims of the case not named, of the sex and age band of the next two columns; "
           "each row may give one group, rows giving the same group must agree.",
           "ចំនួនជនរងគ្រោះនៃរឿងក្តី ដែលមិនបញ្ជាក់ឈ្មោះ តាមភេទ និងក្រុមអាយុ នៃជួរឈរពីរបន្ទាប់៖ "
           "ជួរដេកនីមួយៗអាចផ្តល់ក្រុមមួយ ជួរដេកដែលផ្តល់ក្រុមដូចគ្នា ត្រូវតែដូចគ្នា។", "1, 2, 3, …"),
    Column("victim_sex", False, "Sex of these victims (empty: not specified).",
           "ភេទរបស់ជនរងគ្រោះទាំងនេះ (ទទេ៖ មិនបញ្ជាក់)។", VictimSex),
    Column("victim_age_band", False, "Age band of these victims when exploited (empty: not known).",
           "ក្រុមអាយុរបស់ជនរងគ្រោះទាំងនេះ ពេលត្រូវបានកេងប្រវ័ញ្ច (ទទេ៖ មិនដឹង)។", AgeBand),
)  # fmt: skip
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
COLUMN_ORDER = {name: i for i, name in enumerate(COLUMN_NAMES)}
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
NAME_COLUMNS = ("suspect_name_km", "suspect_name_latin")
# Step columns in the order proceedings run; charges come between the two groups.
STEPS_BEFORE_CHARGES = {
    "arrest_warrant_on": K.WARRANT,
    "arrested_on": K.ARREST,
    "forwarded_on": K.FORWARDED,
    "judicial_investigation_on": K.JUDICIAL_INVESTIGATION,
}
STEPS_AFTER_CHARGES = {"indicted_on": K.INDICTED, "trial_on": K.TRIAL}
# After the verdicts: the appeal, and its decision (with its court and outcome).
STEPS_AFTER_VERDICTS = {"appeal_on": K.APPEAL, "appeal_decided_on": K.APPEAL_DECIDED}
STEP_COLUMNS = {**STEPS_BEFORE_CHARGES, **STEPS_AFTER_CHARGES, **STEPS_AFTER_VERDICTS}
# The coded columns: the template offers their labels in a drop-down list, the import accepts
# the codes and the labels in English and Khmer.
CODED = {c.name: c.allowed for c in COLUMNS if not isinstance(c.allowed, str)}
VALUE_SHOWN = 60  # characters of a cell quoted in a problem


@dataclass(frozen=True, order=True)
class RowError:
    """One problem: the row as numbered in the sheet (1 = the header, 0 = the whole file), the
    column, what is wrong, and the value at fault as the file has it (shortened). The value is
    the uploader's own data: shown to them, kept with a job's encrypted report, never put in the
    audit trail."""

    row: int
    column: str
    message: str
    value: str = ""


def shown(value: Any) -> str:
    """A cell's value as a problem quotes it: as written, dates as YYYY-MM-DD, control
    characters replaced, at most ``VALUE_SHOWN`` characters."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat()
        if isinstance(value, str) and value.endswith("T00:00:00"):
            value = value[:10]
    text = CONTROL.sub("\ufffd", str(value).strip())
    return text if len(text) <= VALUE_SHOWN else text[: VALUE_SHOWN - 1] + "…"


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
