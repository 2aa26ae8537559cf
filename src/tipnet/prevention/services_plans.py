"""Writes of action plans: the plan (priorities, local resources), its actions and their
progress notes. Allowed to whoever may change the activity the plan came from; each write is
one transaction with an audit event on the activity (the plan's history is the activity's
trail: who changed what, when)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.prevention.models import Activity
from tipnet.prevention.models_plans import ActionPlan, ActionStatus, PlanAction, ProgressNote
from tipnet.prevention.rules import Refused
from tipnet.prevention.services import _may_change


def _audit(actor: Actor, activity: Activity, what: str, old: Any, new: Any) -> None:
    record_event(actor, AuditAction.CHANGE, target=activity,
                 changes={what: {"old": str(old), "new": str(new)}})  # fmt: skip


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
            _audit(actor, activity, "action_plan", "", f"#{plan.pk}")
            return plan
        if plan.version != version:
            raise StaleEdit(plan)
        plan.priorities = data["priorities"]
        plan.local_resources = data.get("local_resources", "")
        plan.version += 1
        plan.save()
        _audit(
            actor, activity, "action_plan", f"#{plan.pk} v{version}", f"#{plan.pk} v{plan.version}"
        )
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
        _audit(actor, activity, "action", "", f"#{action.pk} due {action.due_on}")
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
        _audit(actor, activity, "action", f"#{current.pk} {old}", f"#{current.pk} {status}")
    return current
