"""Synthetic protection cases for the victims of synthetic criminal cases.

About 40% of victims get a protection case with the shelter NGO of their case's province, its
social worker as case worker, the person's home as place, linked to the criminal case. Each case
is a story told in date order that the services of :mod:`tipnet.protection` would accept:
identification, consent (a parent's or guardian's for a child), an assessment and a care plan;
recovery only after the identification; reintegration only with consent to case management, an
assessment and a care plan, and with it the two visits of ``rules.follow_up_dates``; follow-up
after reintegration. Referrals (to the province's Department of Social Affairs or another
province's NGO) and transfers (which move the case to the receiving NGO) only under consent
covering their purpose and every category shared. A case closes as reintegrated only from
follow-up with every visit made, as handed over only after an accepted referral, never with a
referral waiting. Nothing is dated in the future. Victims brought back from abroad get a return.

Rows are plain tuples, written by ``generate._write``; :mod:`tipnet.synth.protection_check`
checks the stored result.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tipnet.accounts.models import Organisation
from tipnet.accounts.roles import OrganisationKind
from tipnet.core.encryption import encrypt
from tipnet.protection import codes as P
from tipnet.protection.models import (
    Assessment,
    CarePlan,
    Consent,
    FollowUp,
    Identification,
    ProtectionCase,
    Referral,
    Return,
)
from tipnet.protection.rules import follow_up_dates, followup_interval, status_for

if TYPE_CHECKING:
    from tipnet.synth.generate import Generator, Province

SHARE = 0.4  # of victims
ABROAD = {"Thailand": "TH", "Malaysia": "MY", "China": "CN", "Viet Nam": "VN", "Myanmar": "MM",
          "Laos": "LA", "Indonesia": "ID"}  # fmt: skip
TABLES: dict[str, tuple[str, list[str]]] = {
    "pcase": (ProtectionCase._meta.db_table, [
        "id", "person_id", "category", "source", "source_details", "opened_on",
        "owner_organisation_id", "case_worker_id", "place_id", "sensitivity", "stage", "status",
        "recovery_on", "reintegrated_on", "follow_up_on", "closed_on", "closure_reason",
        "closure_note", "version", "created_by_id", "created_at", "updated_at", "is_synthetic"]),
    "pcase_link": (ProtectionCase.criminal_cases.through._meta.db_table, [
        "id", "protectioncase_id", "case_id"]),
    "identification": (Identification._meta.db_table, [
        "id", "case_id", "identified_on", "organisation_id", "officer", "procedure", "result",
        "notes", "recorded_by_id", "recorded_at"]),
    "consent": (Consent._meta.db_table, [
        "id", "case_id", "given_on", "given_by", "guardian_name", "purposes", "categories",
        "informed_purpose", "informed_use", "informed_sharing", "informed_retention",
        "informed_withdrawal", "retain_until", "withdrawn_on", "withdrawal_reason",
        "recorded_by_id", "recorded_at"]),
    "assessment": (Assessment._meta.db_table, [
        "id", "case_id", "level", "assessed_on", "risk", "needs", "findings", "assessed_by_id",
        "recorded_at"]),
    "careplan": (CarePlan._meta.db_table, [
        "id", "case_id", "plan_type", "objectives", "actions", "responsible", "planned_start",
        "planned_end", "actual_start", "actual_end", "recorded_by_id", "recorded_at"]),
    "referral": (Referral._meta.db_table, [
        "id", "case_id", "kind", "from_organisation_id", "to_organisation_id", "offering_id",
        "reason", "details", "shared", "consent_id", "override_reason", "status", "requested_on",
        "requested_by_id", "answered_on", "answered_by_id", "answer_note", "completed_on",
        "outcome"]),
    "followup": (FollowUp._meta.db_table, [
        "id", "case_id", "due_on", "visited_on", "outcome", "notes", "visited_by_id"]),
    "return": (Return._meta.db_table, [
        "id", "case_id", "kind", "returned_on", "from_country_id", "border_point", "assisted_by",
        "recorded_by_id"]),
}  # fmt: skip
# Parents first: the case, then what points at it (a referral points at its consent).


def _person_columns() -> dict[str, int]:
    from tipnet.synth.generate import TABLES as ALL

    return {name: i for i, name in enumerate(ALL["person"][1])}


class _PersonAt(dict):
    """Where each column sits in a generated person row (looked up by name: the person table
    gains and loses columns)."""

    def __missing__(self, name: str) -> int:
        self.update(_person_columns())
        return dict.__getitem__(self, name)


PERSON_AT: dict[str, int] = _PersonAt()
ORDER = ["pcase", "pcase_link", "identification", "consent", "assessment", "careplan",
         "referral", "followup", "return"]  # fmt: skip

# The code values, as plain strings (enum look-ups cost more than the rest of a row).
IDENTIFICATION, RECOVERY, REINTEGRATION = "identification", "recovery", "reintegration"
FOLLOW_UP, CLOSED = "follow_up", "closed"
CHILD_AT_RISK = P.Category.CHILD_AT_RISK.value
NOT_A_VICTIM = P.IdentificationResult.NOT_A_VICTIM.value
CASE_MANAGEMENT, REFERRAL, TRANSFER = "case_management", "referral", "transfer"
STATISTICS = "statistics"
IDENTITY, CONTACT, CASE_HISTORY, HEALTH = "identity", "contact", "case_history", "health"
SOURCES = ["police", "police", "police", "ngo", "ngo", "hotline", "community", "community", "self"]
PROCEDURES = ["mosvy_formal", "mosvy_formal", "police", "screening"]
NEEDS = [c.value for c in P.SupportType]
PLANS = [
    ("Health", "Medical check-up and follow-up care", "Clinic visits"),
    ("Education", "Return to school", "Enrolment, uniform and fees"),
    ("Livelihood", "A stable income", "Vocational training and a start-up kit"),
    ("SocialCare", "Safe family reunification", "Family tracing and visits"),
    ("Legal", "Support through the trial", "Legal aid and court accompaniment"),
]
REFERRAL_ANSWERS = ["accepted"] * 3 + ["completed"] * 5 + ["declined"] * 2 + ["revoked"]
VISITS = ["stable"] * 12 + ["needs_support"] * 5 + ["at_risk", "not_found"]
OTHER_CLOSURES = ["lost_contact"] * 5 + ["consent_withdrawn"] * 3 + ["moved_abroad"] * 2 + ["died"]
BORDERS = ["Poipet", "Bavet", "Phnom Penh airport", "Cham Yeam", "O'Smach"]


def _codes(*values: str) -> str:
    """A code list as ``CodeListField`` stores it."""
    return "|" + "|".join(values) + "|"


def _at(day: date, hour: int = 4) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def social_affairs_offices(provinces: list[Province]) -> tuple[dict[str, int], int]:
    """Each province's Department of Social Affairs (DoSVY), which takes referrals: created
    once, like the other synthetic organisations, and reused by later runs; how many are new."""
    offices = {}
    created = 0
    for prov in provinces:
        area = prov.area
        org, new = Organisation.objects.get_or_create(
            name_en=f"Synthetic {area.name_en} Department of Social Affairs",
            kind=OrganisationKind.MINISTRY,
            coverage=area,
            is_synthetic=True,
            defaults={"name_km": f"មន្ទីរសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា{area.name_km} (សំយោគ)"},
        )
        offices[area.code] = org.pk
        created += new
    return offices, created


class ProtectionGenerator:
    """Appends the protection rows of one victim to the chunk's rows."""

    def __init__(self, gen: Generator) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.today = gen.today
        self.countries = gen.world.countries
        self.provinces = gen.world.provinces
        self.offices, self.new_organisations = social_affairs_offices(self.provinces)
        self.interval = followup_interval()
        self.contexts = {
            (kind, column): f"{TABLES[kind][0]}.{column}"
            for kind, column in (("consent", "guardian_name"), ("consent", "withdrawal_reason"),
                                 ("assessment", "findings"), ("careplan", "objectives"),
                                 ("careplan", "actions"))
        }  # fmt: skip

    def _enc(self, value: str, kind: str, column: str) -> str:
        """Encrypted as ``EncryptedTextField`` stores it (context ``table.column``)."""
        return encrypt(value, self.contexts[kind, column]) if self.gen.encrypt_all else ""

    def _after(self, day: date, low: int, high: int) -> date | None:
        """A day ``low``..``high`` days after ``day``, or ``None`` if that is in the future."""
        found = day + timedelta(days=self.rng.randint(low, high))
        return found if found <= self.today else None

    def _other(self, prov: Province) -> Province:
        """Another province (the same one when only one is loaded)."""
        others = [p for p in self.provinces if p is not prov] or [prov]
        return self.rng.choice(others)

    def victim(
        self,
        rows: dict[str, list[tuple[Any, ...]]],
        prov: Province,
        case_id: int,
        person: tuple[Any, ...],
        age: int,
        trafficking_status: str,
        reported: date,
        destination: str,
        creator: int,
    ) -> bool:
        """Maybe a protection case for this victim (``person`` is its person row). The case is
        opened and recorded by the NGO's social worker, not by ``creator`` (who recorded the
        criminal case)."""
        rng = self.rng
        if rng.random() >= SHARE:
            return False
        gen, today = self.gen, self.today
        pid, place, sensitivity = (
            person[PERSON_AT[name]] for name in ("id", "place_id", "sensitivity")
        )
        child = age < 18
        abroad = ABROAD.get(destination)
        category = CHILD_AT_RISK if child and rng.random() < 0.1 else trafficking_status
        repatriated = bool(abroad) and rng.random() < 0.6
        source = "repatriation" if repatriated else rng.choice(SOURCES)
        opened = min(reported + timedelta(days=rng.randint(0, 20)), today)
        owner, worker = prov.ngo, rng.choice(prov.caseworkers)
        opened_by = worker
        cid = gen._id("pcase")
        rows["pcase_link"].append((gen._id("pcase_link"), cid, case_id))
        end = opened  # the last dated record: later stages and the closure come after it
        moves = 0

        # Identification, consent, assessments and care plan.
        result = ""
        identified = self._after(opened, 0, 7) if rng.random() < 0.95 else None
        if identified:
            result = category
            if category == P.Category.POSSIBLE_VICTIM and rng.random() < 0.08:
                result = NOT_A_VICTIM
            procedure = "repatriation" if repatriated else rng.choice(PROCEDURES)
            rows["identification"].append((
                gen._id("identification"), cid, identified,
                prov.police if procedure == "police" else owner,
                "Synthetic officer", procedure, result, "", worker, _at(identified),
            ))  # fmt: skip
            end = identified
        consent = None
        purposes = [CASE_MANAGEMENT, STATISTICS]
        categories = [IDENTITY, CASE_HISTORY]
        consent_on = self._after(opened, 0, 7) if rng.random() < 0.93 else None
        if consent_on:
            if rng.random() < 0.7:
                purposes.append(REFERRAL)
                categories.append(CONTACT)
            if rng.random() < 0.25:
                purposes.append(TRANSFER)
            if rng.random() < 0.4:
                categories.append(HEALTH)
            # Written at the end: a withdrawal is only known when the case closes.
            consent = [
                gen._id("consent"), cid, consent_on,
                rng.choice(("parent", "parent", "guardian")) if child else "person",
                self._enc("Synthetic guardian", "consent", "guardian_name") if child else "",
                _codes(*purposes), _codes(*categories), True, True, True, True, True,
                consent_on + timedelta(days=3650) if rng.random() < 0.5 else None,
                None, "", worker, _at(consent_on),
            ]  # fmt: skip
            end = max(end, consent_on)
        base = identified or opened
        assessed = self._after(base, 1, 25) if rng.random() < 0.88 else self._after(base, 31, 80)
        planned = None
        if assessed:
            rows["assessment"].append((
                gen._id("assessment"), cid, "individual", assessed,
                rng.choice(("low", "medium", "medium", "high")),
                _codes(*rng.sample(NEEDS, rng.randint(1, 3))),
                self._enc("Synthetic findings: needs support and a safe place to live.",
                          "assessment", "findings"),
                worker, _at(assessed),
            ))  # fmt: skip
            end = max(end, assessed)
            planned = self._after(assessed, 1, 14) if rng.random() < 0.9 else None
        if planned:
            kind, objective, action = rng.choice(PLANS)
            started = self._after(planned, 0, 30)
            finished = self._after(started, 60, 240) if started else None
            rows["careplan"].append((
                gen._id("careplan"), cid, kind,
                self._enc(objective, "careplan", "objectives"),
                self._enc(action, "careplan", "actions"),
                "Synthetic social worker", planned, planned + timedelta(days=180),
                started, finished, worker, _at(planned),
            ))  # fmt: skip
            end = max(end, planned)  # progress (actual dates) may be recorded after closure

        # The stages, each after the last one (NEXT_STAGES), with what each needs before it.
        stage = IDENTIFICATION
        recovery = reintegrated = follow_up = None
        if identified and result not in (NOT_A_VICTIM, CHILD_AT_RISK) and rng.random() < 0.85:
            recovery = self._after(identified, 1, 20)
            if recovery:
                stage, end, moves = RECOVERY, max(end, recovery), moves + 1
        ready = consent_on and assessed and planned and result != NOT_A_VICTIM
        if ready and (recovery or result == CHILD_AT_RISK) and rng.random() < 0.75:
            low, high = (20, 300) if recovery else (7, 60)
            reintegrated = self._after(end, low, high)
            if reintegrated:
                stage, end, moves = REINTEGRATION, reintegrated, moves + 1
        visits_done = False
        if reintegrated:
            if rng.random() < 0.85:
                follow_up = self._after(reintegrated, 0, 45)
                if follow_up:
                    stage, end, moves = FOLLOW_UP, follow_up, moves + 1
            # Entering reintegration schedules the two visits; most are made around their date.
            visits_done = True
            visited: date | None  # None: a visit not made
            for due in follow_up_dates(reintegrated, self.interval):
                visited = due + timedelta(days=rng.randint(-10, 20))
                if visited <= today and rng.random() < (0.93 if follow_up else 0.5):
                    visited = max(visited, reintegrated)
                    outcome = rng.choice(VISITS)
                    end = max(end, visited)
                else:
                    visited, outcome, visits_done = None, "", False
                rows["followup"].append((
                    gen._id("followup"), cid, due, visited, outcome, "",
                    worker if visited else None,
                ))  # fmt: skip

        # A referral for services, under consent covering it, answered or (lately) waiting.
        pending = referred = False
        if (
            consent is not None
            and consent_on
            and REFERRAL in purposes
            and result != NOT_A_VICTIM
            and rng.random() < 0.4
        ):
            requested = self._after(consent_on, 1, max(1, (end - consent_on).days + 30))
            if requested:
                other = self._other(prov) if rng.random() < 0.4 else None
                to = other.ngo if other else self.offices[prov.area.code]
                shared = [IDENTITY, CONTACT]
                if rng.random() < 0.5:
                    shared.append(CASE_HISTORY)
                if HEALTH in categories and rng.random() < 0.5:
                    shared.append(HEALTH)
                answered = self._after(requested, 1, 14) if rng.random() < 0.97 else None
                status, completed, answerer = "requested", None, None
                if answered:
                    status = rng.choice(REFERRAL_ANSWERS)
                    # The receiver answers (the synthetic DoSVY offices have no users); the
                    # sender revokes.
                    answerer = (
                        worker if status == "revoked"
                        else rng.choice(other.caseworkers) if other else None
                    )  # fmt: skip
                    if status == "completed":
                        completed = self._after(answered, 7, 90)
                        status = "completed" if completed else "accepted"
                    end = max(end, completed or answered)
                else:
                    end = max(end, requested)
                pending = status == "requested"
                referred = status in ("accepted", "completed")
                rows["referral"].append((
                    gen._id("referral"), cid, "referral", owner, to, None,
                    "AdditionalServicesRequired", "", _codes(*shared), consent[0], "", status,
                    requested, worker, answered, answerer, "", completed, "",
                ))  # fmt: skip

        # A transfer to another province's NGO when the person moves there: once accepted, the
        # case is that NGO's, with its social worker, at the new home.
        transferred = False
        if (
            consent is not None
            and consent_on
            and TRANSFER in purposes
            and not pending
            and rng.random() < 0.3
        ):
            requested = self._after(end, 5, 120)
            if requested:
                other = self._other(prov)
                answered = self._after(requested, 1, 10)
                status = "requested"
                answerer = None
                if answered:
                    status = "accepted" if rng.random() < 0.85 else "declined"
                    answerer = rng.choice(other.caseworkers)
                    end = answered
                else:
                    end = requested
                pending = status == "requested"
                rows["referral"].append((
                    gen._id("referral"), cid, "transfer", owner, other.ngo, None,
                    "MigrationOrChangeOfLocation", "", _codes(IDENTITY, CASE_HISTORY),
                    consent[0], "", status, requested, worker, answered, answerer, "", None, "",
                ))  # fmt: skip
                if status == "accepted" and answerer is not None:  # accepted: answered
                    transferred = True
                    # The person moved there (the reason given): the new home is in the
                    # receiving NGO's province, where its social worker may see the case.
                    owner, worker, place = other.ngo, answerer, rng.choice(other.homes)
                    moves += 1

        # The closure, after everything else, never with a referral waiting.
        closed, reason = None, ""
        if not pending:
            if result == NOT_A_VICTIM and rng.random() < 0.9:
                closed, reason = self._after(end, 0, 30), "not_a_victim"
            elif stage == FOLLOW_UP and visits_done and rng.random() < 0.75:
                closed, reason = self._after(end, 0, 30), "reintegrated"
            elif referred and not transferred and rng.random() < 0.4:
                closed, reason = self._after(end, 0, 20), "referred"
            elif rng.random() < 0.08:
                closed, reason = self._after(end, 10, 200), rng.choice(OTHER_CLOSURES)
            if closed:
                stage, end, moves = CLOSED, closed, moves + 1
                if reason == "consent_withdrawn" and consent:
                    consent[13] = closed  # withdrawn_on
                    consent[14] = self._enc(
                        "Synthetic: no longer wants the services.", "consent", "withdrawal_reason"
                    )
            else:
                reason = ""
        if consent:
            rows["consent"].append(tuple(consent))

        if abroad and abroad in self.countries and (repatriated or rng.random() < 0.4):
            rows["return"].append((
                gen._id("return"), cid,
                rng.choice(("repatriation", "repatriation", "deportation")) if repatriated
                else rng.choice(("self_return", "deportation")),
                max(reported - timedelta(days=rng.randint(0, 14)), date(2000, 1, 1)), abroad,
                rng.choice(BORDERS), "Synthetic assistance", opened_by,
            ))  # fmt: skip
        rows["pcase"].append((
            cid, pid, category, source, "", opened, owner, worker, place, sensitivity, stage,
            str(status_for(stage, reason)), recovery, reintegrated, follow_up, closed, reason,
            "", 1 + moves, opened_by, _at(opened, 5), _at(end, 6), True,
        ))  # fmt: skip
        return True
