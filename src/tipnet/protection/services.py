"""Writes of victim protection: each one transaction with its audit event, checked by rules.py."""

from __future__ import annotations

from copy import copy
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, Resource, can, check_write
from tipnet.audit.models import AuditAction
from tipnet.audit.services import field_changes, record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.protection import rules
from tipnet.protection.codes import ClosureReason, ReferralKind, ReferralStatus, Stage
from tipnet.protection.history import facts_of, follow_identification
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
from tipnet.protection.rules import Refused

CASE_FIELDS = ["category", "source", "source_details", "case_worker", "sensitivity", "place"]
CONSENT_OVERRIDE = "consent_override"  # the audit action of a referral sent without consent


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, obj._meta.get_field(name).attname) for name in fields}


def _today() -> date:
    return timezone.localdate()


def _lock(case: ProtectionCase) -> ProtectionCase:
    """Lock the case so two writes to it are checked one after the other."""
    return ProtectionCase.objects.select_for_update().get(pk=case.pk)


def _added(actor: Actor, case: ProtectionCase, what: str, obj: Any, text: str) -> None:
    record_event(
        actor,
        AuditAction.CHANGE,
        target=case,
        changes={what: {"old": "", "new": f"#{obj.pk} {text}"}},
        detail=what,
    )


def create_case(actor: Actor, person: Any, data: dict[str, Any], place: Any) -> ProtectionCase:
    """Open a protection case of the actor's organisation for ``person``, at a home place the
    actor may record (:func:`tipnet.accounts.access.check_write`)."""
    user = actor.user
    case = ProtectionCase(
        person=person,
        owner_organisation_id=user.organisation_id,
        created_by=user,
        opened_on=data["opened_on"],
    )
    for name in CASE_FIELDS:
        if name in data:
            setattr(case, name, data[name])
    case.place = place
    check_write(user, Action.CREATE, Resource.PROTECTION, case)
    with transaction.atomic():
        if case.case_worker_id is None:
            case.case_worker = user
        case.save()
        changes = field_changes(
            {}, _snapshot(case, [*CASE_FIELDS, "person", "opened_on"]), case.AUDIT_SEALED_FIELDS
        )
        record_event(actor, AuditAction.CREATE, target=case, changes=changes)
    return case


def update_case(
    actor: Actor, case: ProtectionCase, data: dict[str, Any], version: int
) -> ProtectionCase:
    """Save ``data`` if nobody saved the case since ``version``; else raise StaleEdit. A move
    to a home place the actor may not record is refused (:class:`NotAllowed`)."""
    draft = copy(case)
    for name in CASE_FIELDS:
        if name in data and data[name] is not None:
            setattr(draft, name, data[name])
    check_write(actor.user, Action.CHANGE, Resource.PROTECTION, draft)
    with transaction.atomic():
        current = _lock(case)
        if current.version != version:
            raise StaleEdit(current)
        before = _snapshot(current, CASE_FIELDS)
        for name in CASE_FIELDS:
            if name in data and data[name] is not None:
                setattr(current, name, data[name])
        changes = field_changes(
            before, _snapshot(current, CASE_FIELDS), current.AUDIT_SEALED_FIELDS
        )
        if changes:
            current.version += 1
            current.save()
            record_event(actor, AuditAction.CHANGE, target=current, changes=changes)
    return current


def link_criminal_case(actor: Actor, case: ProtectionCase, criminal: Any) -> None:
    with transaction.atomic():
        case = _lock(case)
        rules.check_open(facts_of(case))
        case.criminal_cases.add(criminal)
        _added(actor, case, "criminal_cases", criminal, criminal.number)


def add_identification(actor: Actor, case: ProtectionCase, data: dict[str, Any]) -> Identification:
    with transaction.atomic():
        case = _lock(case)
        facts = facts_of(case)
        rules.check_open(facts)
        rules.check_not_future(data["identified_on"], _today())
        item = Identification.objects.create(case=case, recorded_by=actor.user, **data)
        _added(actor, case, "identification", item, f"{item.procedure} {item.result}")
        follow_identification(actor, case)
    return item


def add_consent(actor: Actor, case: ProtectionCase, data: dict[str, Any]) -> Consent:
    with transaction.atomic():
        case = _lock(case)
        rules.check_not_closed(facts_of(case))  # the one record a referred child's case takes
        rules.check_not_future(data["given_on"], _today())
        consent = Consent.objects.create(case=case, recorded_by=actor.user, **data)
        text = f"{'|'.join(consent.purposes)} / {'|'.join(consent.categories)}"
        _added(actor, case, "consent", consent, text)
    return consent


