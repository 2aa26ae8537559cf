"""Writes of prevention work, each one transaction with its audit event, checked by the
access module (:func:`tipnet.accounts.access.check_write`) and the rules (prevention/rules.py).
Every write path that changes participant counts goes through :func:`_set_counts`, which
keeps ``Activity.counted_total`` the sum of the cells (totals.total_problems checks it)."""

from __future__ import annotations

from collections.abc import Mapping
from copy import copy
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, Resource, can, check_write
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.prevention import rules
from tipnet.prevention.models import Activity, Attendance, KnownParticipant, ParticipantCount

PARTICIPANT_FIELDS = ("name", "sex", "birth_year", "age_band", "role", "affiliation")


def _snapshot(activity: Activity) -> dict[str, Any]:
    shown = {name: getattr(activity, f"{name}_id", None) or getattr(activity, name)
             for name in Activity.FIELDS}  # fmt: skip
    shown["counted_total"] = activity.counted_total
    return shown


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"old": "" if before.get(name) is None else str(before.get(name)),
               "new": "" if value is None else str(value)}
        for name, value in after.items() if before.get(name) != value
    }  # fmt: skip


def _set_counts(activity: Activity, cells: Mapping[rules.Cell, int]) -> None:
    kept = rules.check_cells(cells)
    activity.counts.all().delete()
    ParticipantCount.objects.bulk_create(
        ParticipantCount(activity=activity, sex=s, age_band=b, role=r, count=n)
        for (s, b, r), n in kept.items()
    )
    activity.counted_total = sum(kept.values())
    Activity.objects.filter(pk=activity.pk).update(counted_total=activity.counted_total)


# The fields that hold a choice or a number: None stays None (no value), text becomes "".
_NULLABLE = frozenset({"project", "campaign", "group", "committee", "budget_spent"})


def _apply(activity: Activity, data: dict[str, Any]) -> None:
    for name in Activity.FIELDS:
        if name in data:
            value = data[name]
            setattr(activity, name, value if value is not None or name in _NULLABLE else "")


def _check_links(activity: Activity) -> None:
    from tipnet.prevention.models_network import COMMITTEE_KINDS

    c = activity.committee
    rules.check_links(
        activity.owner_organisation_id,
        activity.project.owner_organisation_id if activity.project else None,
        activity.group.owner_organisation_id if activity.group else None,
        (c.pk, c.parent_id, c.kind) if c is not None else None,
        COMMITTEE_KINDS,
    )


def create_activity(
    actor: Actor, data: dict[str, Any], cells: Mapping[rules.Cell, int]
) -> Activity:
    """Record an activity of the actor's organisation with its participant counts."""
    user = actor.user
    activity = Activity(owner_organisation_id=user.organisation_id, recorded_by=user)
    _apply(activity, data)
    check_write(user, Action.CREATE, Resource.PREVENTION, activity)
    rules.check_activity(activity.held_on, activity.duration_minutes, timezone.localdate())
    _check_links(activity)
    rules.check_cells(cells)
    with transaction.atomic():
        activity.save()
        activity.partners.set(data.get("partners") or [])
        activity.topics.set(data.get("topics") or [])
        _set_counts(activity, cells)
        record_event(actor, AuditAction.CREATE, target=activity,
                     changes=_changes({}, _snapshot(activity)))  # fmt: skip
    return activity


def update_activity(
    actor: Actor,
    activity: Activity,
    data: dict[str, Any],
    cells: Mapping[rules.Cell, int],
    version: int,
) -> Activity:
    """Save the edit if nobody saved the activity since ``version``, else raise StaleEdit."""
    draft = copy(activity)
    _apply(draft, data)
    check_write(actor.user, Action.CHANGE, Resource.PREVENTION, draft)
    rules.check_activity(draft.held_on, draft.duration_minutes, timezone.localdate())
    _check_links(draft)
    rules.check_cells(cells)
    with transaction.atomic():
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = _snapshot(current)
        _apply(current, data)
        current.version += 1
        current.save()
        current.partners.set(data.get("partners") or [])
        current.topics.set(data.get("topics") or [])
        _set_counts(current, cells)
        record_event(actor, AuditAction.CHANGE, target=current,
                     changes=_changes(before, _snapshot(current)))  # fmt: skip
    return current


def _may_change(actor: Actor, activity: Activity) -> None:
    if not can(actor.user, Action.CHANGE, Resource.PREVENTION, activity):
        raise NotAllowed(_("Your role may not record this."), "change prevention activity")


def add_participant(actor: Actor, data: dict[str, Any]) -> KnownParticipant:
    """A known participant of the actor's organisation (a contact record, not a victim's)."""
    user = actor.user
    if not user.organisation_id or not can(user, Action.CREATE, Resource.PREVENTION):
        raise NotAllowed(_("Your role may not record this."), "create known participant")
    rules.check_participant(data.get("birth_year"), timezone.localdate())
    participant = KnownParticipant(owner_organisation_id=user.organisation_id, created_by=user)
    for name in PARTICIPANT_FIELDS:
        if data.get(name) is not None:
            setattr(participant, name, data[name])
    with transaction.atomic():
        participant.save()
        # The name stays out of the trail (the record holds it); the rest identifies nobody.
        changes = {k: {"old": "", "new": str(getattr(participant, k))}
                   for k in ("sex", "birth_year", "age_band", "role")}  # fmt: skip
        record_event(actor, AuditAction.CREATE, target=participant, changes=changes)
    return participant


def add_attendance(actor: Actor, activity: Activity, participant: KnownParticipant) -> Attendance:
    _may_change(actor, activity)
    if participant.owner_organisation_id != actor.organisation_id:
        raise NotAllowed(
            _("Only participants your organisation recorded can be added to its lists."),
            "attendance: participant of another organisation",
        )
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                activity=activity, participant=participant, recorded_by=actor.user
            )
            added = {"attendance": {"old": "", "new": f"#{participant.pk}"}}
            record_event(actor, AuditAction.CHANGE, target=activity, changes=added)
    except IntegrityError:
        raise rules.Refused(_("This participant is already on the attendance list.")) from None
    return attendance


def remove_attendance(actor: Actor, attendance: Attendance) -> None:
    activity = attendance.activity
    _may_change(actor, activity)
    with transaction.atomic():
        participant_id = attendance.participant_id
        attendance.delete()
        record_event(actor, AuditAction.CHANGE, target=activity,
                     changes={"attendance": {"old": f"#{participant_id}", "new": ""}})  # fmt: skip
