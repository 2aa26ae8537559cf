"""Writes of action plans: the plan (priorities, local resources), its actions and their
progress notes. Allowed to whoever may change the activity the plan came from; each write is
one transaction with an audit event on the activity (the plan's history is the activity's
trail: who changed what, when; :func:`history` reads it back for the plan's history page).

Each event names the record it changed by number, as the audit trail's pages read it
(``action_plan``: ``#5`` made, ``#5 v1`` -> ``#5 v2`` edited; ``action``: ``#7 due 2026-03-01``
added, ``#7 planned`` -> ``#7 done`` moved), and adds what changed: the free text (priorities,
local resources, an action and its owner, a progress note) sealed, as cases and protection seal
theirs (it can name people, and the trail is no side door to a plan); numbers, dates and the
owner organisation in clear."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tipnet.accounts.models import Organisation, User
from tipnet.audit.models import AuditAction, AuditEvent
from tipnet.audit.services import field_changes, record_event, unseal
from tipnet.core.actor import Actor
from tipnet.core.numbers import day
from tipnet.core.versioning import StaleEdit
from tipnet.prevention.models import Activity
from tipnet.prevention.models_plans import ActionPlan, ActionStatus, PlanAction, ProgressNote
from tipnet.prevention.rules import Refused
from tipnet.prevention.services import _may_change

PLAN, ACTION = "action_plan", "action"
# What changed, beside the record's number: free text sealed, the rest in clear.
PRIORITIES, RESOURCES = "action_plan.priorities", "action_plan.local_resources"
DESCRIPTION, OWNER_NAME = "action.description", "action.owner_name"
OWNER_ORG = "action.owner_organisation"
NOTED_ON, NOTE = "progress_note.noted_on", "progress_note.text"
SEALED = frozenset({PRIORITIES, RESOURCES, DESCRIPTION, OWNER_NAME, NOTE})


def _audit(actor: Actor, activity: Activity, what: str, old: str, new: str,
           changed: dict[str, tuple[Any, Any]] | None = None) -> None:  # fmt: skip
    """One event on the activity: ``what`` (the plan or an action) from ``old`` to ``new``,
    and each field of ``changed`` (name: (before, after)) that differs."""
    changes: dict[str, Any] = {what: {"old": old, "new": new}}
    if changed:
        before = {name: pair[0] for name, pair in changed.items()}
        after = {name: pair[1] for name, pair in changed.items()}
        changes.update(field_changes(before, after, SEALED))
    record_event(actor, AuditAction.CHANGE, target=activity, changes=changes)


def save_plan(
    actor: Actor, activity: Activity, data: dict[str, Any], version: int | None
) -> ActionPlan:
    """Make the activity's plan, or save an edit of it if nobody saved it since ``version``."""
    _may_change(actor, activity)
    if not (data.get("priorities") or "").strip():
        raise Refused(_("Write the priorities the meeting agreed on."))
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().filter(activity=activity).first()
        if plan is None:
            plan = ActionPlan.objects.create(
                activity=activity, created_by=actor.user, priorities=data["priorities"],
                local_resources=data.get("local_resources", ""),
            )  # fmt: skip
            _audit(actor, activity, PLAN, "", f"#{plan.pk}", {
                PRIORITIES: ("", plan.priorities), RESOURCES: ("", plan.local_resources),
            })  # fmt: skip
            return plan
        if plan.version != version:
            raise StaleEdit(plan)
        before = (plan.priorities, plan.local_resources)
        after = (data["priorities"], data.get("local_resources", ""))
        if after == before:
            return plan  # nothing to write, nothing for the history to say
        plan.priorities, plan.local_resources = after
        plan.version += 1
        plan.save()
        _audit(actor, activity, PLAN, f"#{plan.pk} v{version}", f"#{plan.pk} v{plan.version}", {
            PRIORITIES: (before[0], plan.priorities), RESOURCES: (before[1], plan.local_resources),
        })  # fmt: skip
    return plan


def check_due(due_on: date, activity: Activity) -> None:
    if due_on < activity.held_on:
        raise Refused(_("An action cannot be due before the activity that planned it."))


def add_action(actor: Actor, plan: ActionPlan, data: dict[str, Any]) -> PlanAction:
    activity = plan.activity
    _may_change(actor, activity)
    check_due(data["due_on"], activity)
    if not data.get("owner_organisation") and not (data.get("owner_name") or "").strip():
        raise Refused(_("Name who owns the action: an organisation, a person, or both."))
    with transaction.atomic():
        action = PlanAction.objects.create(
            plan=plan, description=data["description"], due_on=data["due_on"],
            owner_organisation=data.get("owner_organisation"),
            owner_name=data.get("owner_name", ""), created_by=actor.user,
        )  # fmt: skip
        _audit(actor, activity, ACTION, "", f"#{action.pk} due {action.due_on}", {
            DESCRIPTION: ("", action.description), OWNER_NAME: ("", action.owner_name),
            OWNER_ORG: (None, action.owner_organisation_id),
        })  # fmt: skip
    return action