def withdraw_consent(actor: Actor, consent: Consent, on: date, reason: str) -> Consent:
    with transaction.atomic():
        case = _lock(consent.case)
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_on is not None:
            raise Refused(_("This consent was already withdrawn."))
        rules.check_withdrawal(consent.given_on, on, _today())
        consent.withdrawn_on, consent.withdrawal_reason = on, reason
        consent.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        record_event(
            actor,
            AuditAction.CHANGE,
            target=case,
            changes={"consent_withdrawn": {"old": "", "new": f"#{consent.pk} {on}"}},
            detail="consent withdrawn",
        )
    return consent


def add_assessment(actor: Actor, case: ProtectionCase, data: dict[str, Any]) -> Assessment:
    with transaction.atomic():
        case = _lock(case)
        rules.check_open(facts_of(case))
        rules.check_not_future(data["assessed_on"], _today())
        item = Assessment.objects.create(case=case, assessed_by=actor.user, **data)
        _added(actor, case, "assessment", item, f"{item.level} {item.risk}")
    return item


def add_care_plan(actor: Actor, case: ProtectionCase, data: dict[str, Any]) -> CarePlan:
    with transaction.atomic():
        case = _lock(case)
        rules.check_open(facts_of(case))
        item = CarePlan.objects.create(case=case, recorded_by=actor.user, **data)
        _added(actor, case, "care_plan", item, item.plan_type)
    return item


def record_care_plan_progress(actor: Actor, plan: CarePlan, data: dict[str, Any]) -> CarePlan:
    with transaction.atomic():
        case = _lock(plan.case)
        rules.check_open(facts_of(case))
        plan = CarePlan.objects.select_for_update().get(pk=plan.pk)
        before = _snapshot(plan, ["actual_start", "actual_end"])
        plan.actual_start, plan.actual_end = data.get("actual_start"), data.get("actual_end")
        plan.save(update_fields=["actual_start", "actual_end"])
        changes = field_changes(before, _snapshot(plan, ["actual_start", "actual_end"]), set())
        if changes:
            named = {f"care_plan {plan.pk} {k}": v for k, v in changes.items()}
            record_event(actor, AuditAction.CHANGE, target=case, changes=named)
    return plan


def move_stage(actor: Actor, case: ProtectionCase, to: str, on: date) -> ProtectionCase:
    """Move the case on (checked on what was recorded by ``on``)."""
    with transaction.atomic():
        case = _lock(case)
        rules.check_stage(facts_of(case, on=on), to, on, _today())
        _enter_stage(actor, case, to, on, f"stage {to}")
    return case


def _enter_stage(actor: Actor, case: ProtectionCase, to: str, on: date, detail: str) -> None:
    """Enter stage ``to`` on ``on``; entering reintegration schedules the two visits."""
    before = case.stage
    case.stage = to
    case.status = rules.status_for(to)
    date_field = {
        Stage.RECOVERY: "recovery_on",
        Stage.REINTEGRATION: "reintegrated_on",
        Stage.FOLLOW_UP: "follow_up_on",
    }[Stage(to)]
    setattr(case, date_field, on)
    case.version += 1
    case.save()
    if to == Stage.REINTEGRATION:
        FollowUp.objects.bulk_create(
            FollowUp(case=case, due_on=due) for due in rules.follow_up_dates(on)
        )
    record_event(
        actor,
        AuditAction.CHANGE,
        target=case,
        changes={"stage": {"old": before, "new": f"{to} {on}"}},
        detail=detail,
    )


def close_case(
    actor: Actor, case: ProtectionCase, reason: str, on: date, note: str
) -> ProtectionCase:
    with transaction.atomic():
        case = _lock(case)
        before = case.stage
        rules.check_closure(facts_of(case), reason, on, _today())
        case.stage, case.closed_on = Stage.CLOSED, on
        case.closure_reason, case.closure_note = reason, note
        case.status = rules.status_for(Stage.CLOSED, reason)
        case.version += 1
        case.save()
        # Visits not made will not be made: they stop counting as overdue.
        record_event(
            actor,
            AuditAction.CHANGE,
            target=case,
            changes={"stage": {"old": before, "new": f"closed {on} {reason}"}},
            detail="closed",
        )
    return case


