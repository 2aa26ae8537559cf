"""Synthetic protection cases for the victims of synthetic criminal cases.

About 40% of victims get a protection case with the shelter NGO of the case's province: a formal
identification, consent (a parent's or guardian's for a child), an assessment and a care plan,
then stages that follow :mod:`tipnet.protection.rules` (recovery needs the identification;
reintegration needs consent to case management, an assessment and a care plan; follow-up comes
after reintegration, with the two visits of ``rules.follow_up_dates``; a case closes as
reintegrated only after every visit, as handed over only after an accepted transfer, and never
with a referral waiting). Some are referred to another province's NGO under consent covering
the referral and every category shared; victims brought back from abroad get a return.
Dates are in order and never in the future. Rows are tuples written by ``generate._write``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q

from tipnet.core.encryption import encrypt
from tipnet.protection import codes
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
from tipnet.protection.rules import follow_up_dates, status_for

if TYPE_CHECKING:
    from tipnet.synth.generate import Generator, Province

SHARE = 0.4  # of victims
ABROAD = {"Thailand": "TH", "Malaysia": "MY", "China": "CN", "Viet Nam": "VN", "Myanmar": "MM",
          "Laos": "LA", "Indonesia": "ID"}  # fmt: skip
FOLLOW_UP_DAYS = 90
P = codes
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
ORDER = ["pcase", "pcase_link", "identification", "consent", "assessment", "careplan",
         "referral", "followup", "return"]  # fmt: skip
NEEDS = [c.value for c in codes.SupportType]
PLANS = [
    (codes.SupportType.HEALTH, "Medical check-up and follow-up care", "Clinic visits"),
    (codes.SupportType.EDUCATION, "Return to school", "Enrolment, uniform and fees"),
    (codes.SupportType.LIVELIHOOD, "A stable income", "Vocational training and a start-up kit"),
    (codes.SupportType.SOCIAL_CARE, "Safe family reunification", "Family tracing and visits"),
    (codes.SupportType.LEGAL, "Support through the trial", "Legal aid and court accompaniment"),
]


def _codes(*values: str) -> str:
    return "|" + "|".join(values) + "|"


class ProtectionGenerator:
    """Appends the protection rows of one victim to the chunk's rows."""

    def __init__(self, gen: Generator) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.today = gen.today
        self.countries = gen.world.countries
        self.ngos = [p.ngo for p in gen.world.provinces]

    def _enc(self, value: str, table: str, column: str) -> str:
        return encrypt(value, f"{table}.{column}") if self.gen.encrypt_all else ""

    def _after(self, day: date, low: int, high: int) -> date | None:
        """A day ``low``..``high`` days after ``day``, or ``None`` if that is in the future."""
        found = day + timedelta(days=self.rng.randint(low, high))
        return found if found <= self.today else None

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
        """Maybe a protection case for this victim (``person`` is its person row)."""
        rng = self.rng
        if rng.random() >= SHARE:
            return False
        gen = self.gen
        pid, place, sensitivity = person[0], person[12], person[20]
        child = age < 18
        abroad = ABROAD.get(destination)
        category = trafficking_status
        if child and rng.random() < 0.1:
            category = codes.Category.CHILD_AT_RISK
        source = (
            codes.Source.REPATRIATION
            if abroad and rng.random() < 0.6
            else rng.choice((P.Source.POLICE, P.Source.POLICE, P.Source.NGO, P.Source.HOTLINE,
                             P.Source.COMMUNITY, P.Source.SELF))
        )  # fmt: skip
        opened = min(reported + timedelta(days=rng.randint(0, 20)), self.today)
        worker = rng.choice(prov.caseworkers)
        at = gen.now
        cid = gen._id("pcase")
        rows["pcase_link"].append((gen._id("pcase_link"), cid, case_id))
        last = opened
        recovery = reintegrated = follow_up = closed = None
        stage, reason = codes.Stage.IDENTIFICATION, ""
        # Identification, consent, assessment and care plan.
        identified = self._after(opened, 0, 7)
        if identified:
            result = (
                codes.IdentificationResult.CHILD_AT_RISK
                if category == codes.Category.CHILD_AT_RISK
                else trafficking_status
            )
            procedure = (
                codes.Procedure.REPATRIATION if source == codes.Source.REPATRIATION
                else rng.choice((P.Procedure.MOSVY_FORMAL, P.Procedure.POLICE,
                                 P.Procedure.SCREENING))
            )  # fmt: skip
            rows["identification"].append((
                gen._id("identification"), cid, identified,
                prov.police if procedure == codes.Procedure.POLICE else prov.ngo,
                "Synthetic officer", procedure, result, "", worker, at,
            ))  # fmt: skip
            last = identified
        consent_id = None
        consent_on = self._after(last, 0, 5) if identified else None
        purposes = [P.Purpose.CASE_MANAGEMENT, P.Purpose.STATISTICS]
        categories = [P.DataCategory.IDENTITY, P.DataCategory.CASE_HISTORY]
        if consent_on:
            if rng.random() < 0.7:
                purposes.append(P.Purpose.REFERRAL)
                categories.append(P.DataCategory.CONTACT)
            if rng.random() < 0.2:
                purposes.append(P.Purpose.TRANSFER)
            if rng.random() < 0.4:
                categories.append(P.DataCategory.HEALTH)
            consent_id = gen._id("consent")
            given_by = rng.choice((P.GivenBy.PARENT, P.GivenBy.GUARDIAN)) if child else "person"
            rows["consent"].append((
                consent_id, cid, consent_on, str(given_by),
                self._enc("Synthetic guardian", Consent._meta.db_table, "guardian_name")
                if child else "",
                _codes(*purposes), _codes(*categories), True, True, True, True, True,
                None, None, "", worker, at,
            ))  # fmt: skip
        assessed = self._after(opened, 2, 25)
        if assessed:
            rows["assessment"].append((
                gen._id("assessment"), cid, "individual", assessed,
                rng.choice(("low", "medium", "medium", "high")),
                _codes(*rng.sample(NEEDS, rng.randint(1, 3))),
                self._enc("Synthetic findings: needs support and a safe place to live.",
                          Assessment._meta.db_table, "findings"),
                worker, at,
            ))  # fmt: skip
        planned = self._after(assessed, 1, 14) if assessed else None
        if planned:
            kind, objective, action = rng.choice(PLANS)
            plan_table = CarePlan._meta.db_table
            started = self._after(planned, 0, 30)
            rows["careplan"].append((
                gen._id("careplan"), cid, kind.value,
                self._enc(objective, plan_table, "objectives"),
                self._enc(action, plan_table, "actions"),
                "Synthetic social worker", planned, planned + timedelta(days=180),
                started, self._after(started, 60, 240) if started else None, worker, at,
            ))  # fmt: skip
        # The stages, each after the last dated step.
        if identified and rng.random() < 0.85 and category != codes.Category.CHILD_AT_RISK:
            recovery = self._after(max(last, identified), 1, 20)
            if recovery:
                stage, last = codes.Stage.RECOVERY, recovery
        ready = identified and consent_on and assessed and planned
        if ready and (recovery or category == codes.Category.CHILD_AT_RISK) and rng.random() < 0.7:
            reintegrated = self._after(max(last, consent_on, assessed, planned), 30, 300)
            if reintegrated:
                stage, last = codes.Stage.REINTEGRATION, reintegrated
        visits_done = True
        if reintegrated and rng.random() < 0.85:
            follow_up = self._after(reintegrated, 0, 30)
            if follow_up:
                stage, last = codes.Stage.FOLLOW_UP, follow_up
                for due in follow_up_dates(reintegrated, FOLLOW_UP_DAYS):
                    visited = self._after(max(due, follow_up), 0, 14)
                    if visited and rng.random() < 0.9:
                        outcome = rng.choice(("stable", "stable", "stable", "needs_support"))
                        last = max(last, visited)
                    else:
                        visited, outcome, visits_done = None, "", False
                    rows["followup"].append(
                        (gen._id("followup"), cid, due, visited, outcome, "",
                         worker if visited else None)
                    )  # fmt: skip
        # Referrals (answered before any closure), a transfer, the closure.
        pending = False
        if consent_on and P.Purpose.REFERRAL in purposes and rng.random() < 0.3:
            requested = self._after(max(consent_on, last - timedelta(days=60)), 1, 60)
            if requested:
                answered = self._after(requested, 1, 14)
                status = "requested"
                completed = None
                if answered:
                    status = rng.choice(("accepted", "completed", "completed", "declined"))
                    completed = self._after(answered, 7, 90) if status == "completed" else None
                    if status == "completed" and completed is None:
                        status = "accepted"
                pending = status == "requested"
                other = rng.choice([n for n in self.ngos if n != prov.ngo] or [prov.ngo])
                rows["referral"].append((
                    gen._id("referral"), cid, "referral", prov.ngo, other, None,
                    "AdditionalServicesRequired", "", _codes(P.DataCategory.IDENTITY,
                                                             P.DataCategory.CONTACT),
                    consent_id, "", status, requested, worker,
                    answered, None, "", completed, "",
                ))  # fmt: skip
                last = max(last, answered or requested, completed or requested)
        if not pending:
            if stage == codes.Stage.FOLLOW_UP and visits_done and rng.random() < 0.7:
                closed = self._after(last, 0, 30)
                reason = codes.ClosureReason.REINTEGRATED
            elif (
                consent_on and P.Purpose.TRANSFER in purposes and rng.random() < 0.3
            ):  # handed over to another province's NGO
                moved = self._after(last, 5, 60)
                if moved:
                    other = rng.choice([n for n in self.ngos if n != prov.ngo] or [prov.ngo])
                    rows["referral"].append((
                        gen._id("referral"), cid, "transfer", prov.ngo, other, None,
                        "MigrationOrChangeOfLocation", "",
                        _codes(P.DataCategory.IDENTITY, P.DataCategory.CASE_HISTORY),
                        consent_id, "", "accepted", moved, worker, moved, None, "", None, "",
                    ))  # fmt: skip
                    last = moved
                    closed = self._after(moved, 0, 10)
                    reason = codes.ClosureReason.REFERRED
            elif rng.random() < 0.08:
                closed = self._after(last, 10, 120)
                reason = rng.choice((P.ClosureReason.LOST_CONTACT,
                                     P.ClosureReason.CONSENT_WITHDRAWN,
                                     P.ClosureReason.MOVED_ABROAD))  # fmt: skip
            if closed:
                stage = codes.Stage.CLOSED
            else:
                reason = ""
        if abroad and abroad in self.countries and source == codes.Source.REPATRIATION:
            rows["return"].append((
                gen._id("return"), cid,
                rng.choice(("repatriation", "repatriation", "deportation", "self_return")),
                max(reported - timedelta(days=rng.randint(0, 10)), date(2000, 1, 1)), abroad,
                rng.choice(("Poipet", "Bavet", "Phnom Penh airport", "Cham Yeam")),
                "Synthetic assistance", worker,
            ))  # fmt: skip
        rows["pcase"].append((
            cid, pid, str(category), str(source), "", opened, prov.ngo, worker, place,
            sensitivity, str(stage), status_for(stage, reason), recovery, reintegrated,
            follow_up, closed, str(reason), "", 1, creator, at, at, True,
        ))  # fmt: skip
        return True


