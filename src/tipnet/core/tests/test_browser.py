"""Main journeys in real Chromium (Debian's /usr/bin/chromium, driven by Playwright): three
roles log in and see exactly what each may see, in English and in Khmer."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tipnet.testing import log_in

pytestmark = pytest.mark.browser


def nav_keys(page: Any) -> set[str]:
    return set(page.eval_on_selector_all("[data-nav]", "els => els.map(e => e.dataset.nav)"))


def test_police_see_their_people_and_record_one_with_the_place_picker(cast, page):
    police = cast.users["police"]
    log_in(page, police)
    assert nav_keys(page) == {"home", "cases", "pipeline", "people"}
    page.click("[data-nav=people]")
    names = page.inner_text("table")
    assert "Sok Sreyneang" in names and "Phan Dara" in names
    assert "Ly Mary" not in names and "Sun Rathana" not in names

    page.click("text=Record a person")
    page.fill("#id_name_km", "ម៉ៅ សុភី")
    page.fill("#id_name_latin", "Mao Sophy")
    page.select_option("#id_gender", "Feminine")
    page.fill("#id_estimated_age", "15")
    page.fill("[data-place-search]", "ប៉ោយប៉ែត")
    page.click("[data-place-results] button[data-code='011002']")
    # (no wait_for_function with a string: the page's CSP refuses eval, Playwright's too)
    expect(page.locator("#id_home_commune")).to_have_value("011002")
    assert page.input_value("#id_home_district") == "0110"
    page.fill("#id_phone", "011 222 333")
    page.click("text=Save")
    page.wait_for_selector("text=The person was recorded.")
    assert "Paoy Paet, Paoy Paet, Banteay Meanchey" in page.inner_text("dl.record")

    # A record of another province is refused, with the reason, in the user's language.
    page.goto(f"/people/{cast.people['btb_ngo'].pk}/")
    assert page.is_visible("[data-error=forbidden]")


def test_an_analyst_counts_people_without_identifying_them_in_both_languages(cast, page):
    log_in(page, cast.users["analyst"])
    page.click("[data-nav=people]")
    assert page.is_visible("[data-masked]")
    body = page.inner_text("main")
    assert "Sok Sreyneang" not in body and "Ly Mary" not in body
    assert body.count("Person #") == 5

    page.click("[data-language-switch]")
    page.wait_for_selector("html[lang=km]")
    khmer = page.inner_text("body")
    assert "Person #" not in khmer and "People" not in khmer
    assert any("\u1780" <= ch <= "\u17ff" for ch in page.inner_text("h1"))
    page.goto("/")  # the choice is remembered
    assert page.get_attribute("html", "lang") == "km"


def test_an_administrator_manages_users_and_reads_the_audit_trail_but_not_people(cast, page):
    log_in(page, cast.users["admin"])
    assert nav_keys(page) == {"home", "audit", "admin"}
    page.goto("/people/")
    assert page.is_visible("[data-error=forbidden]")
    page.click("[data-nav=audit]")
    page.select_option("#id_action", "permission_denied")
    page.click("main form button")
    assert page.locator("tr[data-action=permission_denied]").count() >= 1
    page.click("[data-nav=admin]")
    page.click("a[href$='/admin/accounts/user/']")
    page.wait_for_url("**/admin/accounts/user/")
    assert page.locator("th.field-username a", has_text="socialworker").count() == 1


def test_a_village_volunteer_sees_no_case_files(cast, page):
    log_in(page, cast.users["volunteer"])
    # Their village's meetings and migration register, no victims' files.
    assert nav_keys(page) == {"home", "prevention", "community"}
    page.goto("/people/")
    assert page.is_visible("[data-error=forbidden]")


INTERFACE_WORDS = ("Home", "People", "Audit trail", "Log out", "Password", "Welcome",
                   "What you can do", "Waiting for you", "Search", "Name", "Export")  # fmt: skip


@pytest.mark.parametrize(
    ("username", "expected_nav"),
    [("police", {"home", "cases", "pipeline", "people"}),
     ("analyst", {"home", "cases", "pipeline", "protection", "indicators", "people",
                  "prevention", "community"}),
     ("admin", {"home", "audit", "admin"}), ("volunteer", {"home", "prevention", "community"})],
)  # fmt: skip
def test_each_role_sees_the_same_pages_in_khmer_without_english(cast, page, username, expected_nav):
    user = cast.users[username]
    user.language = "km"
    user.save(update_fields=["language"])
    log_in(page, user)
    assert page.get_attribute("html", "lang") == "km"
    assert nav_keys(page) == expected_nav
    paths = {
        "audit": "/audit/",
        "people": "/people/",
        "cases": "/cases/",
        "pipeline": "/cases/pipeline/",
        "protection": "/protection/",
        "indicators": "/protection/indicators/",
        "prevention": "/prevention/",
        "community": "/community/",
    }
    for path in ["/", *(paths[key] for key in expected_nav - {"home", "admin"})]:
        page.goto(path)
        text = page.inner_text("body")
        # Latin words that are names or codes, not interface text, may remain.
        for english in INTERFACE_WORDS:
            assert english not in text, f"{english!r} left in the Khmer page {path}"
