"""The proceedings rules where they meet the database: the organisation a step names decides
who else sees the case, and every way in (the pages, the services) asks the same rules."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from tipnet.accounts.access import Action, Resource, can
from tipnet.accounts.roles import OrganisationKind, RoleCode
from tipnet.cases.models import Case, Charge, Offence, ProceedingStep
from tipnet.cases.services import add_charge, add_step, record_verdict
from tipnet.cases.stages import RefusedStep
from tipnet.core.actor import Actor
from tipnet.testing import login, make_org, make_user


@pytest.fixture
def other_unit(world):  # type: ignore[no-untyped-def]
    """Another police unit of the same province, with an investigator: only a partner's
    place on the case would let them in."""
    unit = make_org("Police BMC district", OrganisationKind.POLICE_UNIT, "01")
    user = make_user("police_district", [RoleCode.POLICE_INVESTIGATOR], unit, "01", totp=True)
    return unit, user


def _arrested(world):  # type: ignore[no-untyped-def]
    police = Actor.command(world.cast.users["police"], via="test")
    add_step(police, world.suspect_a, "arrest", date(2026, 1, 12))
    return police


def test_it_refuses_another_police_unit_as_the_prosecutors_office(world, other_unit):
    unit, colleague = other_unit
    police = _arrested(world)
    assert not can(colleague, Action.VIEW, Resource.CASE, world.case)
    with translation.override("en"), pytest.raises(RefusedStep) as refused:
        add_step(police, world.suspect_a, "forwarded", date(2026, 1, 20), organisation=unit)
    assert refused.value.message == (
        "For “File forwarded to the prosecutor” choose an organisation of the kind: "
        "Prosecutor's office."
    )
    case = Case.objects.get(pk=world.case.pk)
    assert case.prosecution_organisation_id is None and case.court_organisation_id is None
    assert not ProceedingStep.objects.filter(kind="forwarded").exists()
    assert not can(colleague, Action.VIEW, Resource.CASE, case)
    assert not can(colleague, Action.CHANGE, Resource.CASE, case)


def test_it_refuses_the_unit_on_the_step_page_and_offers_only_fitting_organisations(
    world, other_unit, client
):
    unit, colleague = other_unit
    _arrested(world)
    login(client, world.cast.users["police"])
    client.cookies["tipnet_language"] = "en"
    url = f"/cases/{world.case.pk}/suspects/{world.suspect_a.pk}/step/"
    form = client.get(url).text
    assert "Prosecutor BMC" in form and "Police BMC district" not in form
    response = client.post(
        url, {"kind": "forwarded", "date": "2026-01-20", "organisation": unit.pk}
    )
    assert response.status_code == 200
    assert not Case.objects.filter(pk=world.case.pk, prosecution_organisation=unit).exists()
    client.logout()
    login(client, colleague)
    assert client.get(f"/cases/{world.case.pk}/").status_code == 403


def test_it_names_the_court_only_with_a_court(world):
    police = _arrested(world)
    prosecutor_office = world.cast.orgs["prosecution_bmc"]
    add_step(
        police, world.suspect_a, "forwarded", date(2026, 1, 20), organisation=prosecutor_office
    )
    with translation.override("en"), pytest.raises(RefusedStep, match="kind: Court"):
        add_step(
            police, world.suspect_a, "judicial_investigation", date(2026, 2, 5),
            organisation=world.cast.orgs["police_bmc"],
        )  # fmt: skip
    add_step(
        police,
        world.suspect_a,
        "judicial_investigation",
        date(2026, 2, 5),
        organisation=world.court,
    )
    case = Case.objects.get(pk=world.case.pk)
    assert (case.prosecution_organisation, case.court_organisation) == (
        prosecutor_office,
        world.court,
    )


def _on_trial(world):  # type: ignore[no-untyped-def]
    police = _arrested(world)
    offence = Offence.objects.get(law="TIP2008", article="10")
    add_charge(police, world.suspect_a, offence, date(2026, 1, 15))
    for kind, on in [("forwarded", date(2026, 1, 20)), ("judicial_investigation", date(2026, 2, 5)),
                     ("indicted", date(2026, 3, 1)), ("trial", date(2026, 4, 1))]:  # fmt: skip
        add_step(police, world.suspect_a, kind, on)
    return police, offence


def test_the_services_charge_once_per_offence_and_decide_a_charge_once(world):
    police, offence = _on_trial(world)
    charge = Charge.objects.get(suspect=world.suspect_a)
    verdict = {
        "verdict": "acquitted",
        "verdict_on": date(2026, 4, 20),
        "verdict_court": "first_instance",
    }
    with translation.override("en"), pytest.raises(RefusedStep, match="carries no sentence"):
        record_verdict(police, charge, {**verdict, "prison_years": 2})
    assert Charge.objects.get(pk=charge.pk).verdict == ""
    record_verdict(police, charge, verdict)
    with translation.override("en"), pytest.raises(RefusedStep, match="already has a verdict"):
        record_verdict(police, charge, {**verdict, "verdict": "convicted"})
    assert Charge.objects.get(pk=charge.pk).verdict == "acquitted"
    police2 = Actor.command(world.cast.users["police"], via="test")
    add_step(police2, world.suspect_b, "arrest", date(2026, 1, 12))
    add_charge(police2, world.suspect_b, offence, date(2026, 1, 15))
    with translation.override("en"), pytest.raises(RefusedStep, match="already charged"):
        add_charge(police2, world.suspect_b, offence, date(2026, 1, 16))
    assert Charge.objects.filter(suspect=world.suspect_b).count() == 1


def test_the_verdict_page_puts_each_sentence_problem_on_its_field(world, client):
    _on_trial(world)
    login(client, world.cast.users["police"])
    client.cookies["tipnet_language"] = "en"
    charge = Charge.objects.get(suspect=world.suspect_a)
    url = f"/cases/{world.case.pk}/charges/{charge.pk}/verdict/"
    base = {"verdict": "convicted", "verdict_on": "2026-04-20", "verdict_court": "first_instance",
            **dict.fromkeys(["prison_years", "prison_months", "prison_days", "suspended_years",
                             "suspended_months", "suspended_days"], 0)}  # fmt: skip
    response = client.post(url, {**base, "prison_years": 3, "prison_months": 14,
                                 "compensation_amount": "-5"})  # fmt: skip
    form = response.context["form"]
    assert form.errors["prison_months"] == ["Months must be 0 to 11; put whole years in years."]
    assert form.errors["compensation_amount"] == ["An amount cannot be negative."]
    assert form.errors["compensation_currency"] == ["Give the currency."]
    assert Charge.objects.get(pk=charge.pk).verdict == ""
    response = client.post(url, {**base, "verdict": "", "prison_years": 3})
    assert response.context["form"].errors == {"verdict": ["This field is required."]}
