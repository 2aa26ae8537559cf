"""The header search in real Chromium: a police officer types a court file number in the box at
the top of any page and finds the case, then a variant spelling of a victim's name and finds her
and her case."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tipnet.cases import services
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.testing import log_in

pytestmark = pytest.mark.browser


def test_the_header_search_finds_a_case_by_court_file_number_and_a_person_by_a_variant(cast, page):
    actor = Actor.command(cast.users["police"], via="test")
    case = services.create_case(actor, {
        "title": "Karaoke bar in Poipet", "source": "hotline_117", "reported_on": date(2026, 2, 1),
        "source_reference": "BMC-CRIM-2026/117",
    }, Area.objects.get(code="0110"))  # fmt: skip
    victim = cast.people["bmc_poipet"]  # Sok Sreyneang
    services.add_person(actor, case, victim, "victim", {})

    log_in(page, cast.users["police"])
    page.goto("/cases/")
    page.fill("[data-header-search]", "bmc-crim-2026/117")
    page.press("[data-header-search]", "Enter")
    found = page.locator(f'[data-case="{case.pk}"]')
    expect(found).to_contain_text(case.number)
    found.locator("a").first.click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))

    page.fill("[data-header-search]", "Srei Neang")  # her name as a clerk may spell it
    page.press("[data-header-search]", "Enter")
    person = page.locator(f'[data-person="{victim.pk}"]')
    expect(person).to_contain_text("Sok Sreyneang")
    expect(page.locator(f'[data-case="{case.pk}"]')).to_be_visible()