def protection_problems(today: date | None = None) -> list[str]:
    """Synthetic protection cases that break the rules of ``protection/rules.py``."""
    from django.utils import timezone

    today = today or timezone.localdate()
    cases = ProtectionCase.objects.filter(is_synthetic=True)
    problems: list[str] = []

    def bad(label: str, qs: Any) -> None:
        for pk in qs.values_list("pk", flat=True)[:20]:
            problems.append(f"protection case {pk}: {label}")

    bad("recovery without identification", cases.filter(recovery_on__isnull=False).annotate(
        n=Count("identifications", filter=Q(identifications__identified_on__lte=F("recovery_on")))
    ).filter(n=0))  # fmt: skip
    reintegrated = cases.filter(reintegrated_on__isnull=False)
    bad("reintegration without consent to case management", reintegrated.exclude(
        consents__purposes__contains="|case_management|",
        consents__given_on__lte=F("reintegrated_on"),
    ))  # fmt: skip
    bad("reintegration without assessment", reintegrated.exclude(
        assessments__assessed_on__lte=F("reintegrated_on")))  # fmt: skip
    bad("reintegration without care plan", reintegrated.exclude(
        care_plans__planned_start__lte=F("reintegrated_on")))  # fmt: skip
    bad("follow-up without its two visits", cases.filter(follow_up_on__isnull=False).annotate(
        n=Count("follow_ups")).exclude(n=2))  # fmt: skip
    bad(
        "closed as reintegrated with a visit not done",
        cases.filter(
            closure_reason=codes.ClosureReason.REINTEGRATED, follow_ups__visited_on__isnull=True
        ),
    )
    bad(
        "closed as handed over without an accepted transfer",
        cases.filter(closure_reason=codes.ClosureReason.REFERRED).exclude(
            referrals__kind="transfer", referrals__status__in=["accepted", "completed"]
        ),
    )
    bad(
        "closed with a referral waiting",
        cases.filter(stage=codes.Stage.CLOSED, referrals__status="requested"),
    )
    bad("a referral without consent", cases.filter(
        pk__in=Referral.objects.filter(consent__isnull=True).values("case_id")))  # fmt: skip
    bad("stage dates out of order", cases.filter(
        Q(recovery_on__lt=F("opened_on")) | Q(reintegrated_on__lt=F("recovery_on"))
        | Q(reintegrated_on__lt=F("opened_on")) | Q(follow_up_on__lt=F("reintegrated_on"))
        | Q(closed_on__lt=F("opened_on"))
    ))  # fmt: skip
    bad("a date in the future", cases.filter(
        Q(opened_on__gt=today) | Q(recovery_on__gt=today) | Q(reintegrated_on__gt=today)
        | Q(follow_up_on__gt=today) | Q(closed_on__gt=today)))  # fmt: skip
    for pk, stage, reason, status in cases.values_list("pk", "stage", "closure_reason", "status"):
        if status_for(stage, reason) != status:
            problems.append(f"protection case {pk}: status {status!r} for stage {stage!r}")
    for referral in Referral.objects.filter(case__is_synthetic=True).select_related("consent"):
        consent = referral.consent
        purpose = "transfer" if referral.kind == "transfer" else "referral"
        if (
            consent is None
            or purpose not in consent.purposes
            or not set(referral.shared) <= set(consent.categories)
        ):
            problems.append(f"referral {referral.pk}: not covered by its consent")
    return problems