def update_action(
    actor: Actor, action: PlanAction, status: str, note: str, noted_on: date, version: int
) -> PlanAction:
    """Move the action to ``status`` with a dated progress note, if nobody changed it since
    ``version``."""
    activity = action.plan.activity
    _may_change(actor, activity)
    if status not in ActionStatus.values:
        raise Refused(_("Choose a status from the list."))
    if noted_on > timezone.localdate() or noted_on < activity.held_on:
        raise Refused(_("The progress note's date lies between the activity and today."))
    if not note.strip():
        raise Refused(_("Write what was done, or why the action changed."))
    with transaction.atomic():
        current = PlanAction.objects.select_for_update().get(pk=action.pk)
        if current.version != version:
            raise StaleEdit(current)
        old = current.status
        current.status = status
        current.version += 1
        current.save()
        ProgressNote.objects.create(action=current, noted_on=noted_on, text=note,
                                    recorded_by=actor.user)  # fmt: skip
        _audit(actor, activity, ACTION, f"#{current.pk} {old}", f"#{current.pk} {status}",
               {NOTED_ON: (None, noted_on), NOTE: ("", note)})  # fmt: skip
    return current


# --- The plan's history (read from the activity's trail) -----------------------------------

HISTORY_CAP = 1000
_NUMBERED = re.compile(r"#(\d+)(?: (.*))?$")


@dataclass(frozen=True)
class Change:
    """One thing a write changed, as a sentence, with the texts it concerns (label, text)."""

    sentence: str
    texts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Line:
    """One write of the plan: when, by whom (with their organisation then), what changed."""

    at: datetime
    who: str
    organisation: str
    changes: tuple[Change, ...]
    order: int = 0  # the event's number: of two writes at one moment, the later one first


def plan_events(activity: Activity) -> Any:
    """The audit events of the plan's writes: changes of the activity naming the plan or one
    of its actions (attendance, photos and the activity's own fields are left out)."""
    trail = AuditEvent.objects.filter(
        object_type=Activity._meta.label_lower, object_id=str(activity.pk),
        action=AuditAction.CHANGE,
    )  # fmt: skip
    return trail.filter(Q(changes__has_key=PLAN) | Q(changes__has_key=ACTION)).order_by(
        "-timestamp", "-id"
    )


def _numbered(value: Any) -> tuple[int | None, str]:
    """``#7 done`` -> (7, "done"); the record's number and what the trail says of it."""
    found = _NUMBERED.match(str(value or ""))
    return (int(found[1]), found[2] or "") if found else (None, "")


def _values(changes: dict[str, Any], name: str) -> tuple[str, str] | None:
    """The old and new value of a change (a sealed one unsealed), or None if not recorded."""
    change = changes.get(name)
    if isinstance(change, dict) and "sealed" in change:
        change = unseal(change)
    if not isinstance(change, dict) or not ({"old", "new"} & change.keys()):
        return None
    old, new = change.get("old"), change.get("new")
    return ("" if old is None else str(old)), ("" if new is None else str(new))


def _status(code: str) -> str:
    return str(ActionStatus(code).label) if code in ActionStatus.values else code


def _owner(organisation: Organisation | None, name: str) -> str:
    return " · ".join(p for p in (str(organisation or ""), name) if p) or "—"


