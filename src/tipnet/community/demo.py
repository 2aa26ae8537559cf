"""The demo's migration register: three migrants of the demo volunteer's village, recorded
through the services (so scored, encrypted and audited as any): one who went through a broker
without a licence who keeps her passport, in debt and not reached for ten weeks; one who went
through a licensed agency with every document; a girl of sixteen working in Phnom Penh who wants
to come home."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tipnet.accounts.models import User
from tipnet.community import services
from tipnet.community.models import MigrationRecord
from tipnet.core.actor import Actor
from tipnet.geo.models import Country
from tipnet.people.models import Person


def build_demo_register() -> int:
    """Create the demo register once; returns the number of migrants recorded."""
    volunteer = User.objects.filter(username="volunteer", is_synthetic=True).first()
    if volunteer is None or volunteer.jurisdiction_id is None:
        return 0
    if MigrationRecord.objects.filter(owner_organisation_id=volunteer.organisation_id).exists():
        return 0
    actor = Actor.command(volunteer, via="demo")
    village, today = volunteer.jurisdiction, timezone.localdate()
    thailand, malaysia = Country.objects.get(code="TH"), Country.objects.get(code="MY")
    cambodia = Country.objects.get(code="KH")
    common = {"place": village, "purpose": "LabourMigrant", "currency": "USD",
              "debt_currency": "USD"}  # fmt: skip
    sokha = services.register_migrant(actor, {
        **common, "name_km": "ចាន់ សុខា", "name_latin": "Chan Sokha", "gender": "Feminine",
        "date_of_birth": date(today.year - 24, 3, 2), "phone": "097 555 0101",
        "departed_on": today - timedelta(days=120), "destination_country": thailand,
        "destination_city": "Rayong", "employer": "A fish-processing plant", "sector":
        "C_Manufacturing", "arranged_by": "KH_UnlicensedBroker", "paid_by": "broker_advance",
        "amount_paid": Decimal("350"), "debt_amount": Decimal("800"), "debt_to": "broker",
        "passport": "broker", "visa": "none", "work_permit": "none", "contract": "verbal",
        "family_contact_name": "Her mother", "family_contact_phone": "012 555 0102",
    })  # fmt: skip
    services.add_contact(actor, sokha, {"contacted_on": today - timedelta(days=70),
                                        "reached": True, "situation": "problem",
                                        "note": "Says the broker keeps her passport."})  # fmt: skip
    dara = services.register_migrant(actor, {
        **common, "name_km": "សុខ ដារ៉ា", "name_latin": "Sok Dara", "gender": "Masculine",
        "date_of_birth": date(today.year - 31, 7, 9), "departed_on": today - timedelta(days=200),
        "planned_return_on": today + timedelta(days=500), "destination_country": malaysia,
        "destination_city": "Johor Bahru", "sector": "F_Construction",
        "arranged_by": "KH_LicensedAgency", "licence_number": "MOLVT-0421", "paid_by": "self",
        "amount_paid": Decimal("600"), "passport": "migrant", "visa": "migrant",
        "work_permit": "migrant", "contract": "written_readable", "contract_held_by": "migrant",
    })  # fmt: skip
    services.add_contact(actor, dara, {
        "contacted_on": today - timedelta(days=10), "reached": True, "situation": "fine",
        "note": "",
    })  # fmt: skip
    neang = services.register_migrant(actor, {
        **common, "name_km": "មាស ស្រីនាង", "name_latin": "Meas Sreyneang", "gender": "Feminine",
        "date_of_birth": date(today.year - 16, 1, 20), "departed_on": today - timedelta(days=45),
        "destination_country": cambodia, "destination_city": "Phnom Penh",
        "sector": "T_ActivitiesOfHouseholdsAsEmployers", "arranged_by": "family_or_friend",
        "paid_by": "family", "amount_paid": Decimal("15"), "passport": "none",
        "contract": "none",
    })  # fmt: skip
    services.add_contact(actor, neang, {
        "contacted_on": today - timedelta(days=3), "reached": True,
        "situation": "wants_to_return", "note": "Works long hours in a house; wants to come home.",
    })  # fmt: skip
    records = [sokha.pk, dara.pk, neang.pk]
    MigrationRecord.objects.filter(pk__in=records).update(is_synthetic=True)
    Person.objects.filter(pk__in=[sokha.person_id, dara.person_id, neang.person_id]).update(
        is_synthetic=True
    )
    return len(records)
