"""A future hearing in real Chromium: the prosecutor schedules the trial of a case three weeks
ahead from the case page; it is on the court's calendar and on the prosecutor's upcoming list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tipnet.cases import services
from tipnet.cases.hearings import Hearing
from tipnet.core.actor import Actor
from tipnet.testing import log_in

pytestmark = pytest.mark.browser


def test_a_prosecutor_schedules_a_future_hearing_seen_on_the_court_calendar(world, page):
    cast, case = world.cast, world.case
    police = Actor.command(cast.users["police"], via="test")
    services.add_step(police, world.suspect_a, "arrest", date(2026, 1, 12))
    services.add_step(police, world.suspect_a, "forwarded", date(2026, 1, 20),
                      organisation=cast.orgs["prosecution_bmc"])  # fmt: skip
    on = timezone.localdate() + timedelta(days=21)

    log_in(page, cast.users["prosecutor"])
    page.goto(f"/cases/{case.pk}/")
    page.click("[data-schedule-hearing]")
    page.select_option("#id_purpose", "trial")
    page.fill("#id_scheduled_for", on.isoformat())  # a date ahead is what a hearing is
    page.fill("#id_scheduled_time", "09:30")
    page.select_option("#id_court", str(world.court.pk))
    page.fill("#id_chamber", "Chamber 2")
    page.select_option("#id_suspect", label=world.suspect_a.person.display_name)
    page.click("form.record-form button[type=submit]")
    expect(page.get_by_text("The hearing was scheduled.")).to_be_visible()
    hearing = Hearing.objects.get(case=case)
    assert (hearing.scheduled_for, hearing.status, hearing.suspect_id) == (
        on, "scheduled", world.suspect_a.pk
    )  # fmt: skip
    row = page.locator(f'[data-hearing="{hearing.pk}"]')
    expect(row).to_contain_text("Chamber 2")
    expect(row).to_contain_text("Trial")

    row.get_by_role("link", name=world.court.name_en).click()
    expect(page.locator("h1")).to_contain_text(f"Court calendar: {world.court.name_en}")
    listed = page.locator(f'table[data-hearings] tr[data-hearing="{hearing.pk}"]')
    expect(listed).to_contain_text(case.number)
    expect(listed).to_contain_text("Chamber 2")

    page.goto("/")
    page.locator('a[href="/cases/hearings/"]').first.click()
    expect(page.locator("h1")).to_contain_text("Upcoming hearings")
    upcoming = page.locator(f'tr[data-hearing="{hearing.pk}"]')
    expect(upcoming).to_contain_text(case.number)
    expect(upcoming).to_contain_text(world.court.name_en)
