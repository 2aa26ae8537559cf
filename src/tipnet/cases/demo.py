"""Demo cases for ``make run``: fictional, marked synthetic, at different stages of proceedings,
recorded through the same services (and rules) as the pages use."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.db import transaction

from tipnet.accounts.models import Organisation, User
from tipnet.accounts.roles import OrganisationKind
from tipnet.cases.models import Case, CasePerson, Offence
from tipnet.cases.services import add_charge, add_person, add_step, create_case, record_verdict
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.people.models import Gender, Person
from tipnet.people.names import name_key

SUSPECTS = [
    ("មាស វុទ្ធី", "Meas Vuthy", Gender.MASCULINE),
    ("ទូច កុសល", "Touch Kosal", Gender.MASCULINE),
    ("ឡុង សុផល", "Long Sophal", Gender.FEMININE),
    ("ជា ពិសិដ្ឋ", "Chea Piseth", Gender.MASCULINE),
]


@transaction.atomic
def build_demo_cases() -> int:
    """Create the demo cases once; returns how many were created."""
    police_user = User.objects.filter(username="police", is_synthetic=True).first()
    if police_user is None or Case.objects.filter(is_synthetic=True).exists():
        return 0
    prosecution_user = User.objects.get(username="prosecutor", is_synthetic=True)
    court = Organisation.objects.create(
        name_en="Banteay Meanchey Provincial Court (demo)", name_km="សាលាដំបូងខេត្តបន្ទាយមានជ័យ (សាកល្បង)",
        kind=OrganisationKind.COURT, coverage_id="01", is_synthetic=True,
    )  # fmt: skip
    police = Actor.command(police_user, via="demo")
    prosecutor = Actor.command(prosecution_user, via="demo")
    art10 = Offence.objects.get(law="TIP2008", article="10")
    poipet = Area.objects.get(code="0110")
    victims = list(
        Person.objects.filter(is_synthetic=True, owner_organisation=police_user.organisation)
    )

    def suspect(case: Case, index: int) -> CasePerson:
        km, latin, gender = SUSPECTS[index]
        person = Person.objects.create(
            # The demo users are made with an organisation.
            owner_organisation=cast(Organisation, police_user.organisation), name_km=km, name_latin=latin, gender=gender,
            place=poipet, country_id="KH", nationality_id="KH", is_synthetic=True,
            name_key=name_key(km, latin),
        )  # fmt: skip
        return add_person(
            police, case, person, "suspect", {"roles_in_process": ["RecruiterOrIntermediary"]}
        )

    def new_case(title: str, reported: date, types: list[str]) -> Case:
        case = create_case(police, {
            "title": title, "source": "hotline_117", "reported_on": reported,
            "exploitation_types": types, "narrative": "Fictional case created for the tipnet demo.",
        }, poipet)  # fmt: skip
        Case.objects.filter(pk=case.pk).update(is_synthetic=True)
        return case

    convicted = new_case(
        "Girls taken to Thailand for sexual exploitation", date(2025, 2, 3), ["SexualExploitation"]
    )
    add_person(police, convicted, victims[0], "victim",
               {"trafficking_status": "ActualVictimOfTrafficking", "status_decided_by": "Police"})  # fmt: skip
    a, b = suspect(convicted, 0), suspect(convicted, 1)
    for s, arrested in ((a, date(2025, 2, 5)), (b, date(2025, 2, 6))):
        add_step(police, s, "arrest", arrested)
        add_charge(police, s, art10, date(2025, 2, 8))
        add_step(
            police, s, "forwarded", date(2025, 2, 10), organisation=prosecution_user.organisation
        )
        add_step(prosecutor, s, "judicial_investigation", date(2025, 3, 1), organisation=court)
        add_step(prosecutor, s, "indicted", date(2025, 6, 2), organisation=court)
        add_step(prosecutor, s, "trial", date(2025, 9, 15), organisation=court)
    record_verdict(prosecutor, a.charges.get(), {
        "verdict": "convicted", "verdict_on": date(2025, 10, 1), "verdict_court": "first_instance",
        "prison_years": 10, "fine_amount": 20_000_000, "fine_currency": "KHR",
    })  # fmt: skip
    record_verdict(prosecutor, b.charges.get(), {
        "verdict": "acquitted", "verdict_on": date(2025, 10, 1), "verdict_court": "first_instance",
    })  # fmt: skip
    add_step(prosecutor, a, "appeal", date(2025, 10, 20), court_level="appeal")

    scam = new_case("Job offer on Telegram, young men held in a scam compound", date(2026, 5, 20),
                    ["KH_ForcedCriminalityScam", "ForcedLabour"])  # fmt: skip
    add_person(police, scam, victims[2], "victim",
               {"trafficking_status": "PossibleVictimOfTrafficking", "status_decided_by": "Police"})  # fmt: skip
    c = suspect(scam, 2)
    add_step(police, c, "warrant", date(2026, 5, 25))

    kiln = new_case("Family held by debt at a brick kiln", date(2026, 8, 2), ["ForcedLabour"])
    d = suspect(kiln, 3)
    add_step(police, d, "arrest", date(2026, 8, 4))
    add_charge(police, d, art10, date(2026, 8, 5))
    add_step(police, d, "forwarded", date(2026, 8, 6), organisation=prosecution_user.organisation)
    return 3
