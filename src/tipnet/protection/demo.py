"""Demo data for victim protection (``make run``): the service directory of the demo NGOs and
one protection case, recorded through the protection services (and their rules)."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.db import transaction

from tipnet.accounts.models import Organisation, User
from tipnet.core.actor import Actor
from tipnet.people.models import Person
from tipnet.protection import services
from tipnet.protection.models import ProtectionCase, ServiceOffering


@transaction.atomic
def build_demo_protection() -> int:
    """Create the demo once; returns the number of protection cases created."""
    worker = User.objects.filter(username="socialworker", is_synthetic=True).first()
    if worker is None or ServiceOffering.objects.filter(organisation=worker.organisation).exists():
        return 0
    # The demo users are made with an organisation.
    organisation = cast(Organisation, worker.organisation)
    for service in ("shelter", "psychosocial", "medical", "reintegration", "family_tracing"):
        ServiceOffering.objects.create(
            organisation=organisation, service=service, area_id="02",
            description="Demo service of a fictional NGO.",
        )  # fmt: skip
    prevention = User.objects.filter(username="prevention", is_synthetic=True).first()
    if prevention is not None:
        ServiceOffering.objects.create(organisation=cast(Organisation, prevention.organisation),
                                       service="education",
                                       area_id="01")  # fmt: skip
    child = Person.objects.filter(is_synthetic=True, name_latin="Ly Mary").first()
    if child is None:
        return 0
    request = Actor.command(worker, via="demo")
    case = services.create_case(
        request, child,
        {"category": "PossibleVictimOfTrafficking", "source": "community",
         "opened_on": date(2026, 9, 1), "sensitivity": "standard"},
        child.place,
    )  # fmt: skip
    services.add_identification(request, case, {
        "identified_on": date(2026, 9, 3), "organisation": worker.organisation,
        "officer": "Srey Pov", "procedure": "mosvy_formal", "result": "ActualVictimOfTrafficking",
    })  # fmt: skip
    ProtectionCase.objects.filter(pk=case.pk).update(is_synthetic=True)
    return 1
