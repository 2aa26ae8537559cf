"""Writes of the village migration register, each one transaction with its audit events,
checked by the access module (Resource.MIGRANT) and the rules (community/rules.py); every
write stores the record's risk flags and score (community/risk.py). The free text, names and
dates are sealed in the trail (``AUDIT_SEALED_FIELDS``). Web forms and later doors (an
ODK/KoboCollect submission) call the same functions with the same dicts."""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, Resource, can, check_write
from tipnet.audit.models import AuditAction
from tipnet.audit.services import field_changes, record_event
from tipnet.community import risk, rules
from tipnet.community.codes import Status
from tipnet.community.models import (
    KnownExploitation,
    MigrantContact,
    MigrantReturn,
    MigrationRecord,
    RiskWeight,
)
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.people.models import Person
from tipnet.people.names import name_key
from tipnet.people.services import new_person

PERSON_FIELDS = ("name_km", "name_latin", "gender", "date_of_birth", "estimated_age", "phone")
CONTACT_FIELDS = ("contacted_on", "reached", "situation", "note")
RETURN_FIELDS = ("returned_on", "how", "situation", "note")
# Blank text for these when the form leaves them empty; the others keep None (no value).
_NULLABLE = frozenset({"departed_on", "planned_return_on", "amount_paid", "debt_amount"})


def lost_contact_days() -> int:
    return int(getattr(settings, "TIPNET_COMMUNITY_LOST_CONTACT_DAYS", 60))


# Risk ---------------------------------------------------------------------------------------


def weights() -> dict[str, int]:
    return {**risk.DEFAULT_WEIGHTS, **dict(RiskWeight.objects.values_list("code", "weight"))}


def known_places() -> list[risk.KnownPlace]:
    rows = KnownExploitation.objects.filter(is_active=True).values_list("country_id", "sector")
    return [risk.KnownPlace(country, sector) for country, sector in rows]


def facts_of(record: MigrationRecord, person: Person, today: date) -> risk.RiskFacts:
    created = record.created_at.date() if record.created_at else today
    departed = record.departed_on
    return risk.RiskFacts(
        age_at_departure=risk.age_on(
            person.date_of_birth, person.estimated_age, departed or today, today
        ),
        destination_country=record.destination_country_id,
        sector=record.sector,
        purpose=record.purpose,
        arranged_by=record.arranged_by,
        licence_number=record.licence_number,
        contract=record.contract,
        passport=record.passport,
        visa=record.visa,
        work_permit=record.work_permit,
        contract_held_by=record.contract_held_by,
        paid_by=record.paid_by,
        debt_amount=record.debt_amount,
        away=record.status == Status.AWAY,
        reached_since=record.last_reached_on or departed or created,
        last_situation=record.last_situation,
    )


def assess(
    record: MigrationRecord,
    person: Person,
    today: date,
    weighed: dict[str, int] | None = None,
    known: list[risk.KnownPlace] | None = None,
) -> None:
    """Set the record's flags and score (not saved)."""
    raised = risk.flags(
        facts_of(record, person, today),
        today,
        known_places() if known is None else known,
        lost_contact_days(),
    )
    record.risk_flags = raised  # type: ignore[assignment]  # a CodeListField reads as a list
    record.risk_score = risk.score(raised, weights() if weighed is None else weighed)


def recompute(records: QuerySet, today: date | None = None, chunk: int = 2000) -> int:
    """Store the flags and score of these records again (after a weight or the known list
    changed, or as days pass); how many changed. Derived values: no audit event."""
    today = today or timezone.localdate()
    weighed, known = weights(), known_places()
    changed = 0
    last = 0
    while True:
        batch = list(records.filter(pk__gt=last).select_related("person").order_by("pk")[:chunk])
        if not batch:
            return changed
        last = batch[-1].pk
        dirty = []
        for record in batch:
            before = (list(record.risk_flags), record.risk_score)
            assess(record, record.person, today, weighed, known)
            if (record.risk_flags, record.risk_score) != before:
                dirty.append(record)
        MigrationRecord.objects.bulk_update(dirty, ["risk_flags", "risk_score"])
        changed += len(dirty)


