"""The import template: the Cases sheet and the Help sheet written from the columns."""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import translation

from tipnet.cases import codes
from tipnet.cases.codes import ExploitationType
from tipnet.cases.importer.columns import (
    CASES_SHEET,
    CODED,
    COLUMN_NAMES,
    COLUMNS,
    DEFAULT_LAW,
    NAME_COLUMNS,
    Column,
    YesNo,
)
from tipnet.cases.models import Offence
from tipnet.cases.stages import (
    AppealOutcome,
    CourtLevel,
    Currency,
    Verdict,
)
from tipnet.cases.victims import AgeBand, VictimSex
from tipnet.geo.models import Area, AreaLevel
from tipnet.people.models import Gender

if TYPE_CHECKING:
    from tipnet.accounts.models import User

# The template ------------------------------------------------------------------------------


def _example(province: str) -> dict[str, Any]:
    """The example row, coded cells as the drop-down lists offer them (the labels in the
    language the template is downloaded in)."""
    return {
        "case_reference": "EXAMPLE-001/2024",
        "province_code": province,
        "reported_on": date(2024, 3, 1),
        "case_title": "Example: replace this row with your cases",
        "source": _label(codes.CaseSource.COURT),
        "exploitation_types": "; ".join(
            _label(c)
            for c in (ExploitationType.SEXUAL_EXPLOITATION, ExploitationType.FORCED_LABOUR)
        ),
        "suspect_name_km": "សុខ ដារា",
        "suspect_name_latin": "Sok Dara",
        "suspect_gender": _label(Gender.MASCULINE),
        "suspect_birth_date": date(1985, 6, 15),
        "suspect_at_large": _label(YesNo.NO),
        "arrest_warrant_on": date(2024, 3, 1),
        "arrested_on": date(2024, 3, 2),
        "forwarded_on": date(2024, 3, 5),
        "judicial_investigation_on": date(2024, 3, 20),
        "indicted_on": date(2024, 9, 16),
        "trial_on": date(2025, 1, 20),
        "offence_law": DEFAULT_LAW,
        "offence_article": "10",
        "charged_on": date(2024, 3, 20),
        "verdict": _label(Verdict.CONVICTED),
        "verdict_on": date(2025, 2, 10),
        "verdict_court_level": _label(CourtLevel.FIRST_INSTANCE),
        "prison_years": 10,
        "prison_months": 0,
        "fine_amount": 20000000,
        "fine_currency": _label(Currency.KHR),
        "appeal_on": date(2025, 2, 24),
        "appeal_court_level": _label(CourtLevel.APPEAL),
        "appeal_decided_on": date(2025, 7, 15),
        "appeal_outcome": _label(AppealOutcome.UPHELD),
        "victim_count": 2,
        "victim_sex": _label(VictimSex.FEMALE),
        "victim_age_band": _label(AgeBand.CHILD),
    }


def _label(choice: models.TextChoices) -> str:
    return str(choice.label)


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


LISTS_SHEET = "Lists"
LAST_ROW = 20_000  # rows of the Cases sheet the drop-down lists cover


def _lists() -> dict[str, tuple[list[str], bool]]:
    """The drop-down list of each coded column, in the active language, and whether a cell
    must hold one of its entries (a column of several codes takes typed lists too)."""
    lists: dict[str, tuple[list[str], bool]] = {
        name: ([str(label) for _code, label in choices.choices], name != "exploitation_types")
        for name, choices in CODED.items()
    }
    provinces = Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code")
    lists["province_code"] = ([f"{a.code} – {a.name}" for a in provinces], True)
    articles = Offence.objects.filter(law=DEFAULT_LAW, is_active=True).values_list(
        "article", flat=True
    )
    # Articles of other laws are typed: the list only helps.
    lists["offence_article"] = (sorted(articles, key=lambda a: (len(a), a)), False)
    return lists


def _drop_downs(book: Any, sheet: Any) -> None:
    """A hidden sheet holds the lists; each coded column of the Cases sheet offers its list."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    hidden = book.create_sheet(LISTS_SHEET)
    hidden.sheet_state = "hidden"
    for i, (name, (entries, strict)) in enumerate(_lists().items(), start=1):
        if not entries:
            continue
        letter = get_column_letter(i)
        hidden.cell(row=1, column=i, value=name)
        for row, entry in enumerate(entries, start=2):
            hidden.cell(row=row, column=i, value=entry)
        source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(entries) + 1}"
        check = DataValidation(type="list", formula1=source, allow_blank=True)
        check.showErrorMessage = strict
        check.error = translation.gettext("Choose a value from the list.")
        column = get_column_letter(COLUMN_NAMES.index(name) + 1)
        check.add(f"{column}2:{column}{LAST_ROW}")
        sheet.add_data_validation(check)


def template_workbook(user: User) -> bytes:
    """The import template in the active language: the Cases sheet (header and one example
    row, drop-down lists on the coded columns), the Help sheet, and the hidden lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    if user.jurisdiction_id:
        code = user.jurisdiction.path.split(".")[0]  # type: ignore[union-attr]
        area = Area.objects.filter(code=code, level=AreaLevel.PROVINCE).first()
    else:
        area = Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code").first()
    province = f"{area.code} – {area.name}" if area else "01"
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
    _drop_downs(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
