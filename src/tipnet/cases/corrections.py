"""Correcting and withdrawing what was entered on a case: proceeding steps, charges, verdicts
and sentences, and the people in the case (a victim's trafficking status, a person's role).

Every service takes an :class:`~tipnet.core.actor.Actor`, the version the user started from
(:class:`~tipnet.core.versioning.StaleEdit` if someone saved in between) and a reason; it
re-checks the proceedings rules on the corrected history (:mod:`tipnet.cases.history`),
writes in one transaction with its audit event (old and new values; identifying ones sealed),
and recomputes the stored stages and summaries (:func:`tipnet.cases.summary.refresh`).

A correction changes the entry in place, so it keeps its place in the proceedings (and a
verdict its charge), and keeps a withdrawn copy of the values before it (``superseded_by``);
a withdrawal marks the entry. Both stay on the timeline with who, when and why; neither
counts any longer (``objects`` leaves them out). Who may: :func:`tipnet.accounts.access.may_correct`
with the organisation that recorded the entry (:func:`recording_organisation`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from tipnet.audit.models import AuditAction
from tipnet.audit.services import field_changes, record_event
from tipnet.cases import history
from tipnet.cases.correctable import Correctable
from tipnet.cases.history import Proceedings, Step
from tipnet.cases.models import Case, CasePerson, Charge, ProceedingStep
from tipnet.cases.services import VERDICT_FIELDS, _lock, _refresh_stage
from tipnet.cases.stages import (
    ProceedingKind,
    RefusedStep,
    Sentence,
    StepFacts,
    check_presence,
    check_sentence,
    check_step_organisation,
    is_at_large,
)
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit

K = ProceedingKind
STEP_FIELDS = ["date", "organisation", "officer", "place", "court_level", "outcome",
               "document_reference"]  # fmt: skip
LINK_FIELDS = ["role", "trafficking_status", "status_decided_by", "age_when_exploited",
               "relationship_to_trafficker", "roles_in_process"]  # fmt: skip
CHARGE_FIELDS = ["offence", "charged_on"]
# Values the audit trail keeps sealed: officers' names, notes, free text, the reasons.
SEALED = {"officer", "notes", "document_reference", "relationship_to_trafficker",
          "withdrawal_reason"}  # fmt: skip
# Steps that make their organisation a partner of the case (see services.add_step).
PARTNER_STEPS = {
    K.FORWARDED: "prosecution_organisation",
    K.JUDICIAL_INVESTIGATION: "court_organisation",
    K.TRIAL: "court_organisation",
}


def recording_organisation(entry: Any, case: Case) -> int | None:
    """The organisation that recorded an entry: its recorder's; the case's lead organisation
    for entries written before recorders were kept (imports, older charges and people)."""
    user = entry.recorded_by if entry.recorded_by_id else None
    if user is not None and user.organisation_id:
        return int(user.organisation_id)
    return case.owner_organisation_id


def verdict_step(charge: Charge) -> ProceedingStep | None:
    """The verdict step in force of a charge (the timeline's entry of its verdict)."""
    steps = ProceedingStep.objects.filter(charge=charge, kind=K.VERDICT)
    return steps.select_related("recorded_by").order_by("-date", "-id").first()


def verdict_recorder(charge: Charge, case: Case) -> int | None:
    step = verdict_step(charge)
    return recording_organisation(step if step else charge, case)


def _proceedings(suspect: CasePerson) -> Proceedings:
    steps = ProceedingStep.objects.filter(suspect=suspect).values_list("id", "kind", "date")
    verdicts = list(Charge.objects.filter(suspect=suspect).values_list("verdict", flat=True))
    return Proceedings(
        steps=tuple(Step(pk, kind, on) for pk, kind, on in steps),
        charges=len(verdicts),
        undecided=sum(1 for v in verdicts if not v),
    )


def _current(model: type[Correctable], entry: Any, version: int) -> Any:
    """The entry locked as it is now: refused as stale if it changed, or was withdrawn, since
    the user opened it."""
    current = model.all_objects.select_for_update().get(pk=entry.pk)
    if current.version != version or current.withdrawn_at is not None:
        raise StaleEdit(current)
    return current


def _snapshot(entry: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(entry, entry._meta.get_field(name).attname) for name in names}


def _keep_copy(entry: Any, actor: Actor, reason: str, now: Any) -> None:
    """A withdrawn copy of the entry's values before a correction, pointing at the entry."""
    model = type(entry)
    copy = model.all_objects.get(pk=entry.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.superseded_by_id = entry.pk
    copy.withdrawn_at, copy.withdrawn_by, copy.withdrawal_reason = now, actor.user, reason
    copy.save()
    if model is ProceedingStep:  # the copy was recorded when the entry was
        model.all_objects.filter(pk=copy.pk).update(recorded_at=entry.recorded_at)


def _withdraw(entry: Any, actor: Actor, reason: str, now: Any) -> None:
    entry.withdrawn_at, entry.withdrawn_by, entry.withdrawal_reason = now, actor.user, reason
    entry.version += 1
    entry.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "version"])


