from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tipnet.accounts.roles import OrganisationKind
from tipnet.cases import services
from tipnet.core.actor import Actor
from tipnet.testing import make_org, make_person


class CaseWorld:
    """A hotline case of the Banteay Meanchey police, with two suspects and a victim, built
    through the services as the web pages and the importer build them."""

    def __init__(self, cast: Any) -> None:
        from tipnet.geo.models import Area

        self.cast = cast
        police = cast.orgs["police_bmc"]
        self.court = make_org("BMC Court", OrganisationKind.COURT, "01")
        actor = Actor.command(cast.users["police"], via="test")
        self.case = services.create_case(actor, {
            "title": "Hotline: girls taken to Thailand", "source": "hotline_117",
            "reporting_organisation": police, "reported_on": date(2026, 1, 10),
            "narrative": "Caller said two brokers took the girls.",
        }, Area.objects.get(code="01"))  # fmt: skip
        self.victim = services.add_person(actor, self.case, cast.people["bmc_poipet"], "victim", {
            "trafficking_status": "ActualVictimOfTrafficking", "status_decided_by": "Police",
        })  # fmt: skip
        vuthy = make_person(police, "0110", name_latin="Meas Vuthy", name_km="មាស វុទ្ធី")
        kosal = make_person(police, "0110", name_latin="Touch Kosal", name_km="ទូច កុសល")
        self.suspect_a = services.add_person(actor, self.case, vuthy, "suspect", {})
        self.suspect_b = services.add_person(actor, self.case, kosal, "suspect", {})


@pytest.fixture
def world(cast: Any) -> CaseWorld:
    return CaseWorld(cast)
