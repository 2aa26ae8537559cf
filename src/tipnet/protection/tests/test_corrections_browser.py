"""Paper first and reopening in real Chromium: a social worker records last week's visit with
its real date (the follow-up starts with it), corrects a mistyped identification date from
the case page, closes the case as reintegrated; a protection supervisor reopens it with a
reason, and the case goes back to its follow-up."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tipnet.accounts.roles import RoleCode
from tipnet.core.numbers import day
from tipnet.protection import services
from tipnet.protection.tests.conftest import days_ago
from tipnet.testing import log_in, make_user

pytestmark = pytest.mark.browser


def shown(days: int) -> str:
    """The date of ``days`` ago as the English page writes it."""
    with translation.override("en"):
        return day(days_ago(days))


def save(page: Any, message: str) -> None:
    page.click("form.record-form button[type=submit]")
    expect(page.get_by_text(message)).to_be_visible()


def test_a_visit_of_last_week_is_recorded_and_a_closed_case_reopened(pworld, page):
    pworld.identify()
    pworld.consent()
    pworld.assess_and_plan()
    case = services.move_stage(pworld.request(), pworld.case, "reintegration", days_ago(100))
    log_in(page, pworld.focalpoint)
    page.goto(f"/protection/{case.pk}/")

    # Last week's visit, entered today with its real date.
    page.locator("[data-record-visit]").first.click()
    page.fill("#id_visited_on", days_ago(7).isoformat())
    page.select_option("#id_outcome", "stable")
    save(page, "The visit was recorded.")
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "FollowUp")
    visited = page.locator("li[data-visit]").filter(has_text=f"Visited {shown(7)}")
    expect(visited.locator("[data-visit-recorded]")).to_have_text(f"(recorded {shown(0)})")

    # The identification's date was mistyped: corrected, the old values kept and marked.
    page.click("[data-correct=identification]")
    page.fill("#id_identified_on", days_ago(129).isoformat())
    page.fill("#id_reason", "The form says the 129th day, not the 128th.")
    save(page, "The correction was saved.")
    corrected = page.locator("li[data-identification][data-state=corrected]")
    expect(corrected).to_contain_text(shown(128))
    expect(corrected.locator("[data-mark-reason]")).to_have_text(
        "The form says the 129th day, not the 128th."
    )
    expect(page.locator("li[data-identification][data-state=amended]")).to_contain_text(shown(129))

    page.click("[data-record-visit]")
    page.fill("#id_visited_on", days_ago(0).isoformat())
    page.select_option("#id_outcome", "stable")
    save(page, "The visit was recorded.")
    page.click("[data-close]")
    page.select_option("#id_reason", "reintegrated")
    page.fill("#id_on", days_ago(0).isoformat())
    save(page, "The case was closed.")
    expect(page.locator("[data-closed]")).to_be_visible()
    expect(page.locator("a[data-reopen]")).to_have_count(0)  # not the focal point's to do

    # The supervisor reopens it: it goes back to its follow-up, the reason kept.
    supervisor = make_user("supervisor", [RoleCode.PROTECTION_SUPERVISOR], pworld.ccwc,
                           "011002", totp=True)  # fmt: skip
    log_in(page, supervisor)
    page.goto(f"/protection/{case.pk}/")
    page.click("a[data-reopen]")
    page.fill("#id_reason", "She left school again; the family asked for help.")
    save(page, "The case was reopened.")
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "follow_up")
    expect(page.locator("[data-reopened]")).to_contain_text(
        "She left school again; the family asked for help."
    )
    expect(page.locator("[data-closed]")).to_have_count(0)
