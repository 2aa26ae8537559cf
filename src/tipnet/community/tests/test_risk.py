"""The risk rules over hand-written facts: each flag, the score, the lost-contact delay."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from tipnet.community import risk

TODAY = date(2026, 3, 5)
# A 25-year-old going to Thailand for work through a licensed agency, all papers in hand, a
# contract she reads, reached last week: nothing to flag.
SAFE = risk.RiskFacts(
    age_at_departure=25, destination_country="TH", sector="C_Manufacturing",
    purpose="LabourMigrant", arranged_by="KH_LicensedAgency", licence_number="MOLVT-123",
    contract="written_readable", passport="migrant", visa="migrant", work_permit="migrant",
    contract_held_by="migrant", paid_by="self", debt_amount=None, away=True,
    reached_since=date(2026, 2, 26), last_situation="fine",
)  # fmt: skip


def raised(**changes: object) -> list[str]:
    return risk.flags(replace(SAFE, **changes), TODAY)


def test_it_raises_nothing_for_a_safe_departure() -> None:
    assert raised() == []


def test_it_flags_a_minor_at_departure_but_not_an_adult() -> None:
    assert raised(age_at_departure=17) == ["minor"]
    assert raised(age_at_departure=18) == []
    assert raised(age_at_departure=None) == []


def test_it_flags_missing_papers_only_abroad_and_permits_only_for_work() -> None:
    assert raised(passport="none") == ["no_passport_abroad"]
    assert raised(visa="none") == ["no_visa_or_permit_abroad"]
    assert raised(work_permit="none") == ["no_visa_or_permit_abroad"]
    # Phnom Penh: no passport needed.
    assert raised(destination_country="KH", passport="none", visa="none") == []
    # Visiting family abroad: a passport, no work permit.
    assert raised(purpose="FamilyMigrant", work_permit="none", contract="none") == []
    # Not known is not "none".
    assert raised(passport="unknown") == []


def test_it_flags_brokers_online_offers_and_agencies_without_licence() -> None:
    assert raised(arranged_by="KH_UnlicensedBroker") == ["unlicensed_broker"]
    assert raised(arranged_by="online_offer") == ["online_offer"]
    assert raised(licence_number="  ") == ["agency_licence_missing"]
    assert raised(arranged_by="family_or_friend", licence_number="") == []


def test_it_flags_contracts_absent_or_unreadable() -> None:
    assert raised(contract="written_not_readable") == ["contract_not_understood"]
    assert raised(contract="verbal") == ["no_contract"]
    assert raised(contract="none") == ["no_contract"]
    assert raised(contract="unknown") == []


def test_it_flags_documents_kept_by_the_broker_or_employer() -> None:
    assert raised(passport="broker") == ["documents_held_by_others"]
    assert raised(contract_held_by="employer") == ["documents_held_by_others"]
    assert raised(visa="other") == []  # a relative keeps it: not a control method


def test_it_flags_a_debt_for_the_journey() -> None:
    assert raised(debt_amount=Decimal("800.00")) == ["debt_for_journey"]
    assert raised(paid_by="broker_advance") == ["debt_for_journey"]
    assert raised(debt_amount=Decimal("0")) == []


def test_it_flags_a_destination_or_sector_with_known_exploitation() -> None:
    thai_fishing = [risk.KnownPlace("TH", "A_AgricultureForestryAndFishing")]
    malaysia = [risk.KnownPlace("MY", "")]
    fishing = replace(SAFE, sector="A_AgricultureForestryAndFishing")
    assert risk.flags(fishing, TODAY, thai_fishing) == ["known_exploitation"]
    assert risk.flags(SAFE, TODAY, thai_fishing) == []  # Thailand, a factory
    assert risk.flags(replace(SAFE, destination_country="MY"), TODAY, malaysia) == [
        "known_exploitation"
    ]
    assert risk.flags(SAFE, TODAY, [risk.KnownPlace(None, "")]) == []  # an empty row


def test_it_flags_lost_contact_after_the_delay_while_away() -> None:
    assert raised(reached_since=date(2026, 1, 3)) == ["lost_contact"]  # 61 days ago
    assert raised(reached_since=date(2026, 1, 4)) == []  # 60 days: not yet
    assert risk.flags(replace(SAFE, reached_since=date(2026, 2, 20)), TODAY,
                      lost_after_days=10) == ["lost_contact"]  # fmt: skip
    assert raised(reached_since=date(2025, 1, 1), away=False) == []  # came home


def test_it_flags_an_alarming_last_contact() -> None:
    assert raised(last_situation="in_danger") == ["last_contact_alarm"]
    assert raised(last_situation="wants_to_return") == ["last_contact_alarm"]
    assert raised(last_situation="problem") == []


def test_the_score_is_the_sum_of_the_weights_shown_in_order() -> None:
    facts = replace(SAFE, age_at_departure=16, arranged_by="KH_UnlicensedBroker",
                    contract="written_not_readable", passport="broker")  # fmt: skip
    flags = risk.flags(facts, TODAY)
    assert flags == ["minor", "documents_held_by_others", "unlicensed_broker",
                     "contract_not_understood"]  # fmt: skip
    assert risk.score(flags, risk.DEFAULT_WEIGHTS) == 50 + 40 + 40 + 30
    assert risk.score(flags, {"minor": 0, "unlicensed_broker": 100}) == 0 + 40 + 100 + 30


def test_age_at_departure_from_a_birth_date_or_an_estimate() -> None:
    assert risk.age_on(date(2008, 6, 1), None, date(2026, 5, 31), TODAY) == 17
    assert risk.age_on(date(2008, 6, 1), None, date(2026, 6, 1), TODAY) == 18
    # An estimated age of 19 today, gone two years ago: 17 then.
    assert risk.age_on(None, 19, date(2024, 3, 1), TODAY) == 17
    assert risk.age_on(None, None, TODAY, TODAY) is None