def _audit(actor: Actor, case: Case, what: str, entry: Any, changes: dict[str, Any],
           reason: str) -> None:  # fmt: skip
    """One event on the case: ``what`` and the entry's number (no personal data), the changed
    values under ``entry.field`` (``step.date``; identifying ones sealed), the reason sealed."""
    noun = {"proceedingstep": "step", "charge": "charge", "caseperson": "person"}
    named = {f"{noun[entry._meta.model_name]}.{k}": v for k, v in changes.items()}
    named.update(field_changes({}, {"reason": reason}, {"reason"}))
    record_event(actor, AuditAction.CHANGE, target=case, changes=named,
                 detail=f"{what} #{entry.pk}")  # fmt: skip


def _partners(case: Case, kind: str, old_organisation: int | None) -> None:
    """After a forwarding or court step changed or went: the case's prosecutor's office or
    court follows the steps in force, if it was the one that step had named."""
    name = PARTNER_STEPS.get(ProceedingKind(kind))
    if name is None or old_organisation is None:
        return
    case = Case.objects.select_for_update().get(pk=case.pk)
    if getattr(case, f"{name}_id") != old_organisation:
        return
    kinds = [k for k, field in PARTNER_STEPS.items() if field == name]
    steps = ProceedingStep.objects.filter(
        suspect__case=case, kind__in=kinds, organisation__isnull=False
    )
    # The office is the first one the file went to, the court the latest one (add_step).
    step = steps.order_by(*(["date", "id"] if name == "prosecution_organisation"
                            else ["-date", "-id"])).first()  # fmt: skip
    setattr(case, f"{name}_id", step.organisation_id if step else None)
    case.save(update_fields=[name])


def _reason(reason: str) -> str:
    history.check_reason(reason)
    return reason.strip()


# Steps ----------------------------------------------------------------------------------


def correct_step(actor: Actor, step: ProceedingStep, data: dict[str, Any], version: int,
                 reason: str) -> ProceedingStep:  # fmt: skip
    """Correct a step's date, organisation, officer, place, court, outcome or reference."""
    reason = _reason(reason)
    with transaction.atomic():
        suspect = _lock(step.suspect)
        current = _current(ProceedingStep, step, version)
        if current.kind == K.VERDICT:
            raise RefusedStep(_verdict_on_its_charge())
        organisation = data.get("organisation")
        check_step_organisation(current.kind, organisation.kind if organisation else None)
        before = _proceedings(suspect)
        after = before.moved(current.pk, data["date"])
        history.check_change(before, after, timezone.localdate(), changed=current.pk)
        old = _snapshot(current, STEP_FIELDS)
        now = timezone.now()
        _keep_copy(current, actor, reason, now)
        for name in STEP_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        current.version += 1
        current.save()
        changes = field_changes(old, _snapshot(current, STEP_FIELDS), SEALED)
        if old["organisation"] != current.organisation_id:
            _partners(suspect.case, current.kind, old["organisation"])
        _refresh_stage(suspect)
        _audit(actor, suspect.case, f"correct step {current.kind}", current, changes, reason)
    return current


