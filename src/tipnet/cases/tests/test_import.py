"""Import of existing court spreadsheets, through the import page a police unit uses."""

from __future__ import annotations

import csv
import io
import re
import time
from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tipnet.audit.models import AuditEvent
from tipnet.cases.importer import COLUMN_NAMES
from tipnet.cases.models import Case, CaseNumberCounter, CasePerson, Charge, ProceedingStep
from tipnet.cases.services import facts_of
from tipnet.cases.summary import summary_problems
from tipnet.people.models import Person
from tipnet.testing import login

URL = "/cases/import/"
BASE = date(2024, 1, 1)
# Where each case's two suspects are, by case number modulo 4.
STAGES = ["arrested", "judicial_investigation", "trial", "verdict"]


def _row(case: int, suspect: int, charge: int) -> dict[str, Any]:
    """One charge of one suspect of a synthetic court case; case % 4 decides how far it got."""
    day = BASE + timedelta(days=case % 200)
    progress = case % 4
    row: dict[str, Any] = {
        "case_reference": f"BMC-{case:04d}/2024",
        "province_code": "01",
        "reported_on": day,
        "case_title": f"Court file {case}",
        "source": "court" if case % 2 else "",
        "exploitation_types": "SexualExploitation;ForcedLabour" if case % 3 == 0 else "",
        "suspect_name_km": "សុខ ដារា" if suspect == 0 else "មាស វុទ្ធី",
        "suspect_name_latin": f"Sok Dara {case}" if suspect == 0 else f"Meas Vuthy {case}",
        "suspect_gender": "Masculine" if suspect == 0 else "Feminine",
        "arrested_on": day + timedelta(days=1),
        "offence_law": "TIP2008",
        "offence_article": "10" if charge == 0 else "8",
        "charged_on": day + timedelta(days=3),
    }
    if progress >= 1:
        row.update(
            forwarded_on=day + timedelta(days=5), judicial_investigation_on=day + timedelta(days=20)
        )
    if progress >= 2:
        row.update(indicted_on=day + timedelta(days=120), trial_on=day + timedelta(days=200))
    if progress == 3:
        convicted = charge == 0
        row.update(
            verdict="convicted" if convicted else "acquitted", verdict_on=day + timedelta(days=230)
        )
        if convicted:
            row.update(prison_years=7, prison_months=6, fine_amount=20000000, fine_currency="KHR")
    return row


def _rows(cases: int) -> list[dict[str, Any]]:
    return [_row(c, s, ch) for c in range(cases) for s in range(2) for ch in range(2)]


