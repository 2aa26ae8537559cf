"""A head of office hands a deactivated investigator's open case on, in Chromium, in Khmer and
English, on a 360 px phone (no sideways scroll: the tables scroll inside their container)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tipnet.accounts.tests.test_caseload import World
from tipnet.cases.models import Case
from tipnet.core.tests.test_phone_width import FITS
from tipnet.testing import log_in

pytestmark = pytest.mark.browser
WIDTH = 360
# Where the screenshots go when TIPNET_SCREENSHOTS names a folder (to look at the pages).
SHOTS = os.environ.get("TIPNET_SCREENSHOTS")


def _fits(page: Any, name: str, language: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/caseload-{name}-{language}.png", full_page=True)
    found = page.evaluate(FITS)
    assert found["scroll"] <= WIDTH and not found["hidden"] and not found["wide"], (name, found)


@pytest.mark.parametrize("language", ["km", "en"])
def test_it_hands_a_departed_workers_case_on_from_a_phone(
    cast: Any, page: Any, live_server: Any, language: str
) -> None:
    world = World(cast)
    world.chief.language = language
    world.chief.save(update_fields=["language"])
    page.context.add_cookies(
        [{"name": "tipnet_language", "value": language, "url": live_server.url}]
    )
    page.set_viewport_size({"width": WIDTH, "height": 800})
    log_in(page, world.chief)
    page.goto("/")
    page.click('a[href="/accounts/caseload/#left"]')
    page.wait_for_selector("[data-caseload]")
    assert (
        page.locator(f'[data-worker="{world.police.pk}"] [data-kind="case"]').get_attribute(
            "data-total"
        )
        == "2"
    )
    _fits(page, "organisation", language)
    page.click(f'[data-left-worker="{world.leaver.pk}"] a.button')
    page.wait_for_selector("[data-reassign]")
    _fits(page, "worker", language)
    # Nothing chosen: refused with the reason, nothing moved.
    page.click("[data-reassign-submit]")
    page.wait_for_selector('[data-field="target"] .error')
    _fits(page, "refused", language)
    assert Case.objects.get(pk=world.left_case.pk).lead_officer_id == world.leaver.pk
    page.select_option("#id_target", str(world.police2.pk))
    page.fill("#id_reason", "Left the unit")
    page.click("[data-reassign-submit]")
    page.wait_for_selector("[data-none-left]")
    _fits(page, "after", language)
    assert Case.objects.get(pk=world.left_case.pk).lead_officer_id == world.police2.pk