def withdraw_step(actor: Actor, step: ProceedingStep, version: int, reason: str) -> None:
    reason = _reason(reason)
    with transaction.atomic():
        suspect = _lock(step.suspect)
        current = _current(ProceedingStep, step, version)
        if current.kind == K.VERDICT:
            raise RefusedStep(_verdict_on_its_charge())
        before = _proceedings(suspect)
        history.check_change(before, before.without(current.pk), timezone.localdate())
        _withdraw(current, actor, reason, timezone.now())
        _partners(suspect.case, current.kind, current.organisation_id)
        _refresh_stage(suspect)
        _audit(actor, suspect.case, f"withdraw step {current.kind}", current, {}, reason)


def _verdict_on_its_charge() -> str:
    from django.utils.translation import gettext as _

    return _("A verdict is corrected or withdrawn from its charge's line.")


# Charges --------------------------------------------------------------------------------


def correct_charge(actor: Actor, charge: Charge, data: dict[str, Any], version: int,
                   reason: str) -> Charge:  # fmt: skip
    """Correct the offence (a mistyped article) or the date of a charge; its verdict stays."""
    reason = _reason(reason)
    with transaction.atomic():
        suspect = _lock(charge.suspect)
        current = _current(Charge, charge, version)
        others = Charge.objects.filter(suspect=suspect).exclude(pk=current.pk)
        history.check_charge_correction(
            set(others.values_list("offence_id", flat=True)),
            data["offence"].pk,
            data["charged_on"],
            timezone.localdate(),
        )
        old = _snapshot(current, CHARGE_FIELDS)
        _keep_copy(current, actor, reason, timezone.now())
        current.offence, current.charged_on = data["offence"], data["charged_on"]
        current.version += 1
        current.save()
        changes = field_changes(old, _snapshot(current, CHARGE_FIELDS), SEALED)
        _audit(actor, suspect.case, "correct charge", current, changes, reason)
    return current


def withdraw_charge(actor: Actor, charge: Charge, version: int, reason: str) -> None:
    reason = _reason(reason)
    with transaction.atomic():
        suspect = _lock(charge.suspect)
        current = _current(Charge, charge, version)
        history.check_charge_withdrawal(current.verdict)
        before = _proceedings(suspect)
        after = Proceedings(before.steps, before.charges - 1, before.undecided - 1)
        history.check_change(before, after, timezone.localdate())
        _withdraw(current, actor, reason, timezone.now())
        _refresh_stage(suspect)
        _audit(actor, suspect.case, "withdraw charge", current, {}, reason)


# Verdicts and sentences -----------------------------------------------------------------


def _verdict_values(data: dict[str, Any]) -> dict[str, Any]:
    """A charge's verdict fields from a verdict form: no sentence given is none (zero)."""
    values = {name: data.get(name) for name in VERDICT_FIELDS}
    for name, value in values.items():
        if value is None and name.startswith(("prison_", "suspended_")):
            values[name] = 0
        elif value is None and name.endswith(("_currency", "verdict", "verdict_court")):
            values[name] = ""
    return values