def _xlsx(rows: list[dict[str, Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    sheet.append(list(COLUMN_NAMES))
    for row in rows:
        sheet.append([row.get(name) for name in COLUMN_NAMES])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _post(client, data: bytes, name: str = "cases.xlsx"):
    client.cookies["tipnet_language"] = "en"
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def _counts() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "persons": Person.objects.count(),
        "suspects": CasePerson.objects.filter(role="suspect").count(),
        "charges": Charge.objects.count(),
        "verdicts": Charge.objects.exclude(verdict="").count(),
        "steps": ProceedingStep.objects.count(),
        "counters": sum(CaseNumberCounter.objects.values_list("last", flat=True)),
        "imports": AuditEvent.objects.filter(object_type="cases.import").count(),
    }


def _errors(page: str) -> set[tuple[int, str]]:
    cells = re.findall(r'data-error-row="(\d+)">.*?data-error-column="([^"]*)"', page)
    return {(int(row), column) for row, column in cells}


def test_it_imports_a_thousand_rows_once_however_often_it_is_loaded(cast, client):
    login(client, cast.users["police"])
    before = _counts()
    data = _xlsx(_rows(250))
    started = time.perf_counter()
    response = _post(client, data)
    took = time.perf_counter() - started
    assert response.status_code == 302, _errors(response.text)
    assert took < 15  # about 1 s on SQLite; the benchmark of large files is separate
    page = client.get(response.url).text
    assert "1000 rows imported: 250 cases created, 0 updated." in page

    police = cast.orgs["police_bmc"]
    cases = Case.objects.filter(owner_organisation=police, source_reference__startswith="BMC-")
    assert cases.count() == 250 and not cases.exclude(place_id="01").exists()
    after = _counts()
    assert after["persons"] - before["persons"] == 500
    assert after["suspects"] - before["suspects"] == 500
    assert after["charges"] - before["charges"] == 1000
    assert after["verdicts"] - before["verdicts"] == 62 * 2 * 2
    assert after["imports"] - before["imports"] == 1
    # Arrest; + forwarded, judicial investigation; + indicted, trial; + 2 verdicts.
    assert after["steps"] - before["steps"] == 2 * (63 * 1 + 63 * 3 + 62 * 5 + 62 * 7)
    assert Counter(cases.values_list("stage", flat=True)) == dict(
        zip(STAGES, [63, 63, 62, 62], strict=True)
    )
    suspects = CasePerson.objects.filter(case__in=cases, role="suspect")
    assert Counter(suspects.values_list("stage", flat=True)) == {
        s: 2 * n for s, n in zip(STAGES, [63, 63, 62, 62], strict=True)
    }
    assert summary_problems(suspects) == []
    assert suspects.filter(convicted=True).count() == 62 * 2  # charge 0 of the verdict cases
    first_four = suspects.filter(case__source_reference__in=[f"BMC-{i:04d}/2024" for i in range(4)])
    for link in first_four:  # the stage the case pages compute, one suspect at a time
        assert link.stage == facts_of(link).stage

    case = cases.get(source_reference="BMC-0003/2024")
    assert (case.number[:8], case.title, case.source) == ("01-2024-", "Court file 3", "court")
    assert case.exploitation_types == ["ForcedLabour", "SexualExploitation"]
    assert Case.objects.get(source_reference="BMC-0000/2024").source == "court"  # the default
    convicted = Charge.objects.get(
        suspect__case=case, suspect__person__name_latin="Sok Dara 3", offence__article="10"
    )
    verdict_on = BASE + timedelta(days=3 + 230)
    assert (convicted.verdict, convicted.verdict_on) == ("convicted", verdict_on)
    assert (convicted.prison_years, convicted.prison_months) == (7, 6)
    assert (convicted.fine_amount, convicted.fine_currency) == (20000000, "KHR")
    assert ProceedingStep.objects.get(charge=convicted).kind == "verdict"
    timeline = client.get(f"/cases/{case.pk}/").text
    assert timeline.count('data-timeline="verdict"') == 4
    assert timeline.count('data-timeline="arrest"') == 2
    person = Person.objects.get(name_latin="Sok Dara 3")
    assert person.owner_organisation == police and person.gender == "Masculine" and person.name_key
    event = AuditEvent.objects.get(object_type="cases.import")
    assert event.detail == "1000 rows, 250 cases created"
    assert sorted(event.changes["cases"]) == sorted(cases.values_list("id", flat=True))

    again = _post(client, data)
    assert again.status_code == 302
    assert "1000 rows imported: 0 cases created, 0 updated." in client.get(again.url).text
    assert {**_counts(), "imports": 0} == {**after, "imports": 0}


def test_it_adds_what_is_new_to_cases_it_imported_before(cast, client):
    login(client, cast.users["police"])
    _post(client, _xlsx(_rows(4)))
    before = _counts()
    later = [
        {**_row(2, 0, 0), "verdict": "convicted", "verdict_on": date(2024, 8, 1), "prison_years": 3}
    ]
    response = _post(client, _xlsx(later))
    assert response.status_code == 302, _errors(response.text)
    assert "1 row imported: 0 cases created, 1 updated." in client.get(response.url).text
    after = _counts()
    assert after["verdicts"] == before["verdicts"] + 1 and after["steps"] == before["steps"] + 1
    for unchanged in ("cases", "persons", "suspects", "charges"):
        assert after[unchanged] == before[unchanged]
    case = Case.objects.get(source_reference="BMC-0002/2024")
    assert case.stage == "verdict"
    stages = dict(case.persons.values_list("person__name_latin", "stage"))
    assert stages == {"Sok Dara 2": "verdict", "Meas Vuthy 2": "trial"}


def test_it_rejects_a_bad_file_with_every_problem_and_writes_nothing(cast, client):
    login(client, cast.users["police"])
    future = date.today() + timedelta(days=10)
    rows = [
        {**_row(10, 0, 0), "province_code": "99"},
        {**_row(11, 0, 0), "offence_article": "999"},
        {k: v for k, v in _row(14, 0, 0).items() if k != "indicted_on"},  # trial, no indictment
        {**_row(13, 0, 0), "arrested_on": future},
        {**_row(12, 0, 0), "case_reference": ""},
        {**_row(15, 0, 0), "prison_years": "ten"},
        _row(16, 0, 0),  # a good row: still not imported
    ]
    before = _counts()
    response = _post(client, _xlsx(rows))
    assert response.status_code == 200 and "data-import-errors" in response.text
    assert _errors(response.text) == {
        (2, "province_code"),
        (3, "offence_article"),
        (4, "trial_on"),
        (5, "arrested_on"),
        (6, "case_reference"),
        (7, "prison_years"),
    }
    page = response.text
    assert "No province has the code “99”" in page
    assert "No trial before indictment" in page
    assert "A step cannot be dated in the future." in page
    assert "Nothing was written" in page
    assert _counts() == before


def test_it_checks_that_rows_of_a_case_agree_and_the_sheet_has_the_right_columns(cast, client):
    login(client, cast.users["police"])
    rows = [_row(20, 0, 0), {**_row(20, 0, 1), "case_title": "Another title", "arrested_on": BASE}]
    response = _post(client, _xlsx(rows))
    assert _errors(response.text) == {(3, "case_title"), (3, "arrested_on")}
    assert "row 2 gives “Court file 20”" in response.text
    book = Workbook()
    book.active.append(["case_reference", "province", "reported_on"])
    book.active.append(["X-1", "01", "2024-01-01"])
    out = io.BytesIO()
    book.save(out)
    response = _post(client, out.getvalue())
    assert (1, "province") in _errors(response.text) and (1, "case_title") in _errors(response.text)
    assert _post(client, b"\xff\xfe not text").status_code == 200
    assert not Case.objects.exists()


def _csv(rows: list[dict[str, Any]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMN_NAMES, delimiter=delimiter)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()})
    return out.getvalue()


def test_it_imports_a_csv_file(cast, client):
    login(client, cast.users["police"])
    response = _post(client, ("\ufeff" + _csv(_rows(3))).encode(), "cases.csv")
    assert response.status_code == 302, _errors(response.text)
    # As spreadsheets save CSV in some locales: ";" between cells, no BOM.
    response = _post(client, _csv(_rows(4)[12:], delimiter=";").encode(), "more.csv")
    assert response.status_code == 302, _errors(response.text)
    assert Case.objects.count() == 4 and Charge.objects.count() == 16
    for reference in ("BMC-0000/2024", "BMC-0003/2024"):
        case = Case.objects.get(source_reference=reference)
        assert case.exploitation_types == ["ForcedLabour", "SexualExploitation"]


def test_it_keeps_users_who_may_not_register_cases_out(cast, client):
    login(client, cast.users["analyst"])
    assert client.get(URL).status_code == 403
    assert _post(client, _xlsx(_rows(1))).status_code == 403
    assert client.get("/cases/import/template.xlsx").status_code == 403
    assert not Case.objects.exists()


def test_it_refuses_cases_outside_the_users_jurisdiction(cast, client):
    login(client, cast.users["police"])
    response = _post(client, _xlsx([{**_row(30, 0, 0), "province_code": "02"}]))
    assert _errors(response.text) == {(2, "province_code")}
    assert "You may not register cases in this province." in response.text


def test_it_offers_a_template_that_imports_as_it_is(cast, client):
    login(client, cast.users["police"])
    client.cookies["tipnet_language"] = "en"
    page = client.get(URL)
    assert page.status_code == 200 and "/cases/import/template.xlsx" in page.text
    response = client.get("/cases/import/template.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Cases", "Help", "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    assert [c.value for c in book["Cases"][1]] == list(COLUMN_NAMES)
    help_text = " ".join(str(c.value) for row in book["Help"].iter_rows() for c in row if c.value)
    for name in COLUMN_NAMES:
        assert name in help_text
    assert "លេខសំណុំរឿង" in help_text and "convicted_in_absentia" in help_text

    # A drop-down list on every coded column, in the language of the download.
    lists = _drop_downs(book)
    assert set(lists) == {
        "province_code", "source", "exploitation_types", "suspect_gender", "suspect_at_large",
        "offence_article", "verdict", "verdict_court_level", "fine_currency",
        "appeal_court_level", "appeal_outcome", "victim_sex", "victim_age_band",
    }  # fmt: skip
    assert (
        "Convicted in absentia" in lists["verdict"]
        and "Supreme Court" in lists["appeal_court_level"]
    )
    cells = dict(zip(COLUMN_NAMES, (c.value for c in book["Cases"][2]), strict=True))
    assert cells["verdict"] == "Convicted"  # the example row holds the labels

    assert _post(client, response.content).status_code == 302
    case = Case.objects.get(source_reference="EXAMPLE-001/2024")
    assert case.place_id == "01" and case.stage == "verdict"
    charge = Charge.objects.get(suspect__case=case)
    assert (charge.verdict, charge.verdict_court) == ("convicted", "first_instance")
    kinds = list(ProceedingStep.objects.filter(suspect__case=case).values_list(
        "kind", "court_level", "outcome"))  # fmt: skip
    assert kinds[0] == ("warrant", "", "") and kinds[-2:] == [
        ("appeal", "appeal", ""),
        ("appeal_decided", "appeal", "upheld"),
    ]
    assert list(case.victim_counts.values_list("sex", "age_band", "count")) == [
        ("Feminine", "under_18", 2)
    ]


def _drop_downs(book) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Column name -> the entries its drop-down list offers."""
    names = [c.value for c in book["Cases"][1]]
    lists = {}
    for check in book["Cases"].data_validations.dataValidation:
        column = str(check.sqref).split(":")[0].rstrip("0123456789")
        _sheet, cells = check.formula1.split("!")
        first, last = cells.replace("$", "").split(":")
        entries = [c.value for row in book["Lists"][f"{first}:{last}"] for c in row]
        lists[names[_index(column)]] = entries
    return lists


def _index(letters: str) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letters) - 1


def test_the_template_in_khmer_offers_khmer_lists_and_imports_as_it_is(cast, client):
    police = cast.users["police"]
    police.language = "km"
    police.save(update_fields=["language"])
    login(client, police)
    client.cookies["tipnet_language"] = "km"
    response = client.get("/cases/import/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    lists = _drop_downs(book)
    assert "ស្រី" in lists["victim_sex"]
    cells = dict(zip(COLUMN_NAMES, (c.value for c in book["Cases"][2]), strict=True))
    assert cells["verdict"] not in ("convicted", "Convicted") and cells["province_code"][:2] == "01"
    client.cookies["tipnet_language"] = "en"  # a Khmer file imported from an English page
    response = _post(client, response.content)
    assert response.status_code == 302, _errors(response.text)
    case = Case.objects.get(source_reference="EXAMPLE-001/2024")
    assert Charge.objects.get(suspect__case=case).verdict == "convicted"
    assert case.victim_counts.get().sex == "Feminine"


def test_it_refuses_control_characters_in_a_cell_and_writes_nothing(cast, client):
    login(client, cast.users["police"])
    before = _counts()
    rows = [
        {**_row(40, 0, 0), "case_title": "Court file\x0040"},
        {**_row(41, 0, 0), "suspect_name_latin": "Sok\x1bDara", "charged_on": "2024-02-12\x00"},
        {**_row(42, 0, 0), "case_title": "Two lines\nand a\ttab"},  # these are text
    ]
    response = _post(client, _csv(rows).encode(), "cases.csv")
    assert response.status_code == 200 and "Nothing was written" in response.text
    assert _errors(response.text) == {
        (2, "case_title"),
        (3, "suspect_name_latin"),
        (3, "charged_on"),
    }
    assert response.text.count("holds a control character") == 3
    assert "Not a date" not in response.text and "is required" not in response.text
    assert _counts() == before
    # A workbook cannot hold NUL, but it can hold the other controls (here U+009B).
    response = _post(client, _xlsx([{**_row(43, 0, 0), "case_title": "Court\x9bfile"}]))
    assert _errors(response.text) == {(2, "case_title")}
    police = cast.users["police"]
    police.language = "km"
    police.save(update_fields=["language"])
    client.cookies["tipnet_language"] = "km"
    response = client.post(URL, {"file": SimpleUploadedFile("c.csv", _csv(rows[:1]).encode())})
    # The Khmer page names the row and column (the Khmer words come with the catalogue).
    assert _errors(response.text) == {(2, "case_title")} and '<html lang="km">' in response.text
    assert _counts() == before
    assert _post(client, _csv(rows[2:]).encode(), "ok.csv").status_code == 302
    assert Case.objects.get(source_reference="BMC-0042/2024").title == "Two lines\nand a\ttab"


def test_it_lists_every_problem_of_a_broken_file_in_one_pass_with_the_values(cast, client):
    """One broken file with one problem of each kind, in the same case and suspect where
    they can be: the reader's (an unknown column), the cells', the agreement of rows, the
    user's right to the province, and the proceedings rules, a verdict dated 2030 among them."""
    login(client, cast.users["police"])
    good = _row(3, 0, 0)  # a case with a verdict
    rows = [
        {
            **good,
            "verdict_on": date(2030, 5, 1),
            "indicted_on": None,  # two rules at once
            "prison_months": 14,
            "suspect_gender": "Martian",
        },
        {
            **_row(3, 0, 1),
            "case_title": "Another title",
            "charged_on": "2024-02-30",
            "indicted_on": None,
        },
        {**_row(50, 0, 0), "province_code": "02", "reported_on": "soon"},
        {**_row(51, 0, 0), "victim_count": "many", "victim_sex": "Feminine"},
        {**_row(52, 0, 0), "suspect_at_large": "yes"},  # arrested, and no warrant
        {**_row(53, 0, 0), "fine_currency": "EUR", "appeal_outcome": "upheld"},
    ]
    data = _csv(rows).replace("case_reference,", "case_reference,nonsense,", 1)
    lines = data.splitlines()
    data = "\n".join([lines[0], *(line.replace(",", ",x,", 1) for line in lines[1:])]) + "\n"
    before = _counts()
    response = _post(client, data.encode(), "broken.csv")
    assert response.status_code == 200 and _counts() == before
    found = _errors(response.text)
    assert found == {
        (1, "nonsense"),
        (2, "suspect_gender"), (2, "trial_on"),
        (2, "verdict_on"), (2, "prison_months"),
        (3, "case_title"), (3, "charged_on"),
        (4, "province_code"), (4, "reported_on"),
        (5, "victim_count"),
        (6, "suspect_at_large"),
        (7, "fine_currency"), (7, "appeal_on"), (7, "appeal_decided_on"),
    }  # fmt: skip
    page = response.text
    for value in ("“nonsense”", "“Martian”", "“2030-05-01”", "“14”", "“Another title”",
                  "“2024-02-30”", "“soon”", "“many”", "“EUR”", "“02”"):  # fmt: skip
        assert value in page, value
    assert "A verdict cannot be dated in the future." in page
    assert "No trial before indictment" in page
    assert "You may not register cases in this province." in page
    assert "A suspect at large was never arrested" in page


def test_it_imports_a_suspect_at_large_tried_in_absentia_and_counts_victims(cast, client):
    login(client, cast.users["police"])
    day = BASE
    at_large = {
        **_row(60, 0, 0), "arrested_on": None, "suspect_at_large": "yes",
        "arrest_warrant_on": day + timedelta(days=2), "forwarded_on": day + timedelta(days=5),
        "judicial_investigation_on": day + timedelta(days=20), "charged_on": day + timedelta(days=20),
        "indicted_on": day + timedelta(days=120), "trial_on": day + timedelta(days=200),
        "verdict": "Convicted", "verdict_on": day + timedelta(days=230),  # the English label
        "verdict_court_level": "first_instance",
        "victim_count": 3, "victim_sex": "ស្រី", "victim_age_band": "under_18",
    }  # fmt: skip
    second = {**_row(60, 1, 0), "victim_count": 1, "victim_sex": "Male", "victim_age_band": ""}
    response = _post(client, _xlsx([at_large, second]))
    assert _errors(response.text) == {(2, "verdict")}  # at large: a conviction is in absentia
    assert "Convicted in absentia" in response.text
    at_large["verdict"] = "convicted_in_absentia"
    response = _post(client, _xlsx([at_large, second]))
    assert response.status_code == 302, _errors(response.text)
    case = Case.objects.get(source_reference="BMC-0060/2024")
    suspect = case.persons.get(person__name_latin="Sok Dara 60")
    assert suspect.stage == "verdict" and suspect.arrested_on is None and suspect.convicted
    assert list(suspect.steps.values_list("kind", flat=True))[:2] == ["warrant", "forwarded"]
    assert summary_problems(CasePerson.objects.filter(case=case, role="suspect")) == []
    counts = set(case.victim_counts.values_list("sex", "age_band", "count"))
    assert counts == {("Feminine", "under_18", 3), ("Masculine", "unknown", 1)}
    page = client.get(f"/cases/{case.pk}/").text
    assert "data-victim-counts" in page and "Child (under 18)" in page

    # Again: nothing added; a later return counting again sets the count, an appeal is added.
    before = _counts()
    later = {**at_large, "victim_count": 4, "appeal_on": day + timedelta(days=240),
             "appeal_court_level": "Court of Appeal"}  # fmt: skip
    response = _post(client, _xlsx([at_large, second]))
    assert "0 cases created, 0 updated" in client.get(response.url).text
    assert _counts() == {**before, "imports": before["imports"] + 1}
    response = _post(client, _xlsx([later, second]))
    assert response.status_code == 302, _errors(response.text)
    assert case.victim_counts.get(sex="Feminine").count == 4
    appeal = suspect.steps.get(kind="appeal")
    assert (appeal.court_level, CasePerson.objects.get(pk=suspect.pk).stage) == ("appeal", "appeal")
