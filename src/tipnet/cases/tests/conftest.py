from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tipnet.accounts.roles import OrganisationKind
from tipnet.cases.models import Case, CasePerson
from tipnet.testing import make_org, make_person


class CaseWorld:
    """A hotline case of the Banteay Meanchey police, with two suspects and a victim."""

    def __init__(self, cast: Any) -> None:
        from tipnet.geo.models import Area

        self.cast = cast
        police = cast.orgs["police_bmc"]
        self.court = make_org("BMC Court", OrganisationKind.COURT, "01")
        self.case = Case.objects.create(
            number="01-2026-00001", title="Hotline: girls taken to Thailand", source="hotline_117",
            reporting_organisation=police, owner_organisation=police, place=Area.objects.get(code="01"),
            reported_on=date(2026, 1, 10), narrative="Caller said two brokers took the girls.",
        )  # fmt: skip
        self.victim = CasePerson.objects.create(
            case=self.case, person=cast.people["bmc_poipet"], role="victim",
            trafficking_status="ActualVictimOfTrafficking", status_decided_by="Police",
        )  # fmt: skip
        self.suspect_a = CasePerson.objects.create(
            case=self.case, person=make_person(police, "0110", name_latin="Meas Vuthy", name_km="មាស វុទ្ធី"),
            role="suspect",
        )  # fmt: skip
        self.suspect_b = CasePerson.objects.create(
            case=self.case, person=make_person(police, "0110", name_latin="Touch Kosal", name_km="ទូច កុសល"),
            role="suspect",
        )  # fmt: skip


@pytest.fixture
def world(cast: Any) -> CaseWorld:
    return CaseWorld(cast)
