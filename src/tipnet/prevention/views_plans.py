"""Pages of action plans: the plan of an activity (priorities, local resources, actions with
their progress), its history, adding an action, recording progress, and the overdue actions
of the activities the user may see, by owner and commune."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, Resource, can, fetch, require, visible
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit, refuse
from tipnet.geo.models import prefetch_ancestors
from tipnet.prevention import queries, services_plans
from tipnet.prevention.forms_plans import ActionForm, PlanForm, ProgressForm
from tipnet.prevention.models import Activity
from tipnet.prevention.models_plans import OPEN_STATUSES, ActionPlan, PlanAction
from tipnet.prevention.rules import Refused
from tipnet.prevention.views import _activities


def _plan_of(activity: Activity) -> ActionPlan | None:
    return ActionPlan.objects.filter(activity=activity).first()


def _write(request: AuthenticatedRequest, form: Any, save: Any) -> bool:
    """Run ``save`` and show a refusal on the form; True when saved."""
    try:
        save()
    except Refused as refused:
        form.add_error(None, refused.message)
    except StaleEdit:
        stale = _(
            "Someone else saved this while you were editing it. Open it again to see "
            "their version; your entry was not saved."
        )
        form.add_error(None, stale)
    except NotAllowed as refused:
        refuse(request, form, refused)
    else:
        return True
    return False


@login_required
def plan_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = fetch(request, Resource.PREVENTION, _activities(), pk)
    plan = _plan_of(activity)
    may_change = can(request.user, Action.CHANGE, Resource.PREVENTION, activity)
    initial = {"version": plan.version, "priorities": plan.priorities,
               "local_resources": plan.local_resources} if plan else {}  # fmt: skip
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request, Action.CHANGE, Resource.PREVENTION, activity)
        if form.is_valid():
            data = form.cleaned_data
            if _write(request, form, lambda: services_plans.save_plan(
                    Actor.of(request), activity, data, data.get("version"))):  # fmt: skip
                messages.success(request, _("The action plan was saved."))
                return redirect("prevention:plan", pk=activity.pk)
    actions = list(plan.actions.prefetch_related("notes").select_related("owner_organisation")
                   ) if plan else []  # fmt: skip
    return render(request, "prevention/plan.html", {
        "activity": activity, "plan": plan, "form": form, "actions": actions,
        "may_change": may_change, "today": timezone.localdate(), "open": OPEN_STATUSES,
    })  # fmt: skip


@login_required
def plan_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who changed what in the activity's plan, newest first, read from the activity's trail.
    Seen by whoever may see the plan (the same check as :func:`plan_view`); like the plan page,
    its viewing writes no event (a plan names no participant)."""
    activity = fetch(request, Resource.PREVENTION, _activities(), pk)
    plan = _plan_of(activity)
    lines, capped = services_plans.history(activity, plan)
    return render(request, "prevention/plan_history.html", {
        "activity": activity, "plan": plan, "lines": lines, "capped": capped,
        "cap": services_plans.HISTORY_CAP,
    })  # fmt: skip


def _changed_plan(request: AuthenticatedRequest, pk: int) -> tuple[Activity, ActionPlan]:
    activity = fetch(request, Resource.PREVENTION, _activities(), pk, Action.CHANGE)
    plan = _plan_of(activity)
    if plan is None:
        raise Http404
    return activity, plan


@login_required
def action_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity, plan = _changed_plan(request, pk)
    form = ActionForm(request.POST or None)

    def save() -> Any:
        return services_plans.add_action(Actor.of(request), plan, form.cleaned_data)

    if request.method == "POST" and form.is_valid() and _write(request, form, save):
        messages.success(request, _("The action was added to the plan."))
        return redirect("prevention:plan", pk=activity.pk)
    return render(request, "prevention/plan_form.html",
                  {"activity": activity, "form": form, "title": _("Add an action")})  # fmt: skip


@login_required
def action_update(request: AuthenticatedRequest, pk: int, action_pk: int) -> HttpResponse:
    activity, plan = _changed_plan(request, pk)
    action = PlanAction.objects.filter(pk=action_pk, plan=plan).first()
    if action is None:
        raise Http404
    form = ProgressForm(
        request.POST or None,
        initial={
            "status": action.status,
            "noted_on": timezone.localdate(),
            "version": action.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _write(request, form, lambda: services_plans.update_action(
                Actor.of(request), action, d["status"], d["note"], d["noted_on"],
                d.get("version") or 0)):  # fmt: skip
            messages.success(request, _("The progress was recorded."))
            return redirect("prevention:plan", pk=activity.pk)
    return render(request, "prevention/plan_form.html", {
        "activity": activity, "form": form, "action": action,
        "title": _("Record progress: %(action)s") % {"action": action.description},
    })  # fmt: skip


def _commune_of(place: Any) -> Any:
    """The commune an activity was held in (itself, or the commune above its village); None
    for a district or province."""
    chain = [*place.ancestors(), place]
    return chain[2] if len(chain) > 2 else None


@login_required
def overdue_list(request: AuthenticatedRequest) -> HttpResponse:
    """Open actions past their due date, of the activities the user may see and of those their
    organisation owns, grouped by owner (``?by=owner``, the default) or by commune."""
    require(request, Action.LIST, Resource.PREVENTION)
    by = "commune" if request.GET.get("by") == "commune" else "owner"
    actions = list(
        queries.overdue_actions(request.user, timezone.localdate())
        .select_related("owner_organisation", "plan__activity__kind", "plan__activity__place",
                        "plan__activity__owner_organisation")
        .order_by("owner_organisation__name_en", "owner_name", "due_on")[:500]
    )  # fmt: skip
    prefetch_ancestors(a.plan.activity.place for a in actions)
    # An action the user's organisation owns on an activity they may not see: no link to it.
    seen = set(
        visible(request.user, Resource.PREVENTION, Activity.objects.all())
        .filter(pk__in={a.plan.activity_id for a in actions}).values_list("pk", flat=True)
    )  # fmt: skip
    groups: dict[str, tuple[str, list[tuple[PlanAction, bool]]]] = {}
    for a in actions:
        if by == "commune":
            commune = _commune_of(a.plan.activity.place)
            key = commune.code if commune else ""
            label = commune.full_name() if commune else _("Held at district or province level")
        else:
            key = label = str(a.owner)
        groups.setdefault(key, (label, []))[1].append((a, a.plan.activity_id in seen))
    if by == "commune":  # communes in gazetteer order, the rest last; within, by due date
        ordered = sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))
        for _key, (_label, rows) in ordered:
            rows.sort(key=lambda row: row[0].due_on)
    else:
        ordered = list(groups.items())
    return render(request, "prevention/overdue.html", {
        "actions": actions, "by": by, "groups": [group for _key, group in ordered],
    })  # fmt: skip
