from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.protection import services
from tipnet.protection.models import ProtectionCase, ServiceOffering
from tipnet.testing import make_person


def as_user(user: Any) -> Any:
    """The actor ``user``, for calling services directly."""
    return Actor.command(user, via="test")


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


CONSENT = {
    "given_by": "parent", "guardian_name": "Sun Sophea (mother)",
    "informed_purpose": True, "informed_use": True, "informed_sharing": True,
    "informed_retention": True, "informed_withdrawal": True,
    "purposes": ["case_management", "referral"], "categories": ["identity", "case_history"],
    "retain_until": None,
}  # fmt: skip


class ProtectionWorld:
    """A girl of 14 from a Poipet village, referred by the community to the CCWC, which owns
    her protection case; a shelter in Battambang offers shelter in the directory."""

    def __init__(self, cast: Any) -> None:
        self.cast = cast
        self.ccwc, self.shelter = cast.orgs["ccwc"], cast.orgs["ngo_btb"]
        self.focalpoint = cast.users["focalpoint"]
        self.child = make_person(
            self.ccwc, cast.village.code, name_latin="Sun Srey Leak", name_km="ស៊ុន ស្រីលក្ខណ៍",
            date_of_birth=date.today() - timedelta(days=14 * 365), gender="Feminine",
            phone="097 111 2222",
        )  # fmt: skip
        self.offering = ServiceOffering.objects.create(
            organisation=self.shelter, service="shelter", area=Area.objects.get(code="02"),
            contact="053 000 000", description="Girls' shelter",
        )  # fmt: skip
        self.case = services.create_case(
            as_user(self.focalpoint), self.child,
            {"category": "KH_ChildAtRisk", "source": "community", "opened_on": days_ago(130),
             "source_details": "The village chief saw a broker visit the family."},
            cast.village,
        )  # fmt: skip

    def request(self, name: str = "focalpoint") -> Any:
        return as_user(self.cast.users[name])

    def identify(self, on: date | None = None) -> None:
        services.add_identification(self.request(), self.case, {
            "identified_on": on or days_ago(128), "organisation": self.ccwc,
            "officer": "Keo Sokha", "procedure": "mosvy_formal", "result": "KH_ChildAtRisk",
        })  # fmt: skip

    def consent(self, **changes: Any) -> Any:
        return services.add_consent(
            self.request(), self.case, {**CONSENT, "given_on": days_ago(127), **changes}
        )

    def assess_and_plan(self) -> None:
        services.add_assessment(self.request(), self.case, {
            "level": "household", "assessed_on": days_ago(120), "risk": "high",
            "needs": ["Education", "SocialCare"], "findings": "Nightmares; sees a counsellor.",
        })  # fmt: skip
        services.add_care_plan(self.request(), self.case, {
            "plan_type": "Education", "objectives": "Back to school.", "actions": "Scholarship.",
            "responsible": "CCWC", "planned_start": days_ago(119), "planned_end": days_ago(1),
        })  # fmt: skip

    def refresh(self) -> ProtectionCase:
        self.case.refresh_from_db()
        return self.case


@pytest.fixture
def pworld(cast: Any) -> ProtectionWorld:
    return ProtectionWorld(cast)


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages are checked in English (Khmer is the default language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
