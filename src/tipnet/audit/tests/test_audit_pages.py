"""The audit trail is no side door: what its readers may not identify never shows, in the
page or the export, and the export opens safely in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

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
    assert "<code>name_latin</code>" in page.text  # that the name changed is shown
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
