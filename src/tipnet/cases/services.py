"""Domain services of the case database: every write is one transaction with its audit event."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db import transaction
from django.db.models import Field
from django.utils import timezone

from tipnet.accounts.access import Action, Resource, check_write
from tipnet.audit.models import AuditAction
from tipnet.audit.services import field_changes, record_event
from tipnet.cases.models import (
    Case,
    CaseDocument,
    CaseNumberCounter,
    CasePerson,
    Charge,
    ProceedingStep,
    TraffickingEvent,
)
from tipnet.cases.stages import (
    ProceedingKind,
    RefusedStep,
    Sentence,
    Stage,
    StepFacts,
    check_charge,
    check_new_charge,
    check_sentence,
    check_step,
    check_step_organisation,
    check_undecided,
    check_verdict,
    stage_of,
)
from tipnet.cases.summary import SUMMARY_FIELDS, refresh
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.geo.models import Area

CASE_FIELDS = [
    "title",
    "source",
    "source_reference",
    "reporting_organisation",
    "lead_officer",
    "reported_on",
    "incident_from",
    "incident_to",
    "exploitation_types",
    "industry",
    "methods_of_control",
    "recruitment_method",
    "recruitment_platforms",
    "narrative",
    "sensitivity",
]


def province_of(area: Area) -> Area:
    code = area.path.split(".")[0]
    return area if area.code == code else Area.objects.get(code=code)


def next_case_number(place: Area, year: int) -> str:
    """``PP-YYYY-NNNNN``: per province and year, unique, never reused (a locked counter)."""
    return next_case_numbers(place, year, 1)[0]


def next_case_numbers(place: Area, year: int, count: int) -> list[str]:
    """``count`` consecutive case numbers of the place's province and year, taken at once (the
    counter row stays locked until the transaction ends, so numbers are never given twice)."""
    province = province_of(place)
    counter, _ = CaseNumberCounter.objects.select_for_update().get_or_create(
        province=province, year=year
    )
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [f"{province.code}-{year}-{n:05d}" for n in range(first, counter.last + 1)]


def _snapshot(case: Case, fields: list[str]) -> dict[str, Any]:
    # The names are the case's own fields (no reverse relations, which have no attname).
    return {name: getattr(case, cast(Field, case._meta.get_field(name)).attname) for name in fields}


def create_case(actor: Actor, data: dict[str, Any], place: Area) -> Case:
    """Register a case of the actor's organisation at ``place``, which the actor must be
    allowed to record at (:func:`tipnet.accounts.access.check_write`)."""
    user = actor.user
    draft = Case(owner_organisation_id=user.organisation_id, place=place)
    check_write(user, Action.CREATE, Resource.CASE, draft)
    with transaction.atomic():
        case = Case(
            owner_organisation_id=user.organisation_id,
            created_by=user,
            place=place,
            number=next_case_number(place, data["reported_on"].year),
        )
        for name in CASE_FIELDS:
            if name in data:
                setattr(case, name, data[name])
        if not case.reporting_organisation_id:
            case.reporting_organisation_id = user.organisation_id
        case.save()
        changes = field_changes(
            {}, _snapshot(case, [*CASE_FIELDS, "place"]), Case.AUDIT_SEALED_FIELDS
        )
        record_event(actor, AuditAction.CREATE, target=case, changes=changes)
    return case


def update_case(actor: Actor, case: Case, data: dict[str, Any], version: int) -> Case:
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = _snapshot(current, CASE_FIELDS)
        for name in CASE_FIELDS:
            if name in data and not (name == "reporting_organisation" and data[name] is None):
                setattr(current, name, data[name])
        changes = field_changes(before, _snapshot(current, CASE_FIELDS), Case.AUDIT_SEALED_FIELDS)
        if changes:
            current.version += 1
            current.save()
            record_event(actor, AuditAction.CHANGE, target=current, changes=changes)
    return current


def add_person(
    actor: Actor, case: Case, person: Any, role: str, details: dict[str, Any]
) -> CasePerson:
    with transaction.atomic():
        link = CasePerson(case=case, person=person, role=role, recorded_by=actor.user, **details)
        link.save()
        record_event(
            actor,
            AuditAction.CHANGE,
            target=case,
            changes={"persons": {"old": "", "new": f"{role} #{person.pk}"}},
        )
    return link


def add_event(actor: Actor, case: Case, data: dict[str, Any]) -> TraffickingEvent:
    """A place and time where the trafficking happened (recruitment, transit, exploitation)."""
    fields = ("kind", "country", "area", "date_from", "date_to")
    with transaction.atomic():
        event = TraffickingEvent.objects.create(case=case, **{k: data[k] for k in fields})
        record_event(
            actor,
            AuditAction.CHANGE,
            target=case,
            changes={"events": {"old": "", "new": str(event)}},
        )
    return event


def add_document(actor: Actor, case: Case, kind: str, title: str, upload: Any) -> CaseDocument:
    """Store a checked upload (encrypted at rest). The trail names the document by its number
    only: its title is part of the case file, which the trail's readers may not identify."""
    with transaction.atomic():
        document = CaseDocument.objects.create(
            case=case,
            kind=kind,
            title=title,
            filename=upload.name[:200],
            content_type=upload.detected_type,
            size=upload.size,
            content=upload.read(),
            uploaded_by=actor.user,
        )
        record_event(
            actor,
            AuditAction.CHANGE,
            target=case,
            changes={"documents": {"old": "", "new": f"#{document.pk}"}},
        )
    return document


