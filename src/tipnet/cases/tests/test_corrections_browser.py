"""Corrections in real Chromium: a mistyped arrest date corrected from the timeline, a charge
withdrawn, and a verdict corrected with the pipeline following."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tipnet.cases import services
from tipnet.cases.models import Charge, Offence, ProceedingStep
from tipnet.cases.summary import summary_problems
from tipnet.core.actor import Actor
from tipnet.testing import ensure_offences, log_in

pytestmark = pytest.mark.browser


def test_an_officer_corrects_an_arrest_date_withdraws_a_charge_and_a_clerk_a_verdict(world, page):
    ensure_offences()  # an earlier flushing test may have emptied the code list
    cast, a = world.cast, world.suspect_a
    police = Actor.command(cast.users["police"], via="test")
    services.add_step(police, a, "arrest", date(2026, 1, 2))  # typed 02 for 12
    art8, art10 = (Offence.objects.get(law="TIP2008", article=n) for n in ("8", "10"))
    wrong = services.add_charge(police, a, art8, date(2026, 1, 15))
    services.add_charge(police, a, art10, date(2026, 1, 15))
    services.add_step(police, a, "forwarded", date(2026, 1, 20),
                      organisation=cast.orgs["prosecution_bmc"])  # fmt: skip
    arrest = ProceedingStep.objects.get(suspect=a, kind="arrest")

    log_in(page, cast.users["police"])
    page.goto(f"/cases/{world.case.pk}/")
    page.locator(f'[data-entry="arrest-{arrest.pk}"] [data-correct-step]').click()
    expect(page.locator("#id_date")).to_have_value("2026-01-02")
    page.fill("#id_date", "2026-01-12")
    page.fill("#id_reason", "Typed 02 for 12: the arrest report says 12 January.")
    page.click("button[type=submit]")
    expect(page.get_by_text("The step was corrected.")).to_be_visible()
    corrected = page.locator('[data-timeline-corrected="arrest"]')
    expect(corrected).to_contain_text("2 Jan 2026")
    expect(corrected).to_contain_text("Typed 02 for 12")
    expect(page.locator(f'[data-entry="arrest-{arrest.pk}"]')).to_contain_text("12 Jan 2026")

    page.locator(f'tr[data-charge="{wrong.pk}"] [data-withdraw-charge]').click()
    page.fill("#id_reason", "Article 8 was never charged.")
    page.click("[data-withdraw]")
    expect(page.get_by_text("The charge was withdrawn.")).to_be_visible()
    expect(page.locator(f'tr[data-charge="{wrong.pk}"]')).to_have_count(0)
    expect(page.locator('[data-timeline-withdrawn="charge"]')).to_contain_text("never charged")

    for kind, on in (("judicial_investigation", date(2026, 2, 5)), ("indicted", date(2026, 4, 1)),
                     ("trial", date(2026, 6, 1))):  # fmt: skip
        services.add_step(police, a, kind, on, organisation=world.court)
    charge = Charge.objects.get(suspect=a)
    services.record_verdict(Actor.command(cast.users["prosecutor"], via="test"), charge, {
        "verdict": "acquitted", "verdict_on": date(2026, 7, 15), "verdict_court": "first_instance",
    })  # fmt: skip

    log_in(page, cast.users["prosecutor"])
    page.goto("/cases/pipeline/?year=2026&province=01")
    expect(page.locator("[data-figure=conviction-rate]")).to_have_text("0%")
    page.goto(f"/cases/{world.case.pk}/")
    page.locator(f'tr[data-charge="{charge.pk}"] [data-correct-verdict]').click()
    page.select_option("#id_verdict", "convicted")
    page.fill("#id_prison_years", "7")
    page.fill("#id_reason", "The clerk ticked the wrong box: the judgment convicts him.")
    page.click("button[type=submit]")
    expect(page.get_by_text("The verdict was corrected.")).to_be_visible()
    expect(page.locator(f'tr[data-charge="{charge.pk}"]')).to_have_attribute(
        "data-verdict", "convicted"
    )
    expect(page.locator('[data-timeline-corrected="verdict"]')).to_contain_text("wrong box")
    page.goto("/cases/pipeline/?year=2026&province=01")
    expect(page.locator("[data-figure=conviction-rate]")).to_have_text("100%")
    assert summary_problems() == []
