"""The import in real Chromium: a police officer uploads a broken court return and reads every
problem of it on one page, each with its row, column and the bad value; nothing is written."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tipnet.cases.models import Case
from tipnet.cases.tests.test_import import _csv, _row
from tipnet.testing import ensure_offences, log_in

pytestmark = pytest.mark.browser


def test_an_import_lists_every_problem_of_a_broken_file_in_one_pass(cast, page):
    ensure_offences()  # an earlier flushing test may have emptied the code list
    rows = [
        {**_row(3, 0, 0), "verdict_on": date(2030, 5, 1), "suspect_gender": "Martian"},
        {**_row(3, 0, 1), "charged_on": "2024-02-30"},
        {**_row(50, 0, 0), "reported_on": "soon"},
        {**_row(53, 0, 0), "fine_currency": "EUR"},
    ]
    log_in(page, cast.users["police"])
    page.goto("/cases/import/")
    page.set_input_files("#id_file", files=[{
        "name": "broken.csv", "mimeType": "text/csv", "buffer": _csv(rows).encode(),
    }])  # fmt: skip
    page.click("form.record-form button[type=submit]")
    table = page.locator("[data-error-row]").first
    expect(table).to_be_visible()
    cells = page.locator("tr:has([data-error-row])")
    found = {
        (
            row.locator("[data-error-row]").inner_text(),
            row.locator("[data-error-column]").inner_text(),
        )
        for row in cells.all()
    }
    # Each kind of problem at once: a verdict dated 2030 beside the cells' own errors.
    assert {("2", "suspect_gender"), ("2", "verdict_on"), ("3", "charged_on"),
            ("4", "reported_on"), ("5", "fine_currency")} <= found  # fmt: skip
    for value in ("“Martian”", "“2030-05-01”", "“2024-02-30”", "“soon”", "“EUR”"):
        expect(page.locator("[data-error-value]", has_text=value)).to_have_count(1)
    expect(page.get_by_text("A verdict cannot be dated in the future.")).to_be_visible()
    assert not Case.objects.exists()