class _Reader:
    """Turns the plan's events into sentences in the reader's language, with the records the
    sentences name (users, organisations, actions) read once."""

    def __init__(self, events: list[AuditEvent], plan: ActionPlan | None) -> None:
        actions = plan.actions.select_related("owner_organisation") if plan else []
        self.actions = {action.pk: action for action in actions}
        user_ids = {e.actor_id for e in events} | {a.created_by_id for a in self.actions.values()}
        if plan is not None:
            user_ids.add(plan.created_by_id)
        self.users = User.objects.in_bulk({pk for pk in user_ids if pk})
        org_ids = {e.organisation_id for e in events}
        org_ids |= {u.organisation_id for u in self.users.values()}
        org_ids |= {a.owner_organisation_id for a in self.actions.values()}
        for event in events:
            owner = _values(event.changes or {}, OWNER_ORG)
            if owner and owner[1].isdigit():
                org_ids.add(int(owner[1]))
        self.orgs = Organisation.objects.in_bulk({pk for pk in org_ids if pk})
        self.made, self.added = False, set[int]()  # what the trail shows being made

    def line(self, event: AuditEvent) -> Line:
        changes = event.changes or {}
        found = [*(self._plan(changes) if PLAN in changes else ()),
                 *(self._action(changes) if ACTION in changes else ())]  # fmt: skip
        user = self.users.get(event.actor_id) if event.actor_id else None
        who = user.display_name if user is not None else event.actor_username or "—"
        org = self.orgs.get(event.organisation_id) if event.organisation_id else None
        return Line(event.timestamp, who, str(org or ""), tuple(found), event.pk)

    def _plan(self, changes: dict[str, Any]) -> list[Change]:
        priorities, resources = _values(changes, PRIORITIES), _values(changes, RESOURCES)
        if not (changes[PLAN] or {}).get("old"):
            self.made = True
            texts = [(_("Priorities"), priorities[1])] if priorities else []
            if resources and resources[1]:
                texts.append((_("Local resources identified"), resources[1]))
            return [Change(_("Action plan made"), tuple(texts))]
        found = [
            Change(sentence, ((pgettext("change", "Before"), pair[0] or "—"),
                              (pgettext("change", "After"), pair[1] or "—")))
            for sentence, pair in ((_("Priorities changed"), priorities),
                                   (_("Local resources changed"), resources)) if pair
        ]  # fmt: skip
        # A trail written before the changed texts were recorded says only that it was saved.
        return found or [Change(_("Priorities or local resources edited"))]

    def _action(self, changes: dict[str, Any]) -> list[Change]:
        was, now = (changes[ACTION] or {}).get("old"), (changes[ACTION] or {}).get("new")
        number, said = _numbered(now)
        action = self.actions.get(number) if number else None
        named = {"number": number if number is not None else "?"}
        if not was:
            self.added.add(number or 0)
            return [self._added(changes, action, named, said.removeprefix("due "))]
        _number, before = _numbered(was)
        texts = [(pgettext("action plan", "Action"), action.description)] if action else []
        noted, note = _values(changes, NOTED_ON), _values(changes, NOTE)
        if noted:
            label = _("Progress note of %(date)s") % {"date": day(noted[1])}
            texts.append((label, note[1] if note else "—"))
        if before != said:
            named.update(old=_status(before), new=_status(said))
            sentence = _("Action #%(number)s: %(old)s → %(new)s") % named
        else:
            named.update(status=_status(said))
            sentence = _("Action #%(number)s: progress recorded, still %(status)s") % named
        return [Change(sentence, tuple(texts))]

    def _added(self, changes: dict[str, Any], action: PlanAction | None, named: dict[str, Any],
               due: str) -> Change:  # fmt: skip
        description = _values(changes, DESCRIPTION)
        if description is None and action is not None:  # an older, terser trail: the table
            text, owner = action.description, _owner(action.owner_organisation, action.owner_name)
        else:
            org_id = (_values(changes, OWNER_ORG) or ("", ""))[1]
            org = self.orgs.get(int(org_id)) if org_id.isdigit() else None
            text = description[1] if description else "—"
            owner = _owner(org, (_values(changes, OWNER_NAME) or ("", ""))[1])
        texts = ((pgettext("action plan", "Action"), text), (_("Owner"), owner),
                 (_("Due on"), day(due) or "—"))  # fmt: skip
        return Change(_("Action #%(number)s added") % named, texts)

    def from_tables(self, plan: ActionPlan | None) -> list[Line]:
        """The plan and the actions the trail does not show being made (recorded outside
        these services), from their own rows."""
        if plan is None:
            return []
        found = []
        if not self.made:
            found.append(self._row(plan.created_at, plan.created_by_id,
                                   Change(_("Action plan made"))))  # fmt: skip
        for action in self.actions.values():
            if action.pk not in self.added:
                change = self._added({}, action, {"number": action.pk}, str(action.due_on))
                found.append(self._row(action.created_at, action.created_by_id, change))
        return found

    def _row(self, at: datetime, user_id: int | None, change: Change) -> Line:
        user = self.users.get(user_id) if user_id else None
        org = self.orgs.get(user.organisation_id) if user is not None else None
        return Line(at, user.display_name if user else "—", str(org or ""), (change,))


def history(activity: Activity, plan: ActionPlan | None) -> tuple[list[Line], bool]:
    """The writes of the activity's plan, newest first, and whether older ones were left out
    (beyond ``HISTORY_CAP``)."""
    events = list(plan_events(activity)[: HISTORY_CAP + 1])
    capped = len(events) > HISTORY_CAP
    events = events[:HISTORY_CAP]
    reader = _Reader(events, plan)
    lines = [reader.line(event) for event in events]
    if not capped:
        lines += reader.from_tables(plan)
    return sorted(lines, key=lambda line: (line.at, line.order), reverse=True), capped