def refresh_stale_risk(today: date | None = None) -> int:
    """The daily refresh: records away whose last reach (or departure, or recording) is older
    than the lost-contact delay and which do not carry the flag yet."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=lost_contact_days())
    stale = (
        Q(last_reached_on__lt=cutoff)
        | Q(last_reached_on__isnull=True, departed_on__lt=cutoff)
        | Q(last_reached_on__isnull=True, departed_on__isnull=True, created_at__date__lt=cutoff)
    )
    records = MigrationRecord.objects.filter(stale, status=Status.AWAY).exclude(
        risk_flags__contains="|lost_contact|"
    )
    return recompute(records, today)


# Writes -------------------------------------------------------------------------------------


def _snapshot(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {n: getattr(obj, f"{n}_id") if hasattr(obj, f"{n}_id") else getattr(obj, n)
            for n in names}  # fmt: skip


def _apply(record: MigrationRecord, data: dict[str, Any]) -> None:
    for name in MigrationRecord.FIELDS:
        if name in data:
            value = data[name]
            setattr(record, name, value if value is not None or name in _NULLABLE else "")


def _apply_person(person: Person, data: dict[str, Any]) -> None:
    for name in PERSON_FIELDS:
        if name in data:
            value = data[name]
            nullable = name in ("date_of_birth", "estimated_age")
            setattr(person, name, value if value is not None or nullable else "")
    person.name_key = name_key(person.name_km, person.name_latin, person.aliases)


def _check(record: MigrationRecord, person: Person, today: date) -> None:
    rules.check_person(person.name_km, person.name_latin, person.date_of_birth, today)
    rules.check_record(
        record.departed_on, record.planned_return_on, (record.amount_paid, record.debt_amount),
        record.arranged_by, record.platform, today,
    )  # fmt: skip


def register_migrant(actor: Actor, data: dict[str, Any]) -> MigrationRecord:
    """Record a migrant of the actor's village (``data["place"]``): the person (owned by the
    actor's organisation, at home in the village) and the migration record, together or not
    at all. ``data`` holds the person's fields and the record's."""
    user = actor.user
    today = timezone.localdate()
    person = new_person(user.organisation_id, {}, created_by=user)
    _apply_person(person, data)
    record = MigrationRecord(owner_organisation_id=user.organisation_id, created_by=user)
    _apply(record, data)
    person.place = record.place
    check_write(user, Action.CREATE, Resource.MIGRANT, record)
    _check(record, person, today)
    with transaction.atomic():
        person.save()
        record_event(actor, AuditAction.CREATE, target=person, detail="migrant",
                     changes=field_changes({}, _snapshot(person, (*PERSON_FIELDS, "place")),
                                           Person.AUDIT_SEALED_FIELDS))  # fmt: skip
        record.person = person
        assess(record, person, today)
        record.save()
        record_event(actor, AuditAction.CREATE, target=record,
                     changes=field_changes({}, _snapshot(record, MigrationRecord.FIELDS),
                                           MigrationRecord.AUDIT_SEALED_FIELDS))  # fmt: skip
    return record


def update_migrant(
    actor: Actor, record: MigrationRecord, data: dict[str, Any], version: int
) -> MigrationRecord:
    """Save the edit of the record and its migrant if nobody saved the record since
    ``version``; else raise :class:`StaleEdit` (with the record as it is now)."""
    today = timezone.localdate()
    draft = copy(record)
    _apply(draft, data)
    check_write(actor.user, Action.CHANGE, Resource.MIGRANT, draft)
    draft_person = copy(record.person)
    _apply_person(draft_person, data)
    _check(draft, draft_person, today)
    with transaction.atomic():
        current = MigrationRecord.objects.select_for_update().get(pk=record.pk)
        if current.version != version:
            raise StaleEdit(current)
        person = Person.objects.select_for_update().get(pk=current.person_id)
        before_person = _snapshot(person, PERSON_FIELDS)
        _apply_person(person, data)
        person_changes = field_changes(
            before_person, _snapshot(person, PERSON_FIELDS), Person.AUDIT_SEALED_FIELDS
        )
        if person_changes:
            person.version += 1
            person.save()
            record_event(actor, AuditAction.CHANGE, target=person, detail="migrant",
                         changes=person_changes)  # fmt: skip
        before = _snapshot(current, MigrationRecord.FIELDS)
        _apply(current, data)
        changes = field_changes(before, _snapshot(current, MigrationRecord.FIELDS),
                                MigrationRecord.AUDIT_SEALED_FIELDS)  # fmt: skip
        assess(current, person, today)
        current.version += 1
        current.save()
        record_event(actor, AuditAction.CHANGE, target=current, changes=changes)
    return current


def _may_change(actor: Actor, record: MigrationRecord) -> None:
    if not can(actor.user, Action.CHANGE, Resource.MIGRANT, record):
        raise NotAllowed(_("Your role may not record this."), "change migration record")


def add_contact(actor: Actor, record: MigrationRecord, data: dict[str, Any]) -> MigrantContact:
    """A contact with the migrant (reached or not); the record's last contact, last reach,
    last situation and risk follow it."""
    _may_change(actor, record)
    today = timezone.localdate()
    contact = MigrantContact(record=record, recorded_by=actor.user)
    for name in CONTACT_FIELDS:
        if name in data:
            setattr(contact, name, data[name] if data[name] is not None else "")
    contact.situation = contact.situation if contact.reached else ""
    rules.check_contact(contact.contacted_on, contact.reached, contact.situation,
                        record.departed_on, today)  # fmt: skip
    with transaction.atomic():
        current = MigrationRecord.objects.select_for_update().get(pk=record.pk)
        contact.record = current
        contact.save()
        latest = current.contacts.order_by("-contacted_on", "-id").first()
        reached = current.contacts.filter(reached=True).order_by("-contacted_on", "-id").first()
        current.last_contact_on = latest.contacted_on if latest else None
        current.last_reached_on = reached.contacted_on if reached else None
        current.last_situation = reached.situation if reached else ""
        assess(current, current.person, today)
        current.save(update_fields=["last_contact_on", "last_reached_on", "last_situation",
                                    "risk_flags", "risk_score", "updated_at"])  # fmt: skip
        record_event(actor, AuditAction.CREATE, target=contact,
                     changes=field_changes({}, _snapshot(contact, CONTACT_FIELDS),
                                           MigrantContact.AUDIT_SEALED_FIELDS))  # fmt: skip
    return contact


def record_return(actor: Actor, record: MigrationRecord, data: dict[str, Any]) -> MigrantReturn:
    """The migrant came back: the record is no longer away (no lost contact any more)."""
    _may_change(actor, record)
    today = timezone.localdate()
    homecoming = MigrantReturn(record=record, recorded_by=actor.user)
    for name in RETURN_FIELDS:
        if name in data:
            setattr(homecoming, name, data[name] if data[name] is not None else "")
    rules.check_return(homecoming.returned_on, record.departed_on, today)
    with transaction.atomic():
        current = MigrationRecord.objects.select_for_update().get(pk=record.pk)
        if MigrantReturn.objects.filter(record=current).exists():
            raise rules.Refused(_("The return of this migrant is already recorded."))
        homecoming.record = current
        homecoming.save()
        current.status = Status.RETURNED
        assess(current, current.person, today)
        current.version += 1
        current.save(update_fields=["status", "risk_flags", "risk_score", "version",
                                    "updated_at"])  # fmt: skip
        record_event(actor, AuditAction.CREATE, target=homecoming,
                     changes=field_changes({}, _snapshot(homecoming, RETURN_FIELDS),
                                           MigrantReturn.AUDIT_SEALED_FIELDS))  # fmt: skip
        record_event(actor, AuditAction.CHANGE, target=current,
                     changes={"status": {"old": Status.AWAY, "new": Status.RETURNED}})  # fmt: skip
    return homecoming
