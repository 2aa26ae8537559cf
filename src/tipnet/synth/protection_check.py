"""Check stored synthetic protection cases against :mod:`tipnet.protection.rules`, from their
rows (used by the tests and ``tipnet synth --check``).

Each case is read with its identifications, consents, assessments, care plans, visits,
referrals and returns, in batches of case ids so that a national load fits in memory, and
checked case by case: the stage is the one its dates give, each stage had what it needs
before it, the status is ``rules.status_for`` the stage, the closure reason is one the rules
allow, every referral was covered by an active consent when it was sent, and every date is in
order and none in the future.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.db.models import Max, Min
from django.utils import timezone

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
from tipnet.protection.rules import (
    covering_consent,
    follow_up_dates,
    followup_interval,
    purpose_of,
    status_for,
)

BATCH = 20_000
LIMIT = 100  # problems reported at most
# An open case's stage is the one of its latest stage date (none: identification).
LATEST = {"identification": None, "recovery": "recovery_on", "reintegration": "reintegrated_on",
          "follow_up": "follow_up_on"}  # fmt: skip
CASE_FIELDS = ["id", "stage", "status", "category", "opened_on", "recovery_on", "reintegrated_on",
               "follow_up_on", "closed_on", "closure_reason", "owner_organisation_id"]  # fmt: skip


def protection_problems(today: date | None = None, synthetic_only: bool = True) -> list[str]:
    """What breaks the protection rules in the stored cases (synthetic ones by default)."""
    today = today or timezone.localdate()
    interval = followup_interval()
    cases = ProtectionCase.objects.all()
    if synthetic_only:
        cases = cases.filter(is_synthetic=True)
    bounds = cases.aggregate(low=Min("id"), high=Max("id"))
    problems: list[str] = []
    if bounds["low"] is None:
        return problems
    for start in range(bounds["low"], bounds["high"] + 1, BATCH):
        batch = cases.filter(id__gte=start, id__lt=start + BATCH)
        rows = [dict(zip(CASE_FIELDS, r, strict=True)) for r in batch.values_list(*CASE_FIELDS)]
        if not rows:
            continue
        related = _related(start, start + BATCH)
        for case in rows:
            for problem in case_problems(case, related, today, interval):
                problems.append(f"protection case {case['id']}: {problem}")
            if len(problems) >= LIMIT:
                return problems
    return problems


def _related(low: int, high: int) -> dict[str, dict[int, list[Any]]]:
    """The rows of cases ``low`` <= id < ``high``, by table and case."""
    out: dict[str, dict[int, list[Any]]] = {}

    def load(name: str, model: Any, fields: list[str]) -> None:
        found: dict[int, list[Any]] = defaultdict(list)
        qs = model.objects.filter(case_id__gte=low, case_id__lt=high).order_by("id")
        for values in qs.values_list("case_id", *fields):
            found[values[0]].append(SimpleNamespace(**dict(zip(fields, values[1:], strict=True))))
        out[name] = found

    load("identifications", Identification, ["identified_on"])
    load("consents", Consent, ["pk", "given_on", "purposes", "categories", "retain_until",
                               "withdrawn_on", "given_by"])  # fmt: skip
    load("assessments", Assessment, ["assessed_on"])
    load("care_plans", CarePlan, ["planned_start", "actual_start", "actual_end"])
    load("visits", FollowUp, ["due_on", "visited_on"])
    load("referrals", Referral, ["pk", "kind", "from_organisation_id", "to_organisation_id",
                                 "consent_id", "shared", "status", "requested_on",
                                 "answered_on", "completed_on"])  # fmt: skip
    load("returns", Return, ["returned_on"])
    # An override reason is encrypted: only whether there is one is read.
    overridden = set(
        Referral.objects.filter(case_id__gte=low, case_id__lt=high)
        .exclude(override_reason="")
        .values_list("id", flat=True)
    )
    for referrals in out["referrals"].values():
        for referral in referrals:
            referral.overridden = referral.pk in overridden
    return out


def case_problems(
    case: dict[str, Any], related: dict[str, dict[int, list[Any]]], today: date, interval: int
) -> Iterable[str]:
    """What is wrong with one case (a dict of ``CASE_FIELDS``)."""
    pk, stage, reason = case["id"], case["stage"], case["closure_reason"]
    identified = [i.identified_on for i in related["identifications"].get(pk, [])]
    consents = related["consents"].get(pk, [])
    assessed = [a.assessed_on for a in related["assessments"].get(pk, [])]
    plans = related["care_plans"].get(pk, [])
    visits = related["visits"].get(pk, [])
    referrals = related["referrals"].get(pk, [])
    closed = case["closed_on"]
    end = closed or today  # nothing is recorded on a closed case
    if case["status"] != status_for(stage, reason):
        yield f"status {case['status']!r} for stage {stage!r} and reason {reason!r}"
    # The stage is the one its dates give; closed cases have a date and a reason.
    if stage == "closed":
        if closed is None or not reason:
            yield "closed without a date or a reason"
    elif closed is not None or reason or stage not in LATEST:
        yield f"stage {stage!r} with a closure"
    else:
        present = [f for f in ("recovery_on", "reintegrated_on", "follow_up_on") if case[f]]
        if (present[-1] if present else None) != LATEST[stage]:
            yield f"stage {stage!r} with the dates {present}"
    if case["follow_up_on"] and not case["reintegrated_on"]:
        yield "follow-up without reintegration"
    # Dates in order, none in the future.
    chain = [case[f] for f in ("opened_on", "recovery_on", "reintegrated_on", "follow_up_on")]
    chain = [d for d in chain if d is not None] + ([closed] if closed else [])
    if chain != sorted(chain):
        yield f"stage dates out of order: {chain}"
    dated = chain + identified + assessed + [c.given_on for c in consents]
    dated += [p.planned_start for p in plans] + [v.visited_on for v in visits if v.visited_on]
    dated += [r.requested_on for r in referrals] + [
        r.returned_on for r in related["returns"].get(pk, [])
    ]
    if any(d > today for d in dated):
        yield "a date in the future"
    recorded = identified + assessed + [c.given_on for c in consents]
    if any(d > end for d in recorded + [p.planned_start for p in plans]):
        yield "a record dated after the closure"
    # What each stage needs before it.
    if case["recovery_on"] and not any(d <= case["recovery_on"] for d in identified):
        yield "recovery without an identification before it"
    on = case["reintegrated_on"]
    if on:
        if covering_consent(consents, "case_management", [], on) is None:
            yield "reintegration without consent to case management"
        if not any(d <= on for d in assessed):
            yield "reintegration without an assessment"
        if not any(p.planned_start <= on for p in plans):
            yield "reintegration without a care plan"
        due = sorted(v.due_on for v in visits)
        if due != follow_up_dates(on, interval):
            yield f"visits due {due}, reintegration on {on}"
        for v in visits:
            if v.visited_on and not on <= v.visited_on <= end:
                yield f"a visit on {v.visited_on} outside {on}..{end}"
    elif visits:
        yield "visits without reintegration"
    for consent in consents:
        if consent.withdrawn_on and not consent.given_on <= consent.withdrawn_on <= today:
            yield "a consent withdrawn outside its dates"
    if case["category"] == "KH_ChildAtRisk" and any(c.given_by == "person" for c in consents):
        yield "a child's consent given without a parent or guardian"
    # Referrals: under consent, answered in order, none waiting on a closed case.
    handed_over = False
    owner = None
    for r in sorted(referrals, key=lambda r: (r.requested_on, r.pk)):
        if r.from_organisation_id == r.to_organisation_id:
            yield f"referral {r.pk} to its own sender"
        if r.requested_on > end:
            yield f"referral {r.pk} sent after the closure"
        steps = [d for d in (r.requested_on, r.answered_on, r.completed_on) if d]
        if steps != sorted(steps) or any(d > today for d in steps):
            yield f"referral {r.pk} dates {steps}"
        covering = covering_consent(consents, purpose_of(r.kind), r.shared, r.requested_on)
        if not r.overridden and (covering is None or covering.pk != r.consent_id):
            yield f"referral {r.pk} not covered by its consent"
        if (r.status == "completed") != bool(r.completed_on) or (r.status == "requested") != (
            r.answered_on is None
        ):
            yield f"referral {r.pk} is {r.status!r} with dates {steps}"
        if r.status in ("accepted", "completed"):
            handed_over = True
            if r.kind == "transfer":
                owner = r.to_organisation_id
        if r.status == "requested" and stage == "closed":
            yield f"closed with referral {r.pk} waiting"
    if owner is not None and case["owner_organisation_id"] != owner:
        yield "an accepted transfer did not move the case"
    # The closure reasons the rules allow.
    if reason == "reintegrated":
        if not case["follow_up_on"]:
            yield "closed as reintegrated without follow-up"
        if any(v.visited_on is None for v in visits):
            yield "closed as reintegrated with a visit not made"
    if reason == "referred" and not handed_over:
        yield "closed as handed over without an accepted referral or transfer"
