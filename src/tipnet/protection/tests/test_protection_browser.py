"""The protection journey in real Chromium: a child reported by her village is identified,
consents through her mother, is assessed and given a care plan, is referred to a shelter that
accepts, is reintegrated, is visited twice (one visit late, and shown as overdue) and her case
closes. The shelter sees only what the consent allows; the analyst counts without names."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tipnet.geo.models import Area
from tipnet.protection.models import ProtectionCase, ServiceOffering

pytestmark = pytest.mark.browser


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def choose_place(page: Any, prefix: str, codes: list[str]) -> None:
    for level, code in zip(("province", "district", "commune"), codes, strict=False):
        page.wait_for_selector(f"#{prefix}_{level} option[value='{code}']", state="attached")
        page.select_option(f"#{prefix}_{level}", code)


def save(page: Any, message: str) -> None:
    page.click("form.record-form button[type=submit]")
    page.wait_for_selector(f"text={message}")


def other_page(browser: Any, live_server: Any) -> Any:
    """A second person at another computer (each user keeps their own session)."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "tipnet_language", "value": "en", "url": live_server.url}])
    other = context.new_page()
    other.set_default_timeout(10_000)
    return other


def test_a_child_at_risk_goes_from_community_referral_to_closure(cast, page, browser, live_server):
    from tipnet.testing import log_in

    shelter = cast.orgs["ngo_btb"]
    ServiceOffering.objects.create(organisation=shelter, service="shelter",
                                   area=Area.objects.get(code="02"), contact="053 000 000")  # fmt: skip
    log_in(page, cast.users["focalpoint"])
    page.click("[data-nav=protection]")
    page.click("[data-open-case]")
    page.fill("#id_new-name_km", "ស៊ុន ស្រីលក្ខណ៍")
    page.fill("#id_new-name_latin", "Sun Srey Leak")
    page.select_option("#id_new-gender", "Feminine")
    page.fill("#id_new-date_of_birth", ago(14 * 365))
    page.fill("#id_new-phone", "097 111 2222")
    page.select_option("#id_category", "KH_ChildAtRisk")
    page.select_option("#id_source", "community")
    page.fill("#id_source_details", "The village chief saw a broker visit the family twice.")
    page.fill("#id_opened_on", ago(130))
    choose_place(page, "id_home", ["01", "0110", "011002"])
    page.click("form.record-form button[type=submit]")
    page.wait_for_selector("[data-case-reference]")
    case = ProtectionCase.objects.get()
    assert page.inner_text("[data-person-name]") == "ស៊ុន ស្រីលក្ខណ៍ / Sun Srey Leak"

    page.click("[data-add=identification]")
    page.fill("#id_identified_on", ago(128))
    page.select_option("#id_organisation", label="CCWC Paoy Paet")
    page.fill("#id_officer", "Keo Sokha")
    page.select_option("#id_procedure", "mosvy_formal")
    page.select_option("#id_result", "KH_ChildAtRisk")
    save(page, "The identification was recorded.")

    page.click("[data-add=consent]")
    page.fill("#id_given_on", ago(127))
    page.select_option("#id_given_by", "parent")
    page.fill("#id_guardian_name", "Sun Sophea (mother)")
    for box in ("purpose", "use", "sharing", "retention", "withdrawal"):
        page.check(f"#id_informed_{box}")
    for code in ("case_management", "referral"):
        page.check(f"input[name=purposes][value={code}]")
    for code in ("identity", "case_history"):
        page.check(f"input[name=categories][value={code}]")
    save(page, "The consent was recorded.")

    page.click("[data-add=assessment]")
    page.select_option("#id_level", "household")
    page.fill("#id_assessed_on", ago(120))
    page.select_option("#id_risk", "high")
    page.check("input[name=needs][value=Education]")
    page.fill("#id_findings", "Nightmares; counselling weekly. Father drinks.")
    save(page, "The assessment was recorded.")

    page.click("[data-add=care_plan]")
    page.select_option("#id_plan_type", "Education")
    page.fill("#id_objectives", "Back to grade 7 in Poipet.")
    page.fill("#id_actions", "Scholarship, uniform, bicycle.")
    page.fill("#id_responsible", "CCWC Paoy Paet")
    page.fill("#id_planned_start", ago(119))
    page.fill("#id_planned_end", ago(10))
    save(page, "The care plan was recorded.")

    page.click("[data-stage-to=recovery]")
    page.fill("#id_on", ago(118))
    save(page, "The case moved on.")

    # The referral: the recipient and its service are shown before anything is sent.
    page.click("[data-refer]")
    page.select_option("#id_kind", "referral")
    page.select_option("#id_offering", label=next(
        o for o in page.eval_on_selector_all("#id_offering option", "e => e.map(o => o.textContent)")
        if "Shelter BTB" in o
    ))  # fmt: skip
    page.select_option("#id_reason", "AdditionalServicesRequired")
    page.check("input[name=shared][value=identity]")
    page.check("input[name=shared][value=case_history]")
    page.click("[data-review]")
    assert page.inner_text("[data-recipient-organisation]") == "Shelter BTB"
    assert page.inner_text("[data-recipient-service]") == "Shelter"
    page.click("[data-send]")
    page.wait_for_selector("text=The referral was sent to Shelter BTB.")

    # The shelter sees the consented identity and history, not the phone or the notes.
    home = page
    page = other_page(browser, live_server)
    log_in(page, cast.users["socialworker"])
    page.click("[data-nav=referrals]")
    page.click("[data-referrals=incoming] a")
    shared = page.inner_text("[data-shared]")
    assert "Sun Srey Leak" in shared and "Child at risk" in shared
    for hidden in ("097 111 2222", "Nightmares", "broker"):
        assert hidden not in page.content(), hidden
    page.click("[data-answer=accepted]")
    page.click("[data-confirm-answer]")
    page.wait_for_selector("text=The referral is now “Accepted”.")
    page.click("[data-answer=completed]")
    page.fill("#id_note", "Stayed safely; went home with her mother.")
    page.click("[data-confirm-answer]")
    page.wait_for_selector("[data-referral-status=completed]")
    assert page.goto(f"/protection/{case.pk}/").status == 403

    # Back home: reintegration 100 days ago schedules visits at 90 and 180 days.
    page.context.close()
    page = home
    page.goto(f"/protection/{case.pk}/")
    assert page.get_attribute("[data-referral]", "data-status") == "completed"
    page.click("[data-stage-to=reintegration]")
    page.fill("#id_on", ago(100))
    save(page, "The case moved on.")
    page.click("[data-nav=follow_ups]")
    assert page.get_attribute("[data-overdue-count]", "data-overdue-count") == "1"
    assert page.locator("tr[data-visit]").count() == 2
    page.locator("tr[data-visit][data-overdue] a", has_text="Record the visit").click()
    page.fill("#id_visited_on", ago(5))
    page.select_option("#id_outcome", "stable")
    save(page, "The visit was recorded.")
    # The first visit started the follow-up: no "Move to" needed before closing.
    assert page.get_attribute("[data-status]", "data-status") == "FollowUp"
    page.click("[data-record-visit]")
    page.fill("#id_visited_on", ago(0))
    page.select_option("#id_outcome", "stable")
    save(page, "The visit was recorded.")
    page.click("[data-close]")
    page.select_option("#id_reason", "reintegrated")
    page.fill("#id_on", ago(0))
    page.fill("#id_note", "At school, family stable.")
    save(page, "The case was closed.")
    assert page.get_attribute("[data-status]", "data-status") == "Closed"

    # The analyst counts, without a name.
    page = other_page(browser, live_server)
    log_in(page, cast.users["analyst"])
    page.goto("/protection/indicators/")
    figures = {k: page.inner_text(f"[data-figure={k}]") for k in
               ("cases", "consent", "assessed", "care-plan", "visits", "days-to-close")}  # fmt: skip
    assert figures == {"cases": "1", "consent": "100%", "assessed": "100%", "care-plan": "100%",
                       "visits": "50%", "days-to-close": "130"}  # fmt: skip
    assert "Sun Srey Leak" not in page.content()
    page.context.close()
