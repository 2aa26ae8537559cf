"""A child referred from a police case, in real Chromium: the police open the case page and refer
the child victim to a social services organisation from the directory; the social worker there
finds it on her home page, sees the reason but not the child's name, records the guardian's
consent, and then sees the protection case with the child's name."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tipnet.accounts.roles import OrganisationKind as K
from tipnet.accounts.roles import RoleCode as R
from tipnet.cases import services
from tipnet.cases.handoffs import CaseReferral
from tipnet.core.actor import Actor
from tipnet.protection.models import ServiceOffering
from tipnet.testing import log_in, make_org, make_person, make_user

pytestmark = pytest.mark.browser

REASON = "Girl of 14 found at the karaoke bar; her aunt in Poipet cares for her."


def test_a_child_referred_from_a_police_case(world: Any, page: Any) -> None:
    cast = world.cast
    dosvy = make_org("DoSVY Banteay Meanchey", K.MINISTRY, "01")
    ServiceOffering.objects.create(organisation=dosvy, service="psychosocial", area=None)
    worker = make_user("sw_bmc", [R.SOCIAL_WORKER], dosvy, "01", totp=True)
    child = make_person(
        cast.orgs["police_bmc"], cast.village.code, name_latin="Chea Sreypov",
        name_km="ជា ស្រីពៅ", date_of_birth=timezone.localdate() - timedelta(days=14 * 365),
    )  # fmt: skip
    services.add_person(Actor.command(cast.users["police"], via="test"), world.case, child,
                        "victim", {"trafficking_status": "ActualVictimOfTrafficking"})  # fmt: skip

    log_in(page, cast.users["police"])
    page.goto(f"/cases/{world.case.pk}/")
    page.click("[data-refer-child]")
    page.select_option("#id_victim", label="ជា ស្រីពៅ / Chea Sreypov")
    page.select_option("#id_to_organisation", label="DoSVY Banteay Meanchey · Psychosocial support")
    page.fill("#id_reason", REASON)
    page.click("[data-refer-child] button[type=submit]")
    page.wait_for_selector("text=The child was referred to DoSVY Banteay Meanchey")
    referral = CaseReferral.objects.get()
    reference = referral.protection_case.reference
    assert page.inner_text("[data-reason]") == REASON
    page.goto(f"/cases/{world.case.pk}/")
    row = page.locator(f"[data-child-referral='{referral.pk}']")
    assert (
        reference in row.inner_text() and "Waiting for the guardian's consent" in row.inner_text()
    )

    log_in(page, worker)
    page.goto("/")
    page.click("a[href='/cases/referrals/']")
    page.click(f"[data-child-referral='{referral.pk}'] a")
    assert page.inner_text("[data-reason]") == REASON
    assert "Chea Sreypov" not in page.inner_text("main")
    page.click("[data-record-consent]")
    page.fill("#id_given_on", timezone.localdate().isoformat())
    page.select_option("#id_given_by", "guardian")
    page.fill("#id_guardian_name", "Chea Sophal (aunt)")
    for box in ("purpose", "use", "sharing", "retention", "withdrawal"):
        page.check(f"#id_informed_{box}")
    page.check("input[name=purposes][value=case_management]")
    page.check("input[name=categories][value=identity]")
    page.click("form.record-form button[type=submit]")
    page.wait_for_selector("text=The consent was recorded.")
    assert page.inner_text("[data-case-reference]") == reference
    assert page.inner_text("[data-person-name]") == "ជា ស្រីពៅ / Chea Sreypov"
    assert page.locator("[data-awaiting-consent]").count() == 0
    # The criminal case file stays with the police.
    response = page.goto(f"/cases/{world.case.pk}/")
    assert response is not None and response.status == 403
