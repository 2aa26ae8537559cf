"""The risk flags of a migration record, as pure functions over frozen facts.

One module decides which flags a migrant's record raises (tinyhands' interception red flags,
adapted: docs/plans/community-design.md section 3); the weight of each flag is kept by the
administrators (``RiskWeight``, seeded with :data:`FLAGS`' defaults) and the score is their
sum. The services store flags and score on the record at every write, so that the register
sorts by risk in SQL; what depends on the date alone (lost contact) is refreshed by
:func:`tipnet.community.services.refresh_stale_risk`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from tipnet.community.codes import (
    ALARMING,
    HELD_BY_OTHERS,
    ArrangedBy,
    Contract,
    Held,
    PaidBy,
    Purpose,
)

CAMBODIA = "KH"
ADULT_AGE = 18


@dataclass(frozen=True)
class Flag:
    code: str
    weight: int  # the default; administrators change it (RiskWeight)
    label_en: str
    label_km: str


# In the order they are shown (tinyhands' RedFlags priority). The first ten are the issue's
# list (the passport/visa/permit and the contract flags each split in two, as the memo does);
# online offers and an alarming last contact are additions an administrator may weigh 0.
FLAGS: tuple[Flag, ...] = (
    Flag("minor", 50, "Under 18 at departure", "អាយុក្រោម ១៨ ឆ្នាំ ពេលចាកចេញ"),
    Flag("last_contact_alarm", 60, "Last contact: in danger or wants to come home",
         "ទំនាក់ទំនងចុងក្រោយ៖ មានគ្រោះថ្នាក់ ឬចង់ត្រឡប់មកផ្ទះវិញ"),
    Flag("lost_contact", 50, "Lost contact", "បាត់ទំនាក់ទំនង"),
    Flag("documents_held_by_others", 40, "Documents kept by the broker or employer",
         "ឯកសារត្រូវបានរក្សាទុកដោយមេខ្យល់ ឬនិយោជក"),
    Flag("unlicensed_broker", 40, "Broker without a licence", "មេខ្យល់គ្មានអាជ្ញាប័ណ្ណ"),
    Flag("no_passport_abroad", 40, "No passport for a foreign destination",
         "គ្មានលិខិតឆ្លងដែន សម្រាប់ទៅបរទេស"),
    Flag("known_exploitation", 35, "Destination or sector with known exploitation",
         "គោលដៅ ឬវិស័យ ដែលគេដឹងថាមានការកេងប្រវ័ញ្ច"),
    Flag("no_visa_or_permit_abroad", 30, "No visa or work permit for work abroad",
         "គ្មានទិដ្ឋាការ ឬប័ណ្ណអនុញ្ញាតការងារ សម្រាប់ធ្វើការនៅបរទេស"),
    Flag("contract_not_understood", 30, "Contract in a language the migrant cannot read",
         "កិច្ចសន្យាជាភាសា ដែលចំណាកស្រុកមិនអាចអានបាន"),
    Flag("debt_for_journey", 30, "Debt for the journey", "ជំពាក់បំណុលសម្រាប់ការធ្វើដំណើរ"),
    Flag("no_contract", 20, "No written contract for work", "គ្មានកិច្ចសន្យាការងារជាលាយលក្ខណ៍អក្សរ"),
    Flag("online_offer", 15, "Offer seen online", "ការផ្តល់ការងារតាមអនឡាញ"),
    Flag("agency_licence_missing", 10, "Agency named without a licence number",
         "ទីភ្នាក់ងារ គ្មានលេខអាជ្ញាប័ណ្ណ"),
)  # fmt: skip
CODES = tuple(f.code for f in FLAGS)
DEFAULT_WEIGHTS: dict[str, int] = {f.code: f.weight for f in FLAGS}


@dataclass(frozen=True)
class RiskFacts:
    """What the rules read of one record (and of its migrant and contacts)."""

    age_at_departure: int | None
    destination_country: str | None  # ISO 3166 code
    sector: str
    purpose: str
    arranged_by: str
    licence_number: str
    contract: str
    passport: str
    visa: str
    work_permit: str
    contract_held_by: str
    paid_by: str
    debt_amount: Decimal | None
    away: bool
    # The last day the migrant was reached, else the departure (or the recording) date.
    reached_since: date | None
    last_situation: str


@dataclass(frozen=True)
class KnownPlace:
    """A destination or sector with known exploitation (an admin-kept ``KnownExploitation``
    row): a country, a sector or both; both given means both must match."""

    country: str | None
    sector: str


def age_on(born: date | None, estimated_age: int | None, on: date, today: date) -> int | None:
    """Age on ``on``: from the birth date, else the estimated age (taken as of today)."""
    if born is not None:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if estimated_age is None:
        return None
    return estimated_age - max(0, (today - on).days // 365)


def is_abroad(facts: RiskFacts) -> bool:
    return bool(facts.destination_country) and facts.destination_country != CAMBODIA


def _for_work(facts: RiskFacts) -> bool:
    return facts.purpose == Purpose.LABOUR


def _known(facts: RiskFacts, known: Iterable[KnownPlace]) -> bool:
    for place in known:
        if not place.country and not place.sector:
            continue
        if place.country and place.country != facts.destination_country:
            continue
        if place.sector and place.sector != facts.sector:
            continue
        return True
    return False


def flags(
    facts: RiskFacts, today: date, known: Iterable[KnownPlace] = (), lost_after_days: int = 60
) -> list[str]:
    """The codes of the flags the record raises, in :data:`FLAGS` order."""
    abroad, work = is_abroad(facts), _for_work(facts)
    documents = (facts.passport, facts.visa, facts.work_permit, facts.contract_held_by)
    raised = {
        "minor": facts.age_at_departure is not None and facts.age_at_departure < ADULT_AGE,
        "last_contact_alarm": facts.away and facts.last_situation in ALARMING,
        "lost_contact": facts.away
        and facts.reached_since is not None
        and facts.reached_since < today - timedelta(days=lost_after_days),
        "documents_held_by_others": any(d in HELD_BY_OTHERS for d in documents),
        "unlicensed_broker": facts.arranged_by == ArrangedBy.UNLICENSED_BROKER,
        "no_passport_abroad": abroad and facts.passport == Held.NONE,
        "known_exploitation": _known(facts, known),
        "no_visa_or_permit_abroad": abroad
        and work
        and (facts.visa == Held.NONE or facts.work_permit == Held.NONE),
        "contract_not_understood": facts.contract == Contract.NOT_READABLE,
        "debt_for_journey": (facts.debt_amount or 0) > 0 or facts.paid_by == PaidBy.BROKER_ADVANCE,
        "no_contract": work and facts.contract in (Contract.NONE, Contract.VERBAL),
        "online_offer": facts.arranged_by == ArrangedBy.ONLINE_OFFER,
        "agency_licence_missing": facts.arranged_by == ArrangedBy.LICENSED_AGENCY
        and not facts.licence_number.strip(),
    }
    return [code for code in CODES if raised[code]]


def score(raised: Iterable[str], weights: Mapping[str, int]) -> int:
    """The sum of the weights of the raised flags (a flag without a weight counts its
    default)."""
    return sum(weights.get(code, DEFAULT_WEIGHTS.get(code, 0)) for code in raised)
