"""The import template: the Cases sheet and the Help sheet written from the columns."""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import translation

from tipnet.cases import codes
from tipnet.cases.importer.columns import (
    CASES_SHEET,
    COLUMN_NAMES,
    COLUMNS,
    DEFAULT_LAW,
    NAME_COLUMNS,
    Column,
)
from tipnet.cases.stages import (
    Currency,
    Verdict,
)
from tipnet.geo.models import Area, AreaLevel
from tipnet.people.models import Gender

if TYPE_CHECKING:
    from tipnet.accounts.models import User

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
