"""In Chromium, on a 390 px phone in Khmer: the verdict form keeps the phone's own date picker and
writes the chosen date beside it in Khmer; an amount typed in Khmer digits with separators is
taken; the case page writes the fine in riel with Khmer digits."""

from __future__ import annotations

from datetime import date

import pytest

from tipnet.cases import services
from tipnet.cases.models import Charge, Offence
from tipnet.core.actor import Actor
from tipnet.testing import log_in

pytestmark = pytest.mark.browser


def test_it_shows_the_chosen_date_in_khmer_beside_the_date_input_and_the_fine_in_riel(
    world, page, tmp_path
):
    police = Actor.command(world.cast.users["police"], via="test")
    suspect, court = world.suspect_a, world.court
    services.add_step(police, suspect, "arrest", date(2026, 1, 12))
    services.add_charge(police, suspect, Offence.objects.get(law="TIP2008", article="10"),
                        date(2026, 2, 1))  # fmt: skip
    services.add_step(police, suspect, "forwarded", date(2026, 1, 20),
                      organisation=world.cast.orgs["prosecution_bmc"])  # fmt: skip
    for kind, on in (("judicial_investigation", date(2026, 2, 5)),
                     ("indicted", date(2026, 4, 1)), ("trial", date(2026, 6, 1))):  # fmt: skip
        services.add_step(police, suspect, kind, on, organisation=court)
    charge = Charge.objects.get(suspect=suspect)
    prosecutor = world.cast.users["prosecutor"]
    prosecutor.language = "km"
    prosecutor.save(update_fields=["language"])
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, prosecutor)

    page.goto(f"/cases/{world.case.pk}/charges/{charge.pk}/verdict/")
    date_input = page.locator("input[name=verdict_on]")
    assert date_input.get_attribute("type") == "date"  # the phone's own picker stays
    shown = page.locator(".date-field:has(input[name=verdict_on]) output[data-date-shown]")
    assert shown.text_content() == ""
    date_input.fill("2026-07-15")
    shown.filter(has_text="១៥ កក្កដា ២០២៦").wait_for()
    page.select_option("select[name=verdict]", "convicted")
    page.select_option("select[name=verdict_court]", "first_instance")
    page.fill("input[name=prison_years]", "10")
    page.fill("input[name=fine_amount]", "២០,០០០,០០០")
    page.select_option("select[name=fine_currency]", "KHR")
    page.screenshot(path=str(tmp_path / "verdict-form-km-390.png"), full_page=True)
    page.locator("main form.record-form button[type=submit]").click()
    page.wait_for_url(f"**/cases/{world.case.pk}/")

    charge.refresh_from_db()
    assert (charge.fine_amount, charge.verdict_on) == (20_000_000, date(2026, 7, 15))
    assert page.get_by_text("២០,០០០,០០០ រៀល").count() >= 1
    assert page.locator("main").inner_text().count(world.case.number) >= 1  # as written
    # The timeline's numbers are Khmer digits too (a CSS counter style, not the text).
    style = "getComputedStyle(document.querySelector('ol.timeline')).listStyleType"
    assert page.evaluate(style) == "khmer"
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(tmp_path / "case-km-390.png"), full_page=True)
    assert width <= 390
