"""Groups and networks of prevention work: writes of a group and its members, each one
transaction with its audit event on the group (members by record number, never a name), and
the reading of a group's reach over time. A member's role is corrected in place, from the
version of the membership that was shown (StaleEdit otherwise).

A group is a ScopedRecord like an activity (owner organisation, place): the access module
decides who records, changes and sees it (:func:`tipnet.accounts.access.check_write`)."""

from __future__ import annotations

from collections import defaultdict
from copy import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, Resource, can, check_write, visible
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.prevention import queries, reach, rules_groups, services
from tipnet.prevention.models import Activity, KnownParticipant
from tipnet.prevention.models_network import Group, GroupMember, GroupRole
from tipnet.prevention.rules import Refused


def _snapshot(group: Group) -> dict[str, Any]:
    return {
        "kind": group.kind, "name": group.name, "place": group.place_id, "venue": group.venue,
        "formed_on": group.formed_on, "is_active": group.is_active,
    }  # fmt: skip


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"old": "" if before.get(name) is None else str(before.get(name)),
               "new": "" if value is None else str(value)}
        for name, value in after.items() if before.get(name) != value
    }  # fmt: skip


def _apply(group: Group, data: dict[str, Any]) -> None:
    for name in Group.FIELDS:
        if name in data:
            value = data[name]
            if name in ("venue", "name"):
                value = (value or "").strip()
            setattr(group, name, value)


def create_group(actor: Actor, data: dict[str, Any]) -> Group:
    """Record a group supported by the actor's organisation, at its place."""
    user = actor.user
    group = Group(owner_organisation_id=user.organisation_id, created_by=user)
    _apply(group, {**data, "is_active": True})
    check_write(user, Action.CREATE, Resource.PREVENTION, group)
    rules_groups.check_group(group.name, group.formed_on, timezone.localdate())
    with transaction.atomic():
        group.save()
        record_event(actor, AuditAction.CREATE, target=group,
                     changes=_changes({}, _snapshot(group)))  # fmt: skip
    return group


