"""The audit trail is no side door: what its readers may not identify never shows, in the
page or the export, and the export opens safely in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from tipnet.audit.labels import field_label
from tipnet.testing import login

EDIT = {"name_latin": "Zqx Renamed", "name_km": "សុខ ស្រីនាង", "gender": "Feminine",
        "aliases": "Zqx Alias", "date_of_birth": "2009-04-13", "phone": "099 000 111",
        "sensitivity": "standard", "id_document_type": "national_id", "id_number": "010203040"}  # fmt: skip
SECRETS = ("Zqx Renamed", "Zqx Alias", "2009-04-13", "099 000 111", "010203040", "Zzsearch")


@pytest.mark.parametrize("reader", ["auditor", "admin"])
def test_it_shows_readers_of_the_trail_no_identifying_value(cast, client, reader):
    person = cast.people["bmc_poipet"]
    login(client, cast.users["police"])
    client.post(f"/people/{person.pk}/edit/", {**EDIT, "version": person.version})
    client.get("/people/?q=Zzsearch+010203040")
    client.get("/people/export.csv?q=Zzsearch")
    login(client, cast.users[reader])
    page = client.get("/audit/")
    export = client.get("/audit/export.csv")  # the auditor reads, only the admin exports
    assert page.status_code == 200 and export.status_code == (200 if reader == "admin" else 403)
    text = export.content.decode("utf-8-sig") if reader == "admin" else "gender"
    for secret in SECRETS:
        assert secret not in page.text, secret
        assert secret not in text, secret
    # That the name changed is shown, by its label, without its values.
    assert f"<strong>{field_label('people.person', 'name_latin')}</strong> (changed)" in page.text
    assert "gender" in text


def test_it_writes_formulas_as_text_in_the_audit_export(cast, client):
    client.post("/accounts/login/", {"username": '=HYPERLINK("http://x.example/","click")',
                                     "password": "wrong"})  # fmt: skip
    login(client, cast.users["admin"])
    rows = list(
        csv.reader(io.StringIO(client.get("/audit/export.csv").content.decode("utf-8-sig")))
    )
    cells = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert cells and all(cell.startswith("'=") for cell in cells)


def test_it_writes_formulas_as_text_in_the_people_export(cast, client):
    from tipnet.testing import make_person

    make_person(cast.orgs["police_bmc"], "0110", name_latin="=1+2", name_km="@SUM(A1)",
                phone="+855 12 345 678")  # fmt: skip
    login(client, cast.users["police"])
    text = client.get("/people/export.csv").content.decode("utf-8-sig")
    assert "'=1+2" in text and "'@SUM(A1)" in text
    assert ",+855 12 345 678," in text  # a phone number stays a number


def test_it_shows_the_trail_in_the_readers_language_with_labels_not_codes(cast, client):
    """Record types, field names and coded values read as everywhere else in tipnet."""
    from datetime import date

    from tipnet.cases import services as cases
    from tipnet.core.actor import Actor
    from tipnet.geo.models import Area

    police = cast.users["police"]
    case = cases.create_case(Actor.command(police), {
        "title": "Labels", "source": "hotline_117", "reported_on": date(2026, 2, 1),
        "exploitation_types": ["ForcedLabour"],
    }, Area.objects.get(code="0110"))  # fmt: skip
    cases.add_person(Actor.command(police), case, cast.people["bmc_poipet"], "victim", {})
    auditor = cast.users["auditor"]
    login(client, auditor)
    client.cookies["tipnet_language"] = "en"
    page = client.get("/audit/", {"object_type": "cases.case"}).text
    assert f"Case #{case.pk}" in page and "cases.case #" not in page
    assert "Forced labour" in page and "ForcedLabour" not in page
    assert "People in the case" in page and "Victim #" in page
    # A correction's changes read as the entry's fields ("Step: date").
    from django.utils import translation

    with translation.override("en"):
        assert field_label("cases.case", "step.date") == "Step: date"
    auditor.language = "km"
    auditor.save(update_fields=["language"])
    client.cookies["tipnet_language"] = "km"
    khmer = client.get("/audit/", {"object_type": "cases.case"}).text
    assert "Forced labour" not in khmer and "People in the case" not in khmer
