"""A shelter working a referred case within the consent, in real Chromium: the commune's
focal point refers a girl to the shelter (her identity shared, not her phone), the shelter's
social worker accepts from its home page, records her stay and a service, sends a note back,
and the focal point reads it from the case page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tipnet.geo.models import Area
from tipnet.protection import services
from tipnet.protection.models import ServiceOffering
from tipnet.protection.tests.conftest import CONSENT, as_user
from tipnet.protection.tests.test_protection_browser import other_page
from tipnet.testing import log_in, make_person

pytestmark = pytest.mark.browser


def test_a_shelter_works_a_referred_case_within_the_consent(cast, page, browser, live_server):
    focal, shelter = cast.users["focalpoint"], cast.orgs["ngo_btb"]
    ServiceOffering.objects.create(organisation=shelter, service="shelter",
                                   area=Area.objects.get(code="02"))  # fmt: skip
    child = make_person(cast.orgs["ccwc"], cast.village.code, name_latin="Sun Srey Leak",
                        gender="Feminine", phone="097 111 2222",
                        date_of_birth=date.today() - timedelta(days=14 * 365))  # fmt: skip
    case = services.create_case(as_user(focal), child, {
        "category": "KH_ChildAtRisk", "source": "community",
        "opened_on": date.today() - timedelta(days=20),
    }, cast.village)  # fmt: skip
    services.add_consent(as_user(focal), case, {
        **CONSENT, "categories": ["identity"], "given_on": date.today() - timedelta(days=19),
    })  # fmt: skip

    # The focal point refers her to the shelter, sharing her identity only.
    log_in(page, focal)
    page.goto(f"/protection/{case.pk}/")
    page.click("[data-refer]")
    page.select_option("#id_kind", "referral")
    page.select_option("#id_offering", label=next(
        o for o in page.eval_on_selector_all("#id_offering option", "e => e.map(o => o.textContent)")
        if "Shelter BTB" in o
    ))  # fmt: skip
    page.select_option("#id_reason", "AdditionalServicesRequired")
    page.check("input[name=shared][value=identity]")
    page.click("[data-review]")
    page.click("[data-send]")
    page.wait_for_selector("text=The referral was sent to Shelter BTB.")

    # The shelter's social worker finds it on her home page and accepts it.
    worker = other_page(browser, live_server)
    log_in(worker, cast.users["socialworker"])
    worker.goto("/")
    worker.click("text=Referrals to your organisation waiting for an answer")
    worker.click("[data-referrals=incoming] a")
    assert worker.inner_text("[data-answer=accepted]") == "Accept this referral"
    assert worker.inner_text("[data-answer=declined]") == "Decline this referral"
    worker.click("[data-answer=accepted]")
    worker.click("[data-confirm-answer]")
    worker.wait_for_selector("[data-referral-status=accepted]")
    assert "Sun Srey Leak" in worker.inner_text("[data-shared]")
    assert "097 111 2222" not in worker.content()
    assert worker.inner_text("[data-answer=completed]") == "Mark the service completed"

    # She records the stay, a service and a note back to the council.
    worker.click("[data-work=stay]")
    worker.fill("#id_place", "Girls' house, Battambang")
    worker.click("[data-save-work]")
    worker.wait_for_selector("text=The stay was recorded.")
    assert worker.is_visible("[data-staying]")
    worker.click("[data-work=service]")
    worker.select_option("#id_service", "psychosocial")
    worker.fill("#id_note", "First counselling session.")
    worker.click("[data-save-work]")
    worker.wait_for_selector("text=The service was recorded.")
    worker.click("[data-work=note]")
    worker.fill("#id_text", "She arrived safely and is settling in.")
    worker.click("[data-save-work]")
    worker.wait_for_selector("text=The note was sent to CCWC Paoy Paet.")
    work = worker.inner_text("[data-referral-work]")
    assert "Girls' house, Battambang" in work and "Psychosocial support" in work
    # Her home page counts the referral she works on.
    worker.goto("/")
    assert worker.is_visible("text=Referrals your organisation accepted and is working on")
    worker.context.close()

    # The focal point reads the note from the case page.
    page.goto(f"/protection/{case.pk}/")
    page.click("[data-referral-notes]")
    page.wait_for_selector("[data-note-text]")
    assert page.inner_text("[data-note-text]") == "She arrived safely and is settling in."
    page.set_viewport_size({"width": 360, "height": 800})  # a cheap phone: no sideways scroll
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