def correct_verdict(actor: Actor, charge: Charge, data: dict[str, Any], version: int,
                    reason: str) -> Charge:  # fmt: skip
    """Correct a charge's verdict, its date or court, or its sentence; the verdict's step on
    the timeline follows."""
    reason = _reason(reason)
    with transaction.atomic():
        suspect = _lock(charge.suspect)
        current = _current(Charge, charge, version)
        history.check_has_verdict(current.verdict)
        check_sentence(Sentence.of(data))
        before = _proceedings(suspect)
        kinds = [s.kind for s in before.steps]
        facts = StepFacts("", None, True, 0, K.ARREST in kinds, at_large=is_at_large(kinds))
        check_presence(facts, data["verdict"])
        step = verdict_step(current)
        if step is not None:
            after = before.moved(step.pk, data["verdict_on"])
            history.check_change(before, after, timezone.localdate(), changed=step.pk)
        old = _snapshot(current, VERDICT_FIELDS)
        now = timezone.now()
        _keep_copy(current, actor, reason, now)
        for name, value in _verdict_values(data).items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        if step is not None:
            _keep_copy(step, actor, reason, now)
            step.date, step.court_level = current.verdict_on, current.verdict_court
            step.outcome, step.version = current.verdict, step.version + 1
            step.save(update_fields=["date", "court_level", "outcome", "version"])
        _refresh_stage(suspect)
        changes = field_changes(old, _snapshot(current, VERDICT_FIELDS), SEALED)
        _audit(actor, suspect.case, "correct verdict", current, changes, reason)
    return current


def withdraw_verdict(actor: Actor, charge: Charge, version: int, reason: str) -> Charge:
    """Withdraw a charge's verdict and sentence: the charge waits for its verdict again."""
    reason = _reason(reason)
    with transaction.atomic():
        suspect = _lock(charge.suspect)
        current = _current(Charge, charge, version)
        history.check_has_verdict(current.verdict)
        step = verdict_step(current)
        before = _proceedings(suspect)
        after = Proceedings(
            before.without(step.pk).steps if step else before.steps,
            before.charges,
            before.undecided + 1,
        )
        history.check_change(before, after, timezone.localdate())
        old = _snapshot(current, VERDICT_FIELDS)
        now = timezone.now()
        _keep_copy(current, actor, reason, now)
        for name, value in _verdict_values({}).items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        if step is not None:
            _withdraw(step, actor, reason, now)
        _refresh_stage(suspect)
        changes = field_changes(old, _snapshot(current, VERDICT_FIELDS), SEALED)
        _audit(actor, suspect.case, "withdraw verdict", current, changes, reason)
    return current


# People in the case ---------------------------------------------------------------------


def _proceedings_count(link: CasePerson) -> int:
    return int(link.steps.count() + link.charges.count())


def correct_link(actor: Actor, link: CasePerson, data: dict[str, Any], version: int,
                 reason: str) -> CasePerson:  # fmt: skip
    """Correct a person's role in the case, a victim's trafficking status (and who decided
    it), age when exploited and relationship to the trafficker, a suspect's roles."""
    reason = _reason(reason)
    with transaction.atomic():
        current = _current(CasePerson, link, version)
        roles = CasePerson.objects.filter(case_id=current.case_id, person_id=current.person_id)
        history.check_role_change(
            current.role,
            data["role"],
            _proceedings_count(current),
            roles.exclude(pk=current.pk).values_list("role", flat=True),
        )
        old = _snapshot(current, LINK_FIELDS)
        _keep_copy(current, actor, reason, timezone.now())
        for name in LINK_FIELDS:
            setattr(current, name, data.get(name) if data.get(name) is not None else "")
        if data.get("age_when_exploited") is None:
            current.age_when_exploited = None
        current.version += 1
        current.save()
        refresh_link(current)
        changes = field_changes(old, _snapshot(current, LINK_FIELDS), SEALED)
        _audit(actor, current.case, "correct person", current, changes, reason)
    return current


def withdraw_link(actor: Actor, link: CasePerson, version: int, reason: str) -> None:
    """Withdraw a person entered in the case by mistake (a suspect once their steps and
    charges are withdrawn): they no longer count, nor make the person visible through it."""
    reason = _reason(reason)
    with transaction.atomic():
        current = _current(CasePerson, link, version)
        history.check_link_withdrawal(current.role, _proceedings_count(current))
        _withdraw(current, actor, reason, timezone.now())
        refresh_link(current)
        _audit(actor, current.case, f"withdraw person {current.role}", current, {}, reason)


def refresh_link(link: CasePerson) -> None:
    from tipnet.cases.summary import refresh

    refresh([link.pk], [link.case_id])


__all__ = ["RefusedStep", "StaleEdit"]
