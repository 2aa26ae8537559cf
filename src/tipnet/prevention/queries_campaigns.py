"""Reading projects and campaigns for their pages and exports: the ones a user may see, and
the report of one (its targets against what its activities achieved in its period, reach by
province, the activities, the budget spent per currency). The report counts only the
activities the user may see (``visible``), as the reach page does: a provincial committee sees
a national campaign's progress in its own province."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404, HttpRequest

from tipnet.accounts.access import Action, Resource, can, require, visible, visible_condition
from tipnet.prevention import progress, reach, reach_sql
from tipnet.prevention.models import Activity
from tipnet.prevention.models_campaigns import Campaign, Project, Target

# The most activities a project or campaign page lists (the figures count them all).
LISTED = 100


def projects(user: Any, action: Action = Action.LIST) -> QuerySet[Project]:
    qs = Project.objects.select_related("owner_organisation", "place")
    return visible(user, Resource.PREVENTION, qs, action)


def _whole_country_open(user: Any, action: Action) -> bool:
    return action in (Action.LIST, Action.VIEW, Action.EXPORT) and can(
        user, action, Resource.PREVENTION
    )


def campaigns(user: Any, action: Action = Action.LIST) -> QuerySet[Campaign]:
    """The campaigns the user may see. A campaign without a place runs in the whole country,
    and any organiser may join it: the access module's scopes leave a record without a place
    out of a jurisdiction (and out of other organisations' view), so the campaigns of the whole
    country are added here for every user who may list (or export) prevention work at all.
    Their activities are still shown only as the user may see them."""
    qs = Campaign.objects.select_related("owner_organisation", "place")
    condition = visible_condition(user, Resource.PREVENTION, Campaign, action)
    if _whole_country_open(user, action):
        whole = Q(place__isnull=True)
        condition = whole if condition is None else condition | whole
    if condition is None:
        return qs.none()
    return qs.filter(condition)


def fetch_campaign(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Campaign:
    """As ``access.fetch``, with the campaigns of the whole country open to whoever may do
    ``action`` (view, export) on prevention work (see :func:`campaigns`): 404 when there is no
    such campaign, 403 (audited) when the user may not."""
    record = Campaign.objects.select_related("owner_organisation", "place").filter(pk=pk).first()
    if record is None:
        raise Http404
    user = request.user
    for step in dict.fromkeys([Action.VIEW, action]):
        if record.place_id is None and _whole_country_open(user, step):
            require(request, step, Resource.PREVENTION)
        else:
            require(request, step, Resource.PREVENTION, record)
    return record


def activities_of(user: Any, owner: Project | Campaign, action: Action) -> QuerySet[Activity]:
    """The activities of the project or campaign that the user may see, all dates."""
    lookup = {"project": owner} if isinstance(owner, Project) else {"campaign": owner}
    qs = Activity.objects.filter(**lookup)
    return visible(user, Resource.PREVENTION, qs, action)


def in_period(qs: QuerySet[Activity], owner: Project | Campaign) -> QuerySet[Activity]:
    if owner.starts_on:
        qs = qs.filter(held_on__gte=owner.starts_on)
    if owner.ends_on:
        qs = qs.filter(held_on__lte=owner.ends_on)
    return qs


@dataclass(frozen=True)
class Report:
    targets: list[tuple[Target, progress.Progress]]
    provinces: list[progress.ProvinceReach]
    total: reach.Reach
    sessions: int
    activities: list[Activity]
    outside: int  # activities of the project or campaign held outside its period
    spent: dict[str, Decimal]  # currency: the sum of the budget spent where recorded
    unrecorded: int  # activities in the period without a budget spent


def _target_order(t: Target) -> tuple[str, str, str, str, int]:
    return (t.province_id or "", t.measure, t.sex, t.age_band, t.pk)


def report(
    user: Any, owner: Project | Campaign, action: Action = Action.VIEW, listed: int | None = LISTED
) -> Report:
    """The report of a project or campaign from the activities the user may ``action``;
    ``listed`` activities at most in its list (``None``: all, for an export)."""
    seen = activities_of(user, owner, action)
    counted = in_period(seen, owner)
    # Computed by the database (reach_sql), equal to progress.progress over the facts
    # (tests/test_reach_sql.py): a national campaign holds thousands of activities.
    sessions = reach_sql.sessions_by_province(counted)
    # The whole first, then province by province (the same order on every database: NULLs
    # sort first on SQLite, last on PostgreSQL).
    targets = sorted(owner.targets.select_related("province"), key=_target_order)
    goals = [progress.Goal(t.pk, t.province_id or "", t.measure, t.sex, t.age_band, t.number)
             for t in targets]  # fmt: skip
    people = [g for g in goals if g.measure == progress.PEOPLE]
    by_province = reach_sql.by("province", counted)
    total = reach_sql.total(counted)
    if any(g.sex or g.age_band for g in people):
        # Targets of one sex or age band: the people by the cell of their first attendance.
        whole = (
            reach_sql.firsts_by_cell(counted, False) if any(not g.province for g in people) else {}
        )
        apart = reach_sql.firsts_by_cell(counted, True) if any(g.province for g in people) else {}
        cells = reach_sql.counted_by_cell(counted)
    else:
        # Targets of everyone: the unique reach of the whole and of each province is the
        # number of people whose first attendance lies there.
        whole = {("", "", ""): total.unique}
        apart = {(p, "", ""): r.unique for p, r in by_province.items()}
        cells = {(p, "", ""): r.counted_only for p, r in by_province.items()}
    rows = list(zip(targets, progress.progress_of(goals, sessions, whole, apart, cells),
                    strict=True))  # fmt: skip
    provinces = [
        progress.ProvinceReach(p, sessions.get(p, 0), r.unique, r.attendances, r.counted_only)
        for p, r in sorted(
            {**{p: reach.Reach(0, 0, 0, 0) for p in sessions}, **by_province}.items()
        )
    ]
    spent, unrecorded = spending(counted)
    rows_qs = counted.select_related("kind", "place", "owner_organisation")
    ordered = rows_qs.order_by("-held_on", "-id")
    shown = list(ordered if listed is None else ordered[:listed])
    return Report(
        targets=rows,
        provinces=provinces,
        total=total,
        sessions=sum(sessions.values()),
        activities=shown,
        outside=seen.count() - sum(sessions.values()),
        spent=spent,
        unrecorded=unrecorded,
    )


def spending(qs: QuerySet[Activity]) -> tuple[dict[str, Decimal], int]:
    """The budget spent by these activities per currency (USD and riel never added together,
    never converted) where it is recorded, and how many have none recorded."""
    spent = {
        row["budget_currency"]: row["total"]
        for row in qs.filter(budget_spent__isnull=False)
        .order_by("budget_currency")
        .values("budget_currency")
        .annotate(total=Sum("budget_spent"))
    }
    return spent, qs.filter(budget_spent__isnull=True).count()


def remaining(project: Project, spent: dict[str, Decimal]) -> Decimal | None:
    """The project's budget less what its activities spent in the budget's currency (amounts
    in another currency are shown apart, never converted)."""
    if project.budget is None:
        return None
    return project.budget - spent.get(project.currency, Decimal(0))
