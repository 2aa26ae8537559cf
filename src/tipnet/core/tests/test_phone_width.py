"""Every main page fits a 360 px phone (cheap Android phones) in Khmer and in English: no
sideways scroll of the page itself (a wide table scrolls inside its own container), and no
ancestor hides the overflow (`overflow-x: hidden` on the body would hide the problem, not fix
it)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tipnet.cases import services as cases
from tipnet.cases.models import Offence
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.testing import log_in, make_person

pytestmark = pytest.mark.browser
WIDTH = 360

FITS = """() => {
  const doc = document.documentElement;
  const hidden = [doc, document.body].some(e => getComputedStyle(e).overflowX === 'hidden');
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                 && !e.closest('.table-wrap'))
    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
  return {scroll: doc.scrollWidth, hidden, wide};
}"""


def _world(cast: Any) -> dict[str, str]:
    police = cast.users["police"]
    actor = Actor.command(police, via="test")
    case = cases.create_case(actor, {
        "title": "Hotline: two girls taken to a karaoke bar in Poipet across the border",
        "source": "hotline_117", "reported_on": date.today() - timedelta(days=60),
        "narrative": "A long narrative " * 30,
    }, Area.objects.get(code="0110"))  # fmt: skip
    cases.add_person(actor, case, cast.people["bmc_poipet"], "victim", {})
    suspect = cases.add_person(actor, case, make_person(
        police.organisation, "0110", name_latin="Meas Vuthy Sovannarith", name_km="មាស វុទ្ធី"
    ), "suspect", {})  # fmt: skip
    cases.add_step(actor, suspect, "arrest", date.today() - timedelta(days=50))
    for offence in Offence.objects.order_by("pk")[:2]:
        cases.add_charge(actor, suspect, offence, date.today() - timedelta(days=49))
    person = cast.people["bmc_poipet"]
    return {
        "home": "/",
        "cases": "/cases/",
        "case": f"/cases/{case.pk}/",
        "pipeline": "/cases/pipeline/",
        "import": "/cases/import/",
        "people": "/people/",
        "person": f"/people/{person.pk}/",
        "person form": f"/people/{person.pk}/edit/",
        "search": "/search/?q=Sok",
        "password": "/accounts/password/",
    }


@pytest.mark.parametrize("language", ["km", "en"])
def test_every_main_page_fits_a_phone(cast, page, language):
    pages = _world(cast)
    police = cast.users["police"]
    police.language = language
    police.save(update_fields=["language"])
    page.set_viewport_size({"width": WIDTH, "height": 800})
    log_in(page, police)
    too_wide = {}
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_selector("main h1")
        found = page.evaluate(FITS)
        if found["scroll"] > WIDTH or found["hidden"] or found["wide"]:
            too_wide[name] = found
    assert not too_wide, too_wide


@pytest.mark.parametrize("language", ["km", "en"])
def test_the_protection_pages_fit_a_phone(cast, page, language):
    from tipnet.people.services import create_person
    from tipnet.protection import services as protection

    focal = cast.users["focalpoint"]
    focal.language = language
    focal.save(update_fields=["language"])
    actor = Actor.command(focal, via="test")
    village = Area.objects.get(code="011002")
    person = create_person(actor, {"name_km": "ស៊ុន ស្រីពៅ", "name_latin": "Sun Sreypov Chanthavy",
                                   "gender": "Feminine", "place": village})  # fmt: skip
    case = protection.create_case(actor, person, {
        "category": "KH_ChildAtRisk", "source": "community",
        "opened_on": date.today() - timedelta(days=20),
        "source_details": "The village chief saw a broker visit the family twice this month.",
    }, village)  # fmt: skip
    pages = {
        "list": "/protection/",
        "case": f"/protection/{case.pk}/",
        "edit": f"/protection/{case.pk}/edit/",
        "new": "/protection/new/",
        "referrals": "/protection/referrals/",
        "follow-ups": "/protection/follow-ups/",
        "directory": "/protection/services/",
        "indicators": "/protection/indicators/",
        "notifications": "/notifications/",
    }
    page.set_viewport_size({"width": WIDTH, "height": 800})
    log_in(page, focal)
    too_wide = {}
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_selector("main h1")
        found = page.evaluate(FITS)
        if found["scroll"] > WIDTH or found["hidden"] or found["wide"]:
            too_wide[name] = found
    assert not too_wide, too_wide
