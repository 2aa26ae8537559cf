"""The case journey in real Chromium: a hotline report becomes a case, two suspects go from
arrest to verdict (one convicted, one acquitted), an appeal follows, and the pipeline shows it."""

from __future__ import annotations

from typing import Any

import pytest

from tipnet.accounts.roles import OrganisationKind
from tipnet.cases.models import Case
from tipnet.testing import log_in, make_org

pytestmark = pytest.mark.browser


def add_person(page: Any, role: str, latin: str, khmer: str, gender: str) -> None:
    page.click("text=Add a person")
    page.select_option("#id_link-role", role)
    if role == "victim":
        page.select_option("#id_link-trafficking_status", "ActualVictimOfTrafficking")
        page.select_option("#id_link-status_decided_by", "Police")
        page.fill("#id_link-age_when_exploited", "16")
    page.fill("#id_new-name_km", khmer)
    page.fill("#id_new-name_latin", latin)
    page.select_option("#id_new-gender", gender)
    page.click("[data-create-person]")
    page.wait_for_selector("text=The person was added to the case.")


def step(page: Any, name: str, kind: str, on: str, organisation: str = "", court: str = "") -> None:
    page.locator("article.suspect", has_text=name).locator(f"[data-step={kind}]").click()
    page.fill("#id_date", on)
    if organisation:
        page.select_option("#id_organisation", label=organisation)
    if court:
        page.select_option("#id_court_level", court)
    page.click("button[type=submit]")
    page.wait_for_selector("text=The step was recorded.")


def charge(page: Any, name: str, on: str) -> None:
    page.locator("article.suspect", has_text=name).locator("[data-add-charge]").click()
    page.select_option("#id_offence", label=next(
        o for o in page.eval_on_selector_all("#id_offence option", "els => els.map(e => e.textContent)")
        if o.startswith("TIP law 2008 10:")
    ))  # fmt: skip
    page.fill("#id_charged_on", on)
    page.click("button[type=submit]")
    page.wait_for_selector("text=The charge was recorded.")


def verdict(page: Any, name: str, outcome: str, on: str, years: str = "0") -> None:
    page.locator("article.suspect", has_text=name).locator("[data-verdict-link]").click()
    page.select_option("#id_verdict", outcome)
    page.fill("#id_verdict_on", on)
    page.select_option("#id_verdict_court", "first_instance")
    page.fill("#id_prison_years", years)
    page.click("button[type=submit]")
    page.wait_for_selector("text=The verdict was recorded.")


def figure(page: Any, name: str) -> str:
    return page.inner_text(f"[data-figure={name}]").strip()


def test_a_hotline_report_goes_from_arrest_to_appeal_and_the_pipeline_follows(cast, page):
    court = make_org("BMC Provincial Court", OrganisationKind.COURT, "01")
    log_in(page, cast.users["police"])
    page.goto("/cases/pipeline/?year=2026&province=01")
    assert figure(page, "cases") == "0"

    page.goto("/cases/new/")
    page.fill("#id_title", "Hotline 117: two girls taken to Thailand")
    page.select_option("#id_source", "hotline_117")
    page.fill("#id_reported_on", "2026-01-10")
    page.select_option("#id_registered_in_province", "01")
    page.check("input[value=SexualExploitation]")
    page.fill("#id_narrative", "A caller to 117 reported that two brokers took her daughter.")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-case-number]")
    assert page.inner_text("[data-case-number]") == "01-2026-00001"

    add_person(page, "victim", "Sok Chanthou", "សុខ ចន្ធូ", "Feminine")
    add_person(page, "suspect", "Meas Vuthy", "មាស វុទ្ធី", "Masculine")
    add_person(page, "suspect", "Touch Kosal", "ទូច កុសល", "Masculine")
    for name, arrested in (("Meas Vuthy", "2026-01-12"), ("Touch Kosal", "2026-01-13")):
        step(page, name, "arrest", arrested)
        charge(page, name, "2026-01-15")
        step(page, name, "forwarded", "2026-01-20", organisation="Prosecutor BMC")
        step(
            page, name, "judicial_investigation", "2026-02-05", organisation="BMC Provincial Court"
        )
        step(page, name, "indicted", "2026-04-01", organisation="BMC Provincial Court")
        step(page, name, "trial", "2026-06-01", organisation="BMC Provincial Court")
    page.goto("/cases/pipeline/?year=2026&province=01")
    assert figure(page, "cases") == "1" and figure(page, "suspects") == "2"
    assert page.inner_text("[data-pipeline-stage=trial] [data-suspects]") == "2"

    # The prosecutor's office now has the case and records the judgment and the appeal.
    log_in(page, cast.users["prosecutor"])
    page.click("[data-nav=cases]")
    page.click("text=01-2026-00001")
    verdict(page, "Meas Vuthy", "convicted", "2026-07-15", years="10")
    verdict(page, "Touch Kosal", "acquitted", "2026-07-15")
    step(page, "Meas Vuthy", "appeal", "2026-08-01", court="appeal")
    assert "Convicted" in page.locator("article.suspect", has_text="Meas Vuthy").inner_text()
    assert "Acquitted" in page.locator("article.suspect", has_text="Touch Kosal").inner_text()
    timeline = page.inner_text("ol.timeline")
    assert timeline.index("Arrested") < timeline.index("Trial") < timeline.index("Appeal lodged")

    page.goto("/cases/pipeline/?year=2026&province=01")
    assert figure(page, "conviction-rate") == "50%"
    assert page.inner_text("[data-pipeline-stage=appeal] [data-suspects]") == "1"
    assert page.inner_text("[data-pipeline-stage=verdict] [data-suspects]") == "1"
    assert figure(page, "median-days") == "183.5"
    assert Case.objects.get().court_organisation == court