def send_referral(
    actor: Actor, case: ProtectionCase, data: dict[str, Any], override_reason: str = ""
) -> Referral:
    """Send a referral or transfer if active consent covers it; without consent only with
    the override permission and a written reason, audited as an event of its own."""
    user = actor.user
    with transaction.atomic():
        case = _lock(case)
        rules.check_open(facts_of(case))
        today = _today()
        to = data["to_organisation"]
        if to.pk == case.owner_organisation_id:
            raise Refused(_("A referral goes to another organisation than the case's owner."))
        consents = list(case.consents.all())
        purpose = rules.purpose_of(data["kind"])
        # Made on paper last week: dated then, and checked on the consent of that day.
        on = data.get("requested_on") or today
        rules.check_referral_date(case.opened_on, on, today)
        consent = rules.covering_consent(consents, purpose, data["shared"], on)
        if consent is None:
            missing = rules.not_covered(consents, purpose, data["shared"], on)
            may = can(user, Action.OVERRIDE_CONSENT, Resource.PROTECTION, case)
            rules.check_override(may, override_reason, missing)
        referral = Referral.objects.create(
            case=case,
            kind=data["kind"],
            from_organisation_id=case.owner_organisation_id,
            to_organisation=to,
            offering=data.get("offering"),
            reason=data["reason"],
            details=data.get("details", ""),
            shared=data["shared"],
            consent=consent,
            override_reason=override_reason.strip() if consent is None else "",
            requested_on=on,
            requested_by=user,
        )
        record_event(
            actor,
            AuditAction.CREATE,
            target=referral,
            changes={
                "kind": {"old": "", "new": referral.kind},
                "to_organisation": {"old": "", "new": str(to.pk)},
                "shared": {"old": "", "new": "|".join(referral.shared)},
            },
            detail=f"case #{case.pk}",
        )
        if consent is None:
            record_event(
                actor,
                CONSENT_OVERRIDE,
                target=case,
                # The reason is kept encrypted on the referral, never in the trail.
                detail=f"referral #{referral.pk}",
            )
    return referral


def answer_referral(
    actor: Actor, referral: Referral, to: str, on: date, note: str = ""
) -> Referral:
    """Accept, decline, complete or revoke; an accepted transfer moves the case's ownership."""
    with transaction.atomic():
        case = _lock(referral.case)
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        side = rules.side_of(actor.user, referral)
        rules.check_answer(referral, side, to, on, _today())
        before = referral.status
        referral.status = to
        if to == ReferralStatus.COMPLETED:
            referral.completed_on, referral.outcome = on, note
        else:
            referral.answered_on, referral.answered_by = on, actor.user
            referral.answer_note = note[:500]
        referral.save()
        record_event(
            actor,
            AuditAction.CHANGE,
            target=referral,
            changes={"status": {"old": before, "new": to}},
            detail=f"case #{case.pk}",
        )
        if to == ReferralStatus.ACCEPTED and referral.kind == ReferralKind.TRANSFER:
            old_owner = case.owner_organisation_id
            case.owner_organisation_id = referral.to_organisation_id
            case.case_worker = actor.user
            case.version += 1
            case.save()
            record_event(
                actor,
                AuditAction.CHANGE,
                target=case,
                changes={
                    "owner_organisation": {
                        "old": str(old_owner),
                        "new": str(case.owner_organisation_id),
                    }
                },
                detail="transfer accepted",
            )
    return referral


def record_visit(actor: Actor, visit: FollowUp, data: dict[str, Any]) -> FollowUp:
    with transaction.atomic():
        case = _lock(visit.case)
        rules.check_open(facts_of(case))
        visit = FollowUp.objects.select_for_update().get(pk=visit.pk)
        if visit.visited_on is not None:
            raise Refused(_("This visit is already recorded."))
        rules.check_visit(case.reintegrated_on, data["visited_on"], _today())
        visit.visited_on, visit.outcome = data["visited_on"], data["outcome"]
        visit.notes, visit.visited_by = data.get("notes", ""), actor.user
        visit.recorded_at = timezone.now()
        visit.save()
        _added(actor, case, "follow_up", visit, f"{visit.visited_on} {visit.outcome}")
        to = rules.stage_after_visit(case.stage)
        if to:  # the first visit starts the follow-up
            _enter_stage(actor, case, to, visit.visited_on, f"stage {to} (first visit)")
    return visit


def add_return(actor: Actor, case: ProtectionCase, data: dict[str, Any]) -> Return:
    with transaction.atomic():
        case = _lock(case)
        rules.check_open(facts_of(case))
        rules.check_not_future(data["returned_on"], _today())
        item = Return.objects.create(case=case, recorded_by=actor.user, **data)
        _added(actor, case, "return", item, f"{item.kind} {item.from_country_id}")
    return item


__all__ = ["ClosureReason", "Refused", "StaleEdit"]
