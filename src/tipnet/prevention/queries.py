"""Reading prevention work for the pages: the activities a user may list, filtered, and the
facts of their reach (reach.py computes the figures)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from tipnet.accounts.access import Action, Resource, organisation_ids, scopes_for, visible
from tipnet.prevention import reach, rules
from tipnet.prevention.models import Activity, Attendance, ParticipantCount


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    province: str = ""
    start: date | None = None
    end: date | None = None


def activities(user: Any, filters: Filters, action: Action = Action.LIST) -> QuerySet[Activity]:
    qs = visible(user, Resource.PREVENTION, Activity.objects.all(), action)
    if filters.kind:
        qs = qs.filter(kind__code=filters.kind)
    if filters.province:
        code = filters.province
        qs = qs.filter(Q(place__path=code) | Q(place__path__startswith=f"{code}."))
    if filters.start:
        qs = qs.filter(held_on__gte=filters.start)
    if filters.end:
        qs = qs.filter(held_on__lte=filters.end)
    return qs


def overdue_actions(user: Any, today: date) -> QuerySet[Any]:
    """Open actions past their due date, of the activities the user may see, and those owned
    by the user's organisation (or one below it) whoever recorded the activity: an action given
    to a commune council at another organisation's workshop shows for the council. The overdue
    list and the count on the home page ask the same. Only for users who may list prevention
    work; an owner who cannot see the activity sees the action, never the activity's page."""
    from tipnet.prevention.models_plans import OPEN_STATUSES, PlanAction

    if not scopes_for(user, Action.LIST, Resource.PREVENTION):
        return PlanAction.objects.none()
    seen = visible(user, Resource.PREVENTION, Activity.objects.all())
    mine = Q(plan__activity__in=seen.values("pk"))
    if user.organisation_id:
        mine |= Q(owner_organisation_id__in=organisation_ids(user))
    return PlanAction.objects.filter(mine, status__in=OPEN_STATUSES, due_on__lt=today)


def _levels(path: str) -> tuple[str, str, str]:
    """Province, district and commune codes of a gazetteer path ("" below its level)."""
    parts = [*path.split("."), "", ""]
    return parts[0], parts[1], parts[2]


def facts(qs: QuerySet[Activity]) -> tuple[list[reach.Attended], list[reach.Counted]]:
    """The attendances and count cells of these activities, as reach.py's facts."""
    ids = qs.values("pk")
    topics: dict[int, list[str]] = {}
    through = Activity.topics.through.objects.filter(activity_id__in=ids)
    for activity_id, code in through.values_list("activity_id", "topic__code"):
        topics.setdefault(activity_id, []).append(code)
    attended = []
    rows = Attendance.objects.filter(activity__in=ids).select_related(
        "participant", "activity__kind", "activity__place"
    )
    for a in rows.iterator(chunk_size=2000):
        act, p = a.activity, a.participant
        province, district, commune = _levels(act.place.path)
        attended.append(reach.Attended(
            person=p.pk, activity=act.pk, held_on=act.held_on, province=province,
            kind=act.kind.code, sex=p.sex, age_band=rules.age_band_on(p, act.held_on),
            role=p.role, district=district, commune=commune,
            topics=tuple(sorted(topics.get(act.pk, ()))),
            organisation=str(act.owner_organisation_id),
        ))  # fmt: skip
    counted = [
        reach.Counted(activity=pk, province=_levels(path)[0], kind=kind, sex=sex, age_band=band,
                      role=role, count=n, district=_levels(path)[1], commune=_levels(path)[2],
                      topics=tuple(sorted(topics.get(pk, ()))), organisation=str(org))
        for pk, path, kind, sex, band, role, n, org in ParticipantCount.objects.filter(
            activity__in=ids
        ).values_list("activity_id", "activity__place__path", "activity__kind__code", "sex",
                      "age_band", "role", "count", "activity__owner_organisation_id",
                      ).iterator(chunk_size=5000)
    ]  # fmt: skip
    return attended, counted
