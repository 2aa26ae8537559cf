from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tipnet.core.actor import Actor


def ensure_risk_weights() -> None:
    """The weights are seeded by a migration; a flushing (transactional) test empties them."""
    from importlib import import_module

    from django.apps import apps

    import_module("tipnet.community.migrations.0002_seed_risk_weights").seed(apps, None)


def migrant_data(village: Any, **changes: Any) -> dict[str, Any]:
    """A 16-year-old girl gone to Thailand through a broker without a licence, with a contract
    she cannot read: the issue's first journey."""
    from tipnet.geo.models import Country

    data = {
        "name_km": "ស្រី ពៅ", "name_latin": "Srey Pov", "gender": "Feminine",
        "date_of_birth": timezone.localdate() - timedelta(days=16 * 365 + 30),
        "estimated_age": None, "phone": "016 555 0101",
        "place": village, "departed_on": timezone.localdate() - timedelta(days=10),
        "planned_return_on": None, "destination_country": Country.objects.get(code="TH"),
        "destination_city": "Rayong", "employer": "Sea Star Seafood", "sector": "C_Manufacturing",
        "purpose": "LabourMigrant", "arranged_by": "KH_UnlicensedBroker", "licence_number": "",
        "platform": "", "paid_by": "broker_advance", "amount_paid": None, "currency": "USD",
        "debt_amount": None, "debt_currency": "USD", "debt_to": "", "passport": "migrant",
        "visa": "migrant", "work_permit": "migrant", "contract": "written_not_readable",
        "contract_held_by": "migrant", "companions_note": "Went with her cousin Dara",
        "family_contact_name": "Mother Neang", "family_contact_phone": "097 777 0202",
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def register(cast: Any) -> Any:
    """The cast with a second village of the same commune and a volunteer there."""
    from tipnet.accounts.roles import RoleCode as R
    from tipnet.geo.models import Area
    from tipnet.testing import make_user

    ensure_risk_weights()
    other = Area.objects.filter(parent_id="011002").exclude(code=cast.village.code).first()
    cast.other_village = other
    cast.users["volunteer_other"] = make_user(
        "volunteer_other", [R.VILLAGE_VOLUNTEER], cast.orgs["ccwc"], other.code, totp=True
    )
    return cast


def actor(user: Any) -> Actor:
    return Actor(user=user)