def facts_of(suspect: CasePerson) -> StepFacts:
    steps = list(suspect.steps.order_by("date", "id").values_list("kind", "date"))
    charges = list(suspect.charges.values_list("verdict", flat=True))
    return StepFacts(
        stage=stage_of(kind for kind, _ in steps),
        last_date=max((d for _, d in steps), default=None),
        has_charges=bool(charges),
        undecided_charges=sum(1 for v in charges if not v),
        arrested=any(kind == ProceedingKind.ARREST for kind, _ in steps),
    )


def _lock(suspect: CasePerson) -> CasePerson:
    """Lock the suspect's row so two steps recorded at once are checked one after the other."""
    return CasePerson.objects.select_for_update().select_related("case").get(pk=suspect.pk)


def _refresh_stage(suspect: CasePerson) -> None:
    """Store the suspect's stage and summary and the case's stage (:mod:`tipnet.cases.summary`)."""
    refresh([suspect.pk], [suspect.case_id])
    suspect.refresh_from_db(fields=["stage", *SUMMARY_FIELDS])
    suspect.case.refresh_from_db(fields=["stage"])


def add_step(
    actor: Actor, suspect: CasePerson, kind: str, on: date, **details: Any
) -> ProceedingStep:
    """Record a step after checking the rules (:mod:`tipnet.cases.stages`)."""
    with transaction.atomic():
        suspect = _lock(suspect)
        if suspect.role != "suspect":
            raise RefusedStep(str(_not_a_suspect()))
        if kind == ProceedingKind.VERDICT:  # only record_verdict writes these, on a charge
            raise RefusedStep(_verdict_on_a_charge())
        check_step(facts_of(suspect), kind, on, timezone.localdate())
        organisation = details.get("organisation")
        # The office and court a step names become partners of the case: only the right kind.
        check_step_organisation(kind, organisation.kind if organisation else None)
        step = ProceedingStep.objects.create(
            suspect=suspect, kind=kind, date=on, recorded_by=actor.user, **details
        )
        case = suspect.case
        if (
            kind == ProceedingKind.FORWARDED
            and organisation
            and not case.prosecution_organisation_id
        ):
            case.prosecution_organisation = organisation
            case.save(update_fields=["prosecution_organisation"])
        court_step = kind in (ProceedingKind.JUDICIAL_INVESTIGATION, ProceedingKind.TRIAL)
        if court_step and organisation and case.court_organisation_id != organisation.pk:
            case.court_organisation = organisation
            case.save(update_fields=["court_organisation"])
        _refresh_stage(suspect)
        record_event(
            actor,
            AuditAction.CHANGE,
            target=case,
            changes={
                "proceedings": {"old": "", "new": f"{kind} {on} suspect #{suspect.person_id}"}
            },
            detail=f"step {kind}",
        )
    return step


def _verdict_on_a_charge() -> str:
    from django.utils.translation import gettext as _

    return _("A verdict is recorded on each charge, from the charge's line.")


def _not_a_suspect() -> str:
    from django.utils.translation import gettext as _

    return _("Proceedings are recorded for suspects only.")


def add_charge(actor: Actor, suspect: CasePerson, offence: Any, on: date) -> Charge:
    with transaction.atomic():
        suspect = _lock(suspect)
        if suspect.role != "suspect":
            raise RefusedStep(_not_a_suspect())
        check_charge(facts_of(suspect), on, timezone.localdate())
        check_new_charge(set(suspect.charges.values_list("offence_id", flat=True)), offence.pk)
        charge = Charge.objects.create(
            suspect=suspect, offence=offence, charged_on=on, recorded_by=actor.user
        )
        record_event(
            actor,
            AuditAction.CHANGE,
            target=suspect.case,
            changes={
                "charges": {
                    "old": "",
                    "new": f"{offence.law} {offence.article} suspect #{suspect.person_id}",
                }
            },
            detail="charge",
        )
    return charge


VERDICT_FIELDS = [
    "verdict",
    "verdict_on",
    "verdict_court",
    "prison_years",
    "prison_months",
    "prison_days",
    "suspended_years",
    "suspended_months",
    "suspended_days",
    "fine_amount",
    "fine_currency",
    "compensation_amount",
    "compensation_currency",
]


def record_verdict(actor: Actor, charge: Charge, data: dict[str, Any]) -> Charge:
    with transaction.atomic():
        suspect = _lock(charge.suspect)
        charge = Charge.objects.select_for_update().get(pk=charge.pk)
        check_undecided(charge.verdict)
        check_sentence(Sentence.of(data))
        facts = facts_of(suspect)
        trial = suspect.steps.filter(kind=ProceedingKind.TRIAL).order_by("-date").first()
        check_verdict(
            facts,
            facts.stage,
            trial.date if trial else None,
            data["verdict_on"],
            timezone.localdate(),
        )
        for name in VERDICT_FIELDS:
            if name in data and data[name] is not None:
                setattr(charge, name, data[name])
        charge.save()
        ProceedingStep.objects.create(
            suspect=suspect,
            kind=ProceedingKind.VERDICT,
            date=cast(date, charge.verdict_on),  # set just above: check_verdict takes a date
            charge=charge,
            court_level=charge.verdict_court,
            outcome=charge.verdict,
            recorded_by=actor.user,
        )
        _refresh_stage(suspect)
        record_event(
            actor,
            AuditAction.CHANGE,
            target=suspect.case,
            changes={"verdict": {"old": "", "new": f"{charge.verdict} charge #{charge.pk}"}},
            detail="verdict",
        )
    return charge


def suspects_at(stage: str) -> Any:
    return CasePerson.objects.filter(role="suspect", stage=stage)


__all__ = ["RefusedStep", "Stage"]