def update_group(actor: Actor, group: Group, data: dict[str, Any], version: int) -> Group:
    """Save the edit (deactivating too: ``is_active``) if nobody saved the group since
    ``version``, else raise StaleEdit."""
    draft = copy(group)
    _apply(draft, data)
    check_write(actor.user, Action.CHANGE, Resource.PREVENTION, draft)
    rules_groups.check_group(draft.name, draft.formed_on, timezone.localdate())
    with transaction.atomic():
        current = Group.objects.select_for_update().get(pk=group.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = _snapshot(current)
        _apply(current, data)
        current.version += 1
        current.save()
        record_event(actor, AuditAction.CHANGE, target=current,
                     changes=_changes(before, _snapshot(current)))  # fmt: skip
    return current


def _may_change(actor: Actor, group: Group) -> None:
    if not can(actor.user, Action.CHANGE, Resource.PREVENTION, group):
        raise NotAllowed(_("Your role may not record this."), "change prevention group")


def _check_role(role: str) -> None:
    if role not in GroupRole.values:
        raise Refused(_("Choose a role in the group from the list."))


def add_member(
    actor: Actor, group: Group, participant: KnownParticipant, role: str, joined_on: date
) -> GroupMember:
    """Make a known participant of the group's organisation a member of the group (the group
    as it is now: one deactivated meanwhile takes no members)."""
    _may_change(actor, group)
    _check_role(role)
    duplicate = _("This participant is already a member of the group.")
    try:
        with transaction.atomic():
            current = Group.objects.select_for_update().get(pk=group.pk)
            rules_groups.check_member(
                participant.owner_organisation_id, current.owner_organisation_id,
                current.is_active, joined_on, current.formed_on, timezone.localdate(),
            )  # fmt: skip
            if GroupMember.objects.filter(group=current, participant=participant).exists():
                raise Refused(duplicate)
            member = GroupMember.objects.create(
                group=current, participant=participant, role=role, joined_on=joined_on,
                recorded_by=actor.user,
            )  # fmt: skip
            added = {"member": {"old": "", "new": f"#{participant.pk} {role} {joined_on}"}}
            record_event(actor, AuditAction.CHANGE, target=current, changes=added)
    except IntegrityError:  # added at the same moment by someone else
        raise Refused(duplicate) from None
    return member


def add_new_member(
    actor: Actor, group: Group, data: dict[str, Any], role: str, joined_on: date
) -> GroupMember:
    """Record a new known participant (services.add_participant) and make them a member, in
    one transaction: a refused membership leaves no participant written."""
    _may_change(actor, group)
    _check_role(role)
    with transaction.atomic():
        current = Group.objects.select_for_update().get(pk=group.pk)
        rules_groups.check_member(actor.organisation_id, current.owner_organisation_id,
                                  current.is_active, joined_on, current.formed_on,
                                  timezone.localdate())  # fmt: skip
        participant = services.add_participant(actor, data)
        return add_member(actor, current, participant, role, joined_on)


def record_left(actor: Actor, member: GroupMember, left_on: date) -> GroupMember:
    group = member.group
    _may_change(actor, group)
    with transaction.atomic():
        current = GroupMember.objects.select_for_update().get(pk=member.pk)
        rules_groups.check_left(current.joined_on, left_on, current.left_on,
                                timezone.localdate())  # fmt: skip
        current.left_on = left_on
        current.version += 1
        current.save(update_fields=["left_on", "version"])
        left = {"member_left": {"old": f"#{current.participant_id}",
                                "new": f"#{current.participant_id} {left_on}"}}  # fmt: skip
        record_event(actor, AuditAction.CHANGE, target=group, changes=left)
    return current


def change_role(actor: Actor, member: GroupMember, role: str, version: int) -> GroupMember:
    """Correct the role of a current member in place (the group's trail keeps the old one),
    if nobody changed the membership since ``version`` (else StaleEdit)."""
    group = member.group
    _may_change(actor, group)
    _check_role(role)
    with transaction.atomic():
        current = GroupMember.objects.select_for_update().get(pk=member.pk)
        rules_groups.check_role_change(current.left_on)
        if current.version != version:
            raise StaleEdit(current)
        if current.role == role:
            return current
        old, current.role = current.role, role
        current.version += 1
        current.save(update_fields=["role", "version"])
        person = f"#{current.participant_id}"
        changed = {"member_role": {"old": f"{person} {old}", "new": f"{person} {role}"}}
        record_event(actor, AuditAction.CHANGE, target=group, changes=changed)
    return current


# --- Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearReach:
    """A year's (or the whole period's, ``year`` None) sessions and reach of a group."""

    year: int | None
    sessions: int
    figures: reach.Reach


def activities_of(user: Any, group: Group) -> QuerySet[Activity]:
    """The group's activities this user may see."""
    return visible(user, Resource.PREVENTION, Activity.objects.filter(group=group))


def reach_by_year(activities: QuerySet[Activity]) -> tuple[list[YearReach], YearReach]:
    """Per year, the sessions held and their reach; and the whole period's, computed from all
    its facts (a person who came in two years is one person of the period, never two)."""
    years = dict(activities.values_list("pk", "held_on__year"))
    attended, counted = queries.facts(activities)
    by_year_a: dict[int, list[reach.Attended]] = defaultdict(list)
    by_year_c: dict[int, list[reach.Counted]] = defaultdict(list)
    for a in attended:
        by_year_a[a.held_on.year].append(a)
    for c in counted:
        by_year_c[years[c.activity]].append(c)
    sessions: dict[int, int] = defaultdict(int)
    for year in years.values():
        sessions[year] += 1
    rows = [YearReach(year, sessions[year], reach.reach(by_year_a[year], by_year_c[year]))
            for year in sorted(sessions)]  # fmt: skip
    return rows, YearReach(None, len(years), reach.reach(attended, counted))
