"""Other nationalities: a list of checkboxes that works without JavaScript (the chosen ones
first), and in Chromium a search box that filters it with the chosen ones as chips."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tipnet.people.models import Person
from tipnet.testing import log_in, login


def test_it_works_without_javascript_the_chosen_first(cast, client):
    person = cast.people["bmc_poipet"]
    Person.objects.filter(pk=person.pk).update(other_nationalities=["VN"])
    login(client, cast.users["police"])
    page = client.get(f"/people/{person.pk}/edit/").text
    options = page[page.index("multi-pick-options") :]
    assert options.index('value="VN" checked') < options.index('value="AF"')
    assert 'name="other_nationalities"' in options and "<select multiple" not in options
    assert 'data-terms="viet nam វៀតណាម' in options.casefold() or "វៀតណាម" in options


@pytest.mark.browser
def test_it_finds_countries_as_one_types_and_shows_the_chosen_ones(cast, page):
    person = cast.people["bmc_poipet"]
    log_in(page, cast.users["police"])
    page.goto(f"/people/{person.pk}/edit/")
    search = page.locator("#id_other_nationalities_search")
    expect(search).to_be_visible()
    search.fill("thai")
    visible = page.locator(".multi-pick-options li:not([hidden])")
    expect(visible).to_have_count(1)
    search.press("Enter")  # picks the only match, does not submit the form
    chip = page.locator(".multi-pick-chosen button.chip")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text("Thailand")
    search.fill("វៀត")  # by its Khmer name on an English page
    page.locator(".multi-pick-options li:not([hidden]) input").check()
    expect(chip).to_have_count(2)
    page.locator(".multi-pick-chosen button.chip[data-value=TH]").click()
    expect(chip).to_have_count(1)
    search.fill("zzz")
    expect(page.locator(".multi-pick-empty")).to_be_visible()
    page.click("form#person-form button[type=submit]")
    page.wait_for_selector("text=Your changes were saved.")
    person.refresh_from_db()
    assert person.other_nationalities == ["VN"]
