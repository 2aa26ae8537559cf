"""Trainings of known participants: the pre- and post-test scores on a training's attendance
list, and who is due for a refresher training (rules.refresher_due_on) among the participants
of the user's organisation, for its home page and the refresher list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, Resource, can
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.prevention import rules
from tipnet.prevention.models import Attendance, KnownParticipant


def record_scores(actor: Actor, attendance: Attendance, pre: int | None, post: int | None) -> None:
    """Set a participant's test scores of a training (empty clears a score)."""
    activity = attendance.activity
    if not can(actor.user, Action.CHANGE, Resource.PREVENTION, activity):
        raise NotAllowed(_("Your role may not record this."), "change prevention activity")
    rules.check_scores(activity.kind.code, pre, post)
    with transaction.atomic():
        current = Attendance.objects.select_for_update().get(pk=attendance.pk)
        changes = {
            name: {"old": "" if old is None else str(old), "new": "" if new is None else str(new)}
            for name, old, new in (("pre_test_score", current.pre_test_score, pre),
                                   ("post_test_score", current.post_test_score, post))
            if old != new
        }  # fmt: skip
        if not changes:
            return
        current.pre_test_score, current.post_test_score = pre, post
        current.save(update_fields=["pre_test_score", "post_test_score"])
        changes["attendance"] = {"old": f"#{current.participant_id}",
                                 "new": f"#{current.participant_id}"}  # fmt: skip
        record_event(actor, AuditAction.CHANGE, target=activity, changes=changes)
    attendance.pre_test_score, attendance.post_test_score = pre, post


@dataclass(frozen=True)
class Due:
    participant: KnownParticipant
    trained_on: date
    due_on: date


def may_see_refreshers(user: Any) -> bool:
    return bool(user.organisation_id) and can(user, Action.CREATE, Resource.PREVENTION)


def due_refreshers(user: Any, today: date) -> list[Due]:
    """The participants of the user's organisation, trained at its trainings, whose refresher
    fell due by ``today`` and who attended no refresher training since, the longest due first."""
    if not may_see_refreshers(user):
        return []
    org = user.organisation_id
    days: dict[int, tuple[list[date], list[date]]] = {}
    rows = Attendance.objects.filter(
        activity__owner_organisation_id=org, participant__owner_organisation_id=org,
        activity__kind__code__in=(rules.TRAINING, rules.REFRESHER),
    ).values_list("participant_id", "activity__kind__code",
                                                "activity__held_on")  # fmt: skip
    for participant_id, code, held_on in rows:
        trained, refreshed = days.setdefault(participant_id, ([], []))
        (trained if code == rules.TRAINING else refreshed).append(held_on)
    interval = settings.TIPNET_REFRESHER_DAYS
    due: dict[int, tuple[date, date]] = {}
    for participant_id, (trained, refreshed) in days.items():
        due_on = rules.refresher_due_on(trained, refreshed, interval)
        if due_on is not None and due_on <= today:
            due[participant_id] = (max(trained), due_on)
    people = KnownParticipant.objects.in_bulk(list(due))
    found = [Due(people[pk], trained_on, due_on) for pk, (trained_on, due_on) in due.items()]
    return sorted(found, key=lambda d: (d.due_on, d.participant.pk))
