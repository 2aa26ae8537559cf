"""Correcting and withdrawing what was entered on a protection case (identifications,
assessments, care plans), and reopening a closed case.

Every correction takes an :class:`~tipnet.core.actor.Actor`, the version the user started from
(:class:`~tipnet.core.versioning.StaleEdit` if someone saved in between) and a reason; it
re-checks the rules on the corrected history (:func:`correction_rules.check_history`), writes
in one transaction with its audit event (old and new values; free text sealed), and the
category follows the identifications in force. As in a criminal case
(:mod:`tipnet.cases.corrections`), a correction changes the entry in place and keeps a
withdrawn copy of the values before it (``superseded_by``); a withdrawal marks the entry. Both
stay on the case page with who, when and why. Who may: the organisation that recorded the
entry (:func:`tipnet.accounts.access.may_correct` with :func:`recording_organisation`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from tipnet.audit.models import AuditAction
from tipnet.audit.services import field_changes, record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.protection import correction_rules, rules
from tipnet.protection.history import care_history, facts_of, follow_identification
from tipnet.protection.models import Assessment, CarePlan, Identification, ProtectionCase
from tipnet.protection.rules import Refused

Entry = Identification | Assessment | CarePlan
NOUN = {Identification: "identification", Assessment: "assessment", CarePlan: "care_plan"}
# The dates the history a correction is checked on reads from each kind of entry.
DATE_FIELD = {Identification: "identified_on", Assessment: "assessed_on"}


def recorder_id(entry: Any) -> int | None:
    """Who recorded an entry (an assessment is recorded by who assessed)."""
    return getattr(entry, "recorded_by_id", None) or getattr(entry, "assessed_by_id", None)


def recording_organisation(entry: Any, case: ProtectionCase) -> int | None:
    """The organisation that recorded an entry: its recorder's, else the case's owner."""
    from tipnet.accounts.models import User

    by = recorder_id(entry)
    if by is None:
        return case.owner_organisation_id
    org = User.objects.filter(pk=by).values_list("organisation_id", flat=True).first()
    return org or case.owner_organisation_id


def _lock(case_id: int) -> ProtectionCase:
    return ProtectionCase.objects.select_for_update().get(pk=case_id)


def _current(entry: Entry, version: int) -> Any:
    """The entry locked as it is now: refused as stale if it changed, or was withdrawn, since
    the user opened it."""
    current = type(entry).all_objects.select_for_update().get(pk=entry.pk)
    if current.version != version or current.withdrawn_at is not None:
        raise StaleEdit(current)
    return current


def _snapshot(entry: Any) -> dict[str, Any]:
    return {name: getattr(entry, entry._meta.get_field(name).attname) for name in entry.FIELDS}


def _keep_copy(entry: Any, actor: Actor, reason: str, now: Any) -> None:
    """A withdrawn copy of the entry's values before a correction, pointing at the entry and
    recorded when the entry was."""
    model = type(entry)
    copy = model.all_objects.get(pk=entry.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.superseded_by_id = entry.pk
    copy.withdrawn_at, copy.withdrawn_by, copy.withdrawal_reason = now, actor.user, reason
    copy.save()
    model.all_objects.filter(pk=copy.pk).update(recorded_at=entry.recorded_at)


def _audit(actor: Actor, case: ProtectionCase, what: str, entry: Any,
           changes: dict[str, Any], reason: str) -> None:  # fmt: skip
    """One event on the case: what and the entry's number, the changed values under
    ``kind.field`` (free text sealed), the reason sealed."""
    named = {f"{NOUN[type(entry)]}.{k}": v for k, v in changes.items()}
    named.update(field_changes({}, {"reason": reason}, {"reason"}))
    record_event(actor, AuditAction.CHANGE, target=case, changes=named,
                 detail=f"{what} {NOUN[type(entry)]} #{entry.pk}")  # fmt: skip


def correct(actor: Actor, entry: Entry, data: dict[str, Any], version: int,
            reason: str) -> Any:  # fmt: skip
    """Correct an identification, an assessment or a care plan: its fields from ``data``."""
    correction_rules.check_reason(reason)
    reason = reason.strip()
    model = type(entry)
    with transaction.atomic():
        case = _lock(entry.case_id)
        rules.check_open(facts_of(case))
        current = _current(entry, version)
        values = {name: data[name] for name in model.FIELDS if name in data}
        after = care_history(case, current, values)
        correction_rules.check_history(after, timezone.localdate(), withdrawing=False)
        old = _snapshot(current)
        _keep_copy(current, actor, reason, timezone.now())
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        changes = field_changes(old, _snapshot(current), model.AUDIT_SEALED_FIELDS)
        _audit(actor, case, "correct", current, changes, reason)
        if model is Identification:
            follow_identification(actor, case)
    return current


def withdraw(actor: Actor, entry: Entry, version: int, reason: str) -> None:
    """Withdraw an entry recorded by mistake: it stays on the case page, marked, and no
    longer counts."""
    correction_rules.check_reason(reason)
    reason = reason.strip()
    with transaction.atomic():
        case = _lock(entry.case_id)
        rules.check_open(facts_of(case))
        current = _current(entry, version)
        after = care_history(case, current, withdrawn=True)
        correction_rules.check_history(after, timezone.localdate(), withdrawing=True)
        current.withdrawn_at, current.withdrawn_by = timezone.now(), actor.user
        current.withdrawal_reason = reason
        current.version += 1
        current.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason",
                                    "version"])  # fmt: skip
        _audit(actor, case, "withdraw", current, {}, reason)
        if type(current) is Identification:
            follow_identification(actor, case)


def reopen_case(actor: Actor, case: ProtectionCase, on: date, reason: str,
                version: int) -> ProtectionCase:  # fmt: skip
    """Reopen a closed case (a protection supervisor: ``Action.REOPEN``, asked by the view):
    it goes back to the stage it was closed at; its closure is kept in the trail (the note
    sealed) and the reason for reopening on the case."""
    with transaction.atomic():
        current = _lock(case.pk)
        if current.version != version:
            raise StaleEdit(current)
        correction_rules.check_reopen(
            current.stage, current.closed_on, on, timezone.localdate(), reason
        )
        closure = {"closed_on": current.closed_on, "closure_reason": current.closure_reason,
                   "closure_note": current.closure_note}  # fmt: skip
        stage = rules.stage_before_closure(
            current.recovery_on, current.reintegrated_on, current.follow_up_on
        )
        current.stage, current.status = stage, rules.status_for(stage)
        current.closed_on, current.closure_reason, current.closure_note = None, "", ""
        current.reopened_on, current.reopened_by = on, actor.user
        current.reopen_reason = reason.strip()
        current.version += 1
        current.save()
        changes = {"stage": {"old": "closed", "new": f"{stage} {on}"}}
        changes.update(field_changes(closure, {k: "" for k in closure}, {"closure_note"}))
        changes.update(field_changes({}, {"reason": current.reopen_reason}, {"reason"}))
        record_event(actor, AuditAction.CHANGE, target=current, changes=changes,
                     detail="reopened")  # fmt: skip
    return current


def correctable(user: Any, case: ProtectionCase) -> dict[str, set[int]]:
    """The entries in force that ``user`` may correct or withdraw (the case page's links), by
    kind, each asked of the access module with the organisation that recorded it."""
    from tipnet.accounts.access import Action, Resource, can, may_correct
    from tipnet.accounts.models import User

    found: dict[str, set[int]] = {noun: set() for noun in NOUN.values()}
    if case.stage == "closed" or not can(user, Action.CHANGE, Resource.PROTECTION, case):
        return found
    entries = [
        (NOUN[model], pk, by)
        for model, by_field in ((Identification, "recorded_by_id"),
                                (Assessment, "assessed_by_id"), (CarePlan, "recorded_by_id"))
        for pk, by in model.objects.filter(case=case).values_list("pk", by_field)
    ]  # fmt: skip
    users = {by for _k, _pk, by in entries if by}
    orgs = dict(User.objects.filter(pk__in=users).values_list("pk", "organisation_id"))
    for kind, pk, by in entries:
        org = orgs.get(by) or case.owner_organisation_id
        if may_correct(user, Resource.PROTECTION, case, org):
            found[kind].add(pk)
    return found


def page_entries(user: Any, record: ProtectionCase, case: Any) -> dict[str, Any]:
    """The case page's identifications, assessments and care plans (views, as ``case`` is
    seen, each with its :class:`~tipnet.protection.history.Mark`), which of them the user may
    correct, and whether they may reopen the case."""
    from tipnet.accounts.access import Action, Resource, can
    from tipnet.accounts.seen import seen_children
    from tipnet.protection.history import entries

    def marked(model: type[Any], *related: str) -> list[tuple[Any, Any]]:
        rows = entries(model, record, case.identified, related)
        views = seen_children(user, [row for row, _mark in rows], case)
        return list(zip(views, [mark for _row, mark in rows], strict=True))

    return {
        "identifications": marked(Identification, "organisation"),
        "assessments": marked(Assessment),
        "care_plans": marked(CarePlan),
        "correctable": correctable(user, record),
        "may_reopen": record.stage == "closed"
        and can(user, Action.REOPEN, Resource.PROTECTION, record),
    }


__all__ = ["Refused", "StaleEdit"]
