"""Lists and figures of victim protection, always through the access-control module."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Any

from django.db.models import Q, QuerySet

from tipnet.accounts.access import Action, Resource, visible
from tipnet.protection import rules
from tipnet.protection.codes import Stage
from tipnet.protection.models import FollowUp, ProtectionCase, Referral, ServiceOffering


def cases_for(user: Any, data: dict[str, Any]) -> QuerySet[ProtectionCase]:
    qs = visible(user, Resource.PROTECTION, ProtectionCase.objects.all())
    if data.get("stage"):
        qs = qs.filter(stage=data["stage"])
    if data.get("category"):
        qs = qs.filter(category=data["category"])
    if data.get("mine"):
        qs = qs.filter(case_worker=user)
    return qs.select_related("person", "owner_organisation", "place", "case_worker")


def open_follow_ups(user: Any, everyone: bool = False) -> QuerySet[FollowUp]:
    """Visits not yet made of open cases: the user's own, or (``everyone``) those of every
    case the user may change, with their case worker."""
    cases = visible(user, Resource.PROTECTION, ProtectionCase.objects.all(), Action.CHANGE)
    qs = FollowUp.objects.filter(visited_on__isnull=True, case__in=cases).exclude(
        case__stage=Stage.CLOSED
    )
    if not everyone:
        qs = qs.filter(case__case_worker=user)
    return qs.select_related("case__person", "case__case_worker").order_by("due_on", "id")


def referrals_for(user: Any) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(rules.referral_parties(user))
        .select_related("from_organisation", "to_organisation", "offering__area")
        .order_by("-requested_on", "-id")
    )


def directory(service: str = "", province: str = "") -> QuerySet[ServiceOffering]:
    """Active services; in a province means anywhere in it, or nationwide."""
    qs = ServiceOffering.objects.filter(is_active=True, organisation__is_active=True)
    if service:
        qs = qs.filter(service=service)
    if province:
        qs = qs.filter(
            Q(area__isnull=True) | Q(area__path=province) | Q(area__path__startswith=province + ".")
        )
    return qs.select_related("organisation", "area")


@dataclass
class Indicators:
    """The national minimum standards indicators for one group of cases."""

    label: str
    cases: int = 0
    with_consent: int = 0
    assessed_in_time: int = 0
    with_care_plan: int = 0
    visits_due: int = 0
    visits_on_time: int = 0
    days_to_close: list[int] = field(default_factory=list)

    @staticmethod
    def share(part: int, whole: int) -> str:
        return f"{round(100 * part / whole)}%" if whole else "—"

    @property
    def consent_share(self) -> str:
        return self.share(self.with_consent, self.cases)

    @property
    def assessment_share(self) -> str:
        return self.share(self.assessed_in_time, self.cases)

    @property
    def care_plan_share(self) -> str:
        return self.share(self.with_care_plan, self.cases)

    @property
    def visits_share(self) -> str:
        return self.share(self.visits_on_time, self.visits_due)

    @property
    def median_days_to_close(self) -> str:
        return f"{median(self.days_to_close):g}" if self.days_to_close else "—"

    @property
    def closed(self) -> int:
        return len(self.days_to_close)


def _add(row: Indicators, case: ProtectionCase, today: date, window: int) -> None:
    row.cases += 1
    row.with_consent += bool(case.consents.all())
    identified = min((i.identified_on for i in case.identifications.all()), default=None)
    assessed = min((a.assessed_on for a in case.assessments.all()), default=None)
    if identified and assessed and assessed <= identified + timedelta(days=window):
        row.assessed_in_time += 1
    row.with_care_plan += bool(case.care_plans.all())
    for visit in case.follow_ups.all():
        if visit.visited_on is not None or visit.due_on < today:
            if case.stage == Stage.CLOSED and visit.visited_on is None:
                continue  # a visit cancelled by the closure is not late
            row.visits_due += 1
            row.visits_on_time += bool(visit.visited_on and visit.visited_on <= visit.due_on)
    if case.closed_on:
        row.days_to_close.append((case.closed_on - case.opened_on).days)


def indicators(
    user: Any, year: int | None, province: str = "", today: date | None = None
) -> tuple[Indicators, list[Indicators], list[Indicators]]:
    """All visible cases opened in ``year``: the total, by owner organisation, by province.
    Counts only; no names leave this function."""
    today = today or date.today()
    window = rules.assessment_window()
    # The cases of the user's own scopes: a referral's receiver does not count the case history
    # of the cases referred to it (the consent may not cover it).
    qs = visible(user, Resource.PROTECTION, ProtectionCase.objects.all(), related=False)
    if year:
        qs = qs.filter(opened_on__year=year)
    if province:
        qs = qs.filter(Q(place__path=province) | Q(place__path__startswith=province + "."))
    qs = qs.select_related("owner_organisation", "place").prefetch_related(
        "consents", "identifications", "assessments", "care_plans", "follow_ups"
    )
    total = Indicators(label="")
    by_org: dict[int, Indicators] = {}
    by_province: dict[str, Indicators] = {}
    provinces = _province_names()
    for case in qs:
        _add(total, case, today, window)
        org = by_org.setdefault(
            case.owner_organisation_id, Indicators(label=str(case.owner_organisation))
        )
        _add(org, case, today, window)
        code = case.place.path.split(".")[0]
        _add(by_province.setdefault(code, Indicators(label=provinces.get(code, code))), case,
             today, window)  # fmt: skip
    return (
        total,
        sorted(by_org.values(), key=lambda r: r.label),
        [by_province[c] for c in sorted(by_province)],
    )


def _province_names() -> dict[str, str]:
    from tipnet.geo.models import Area, AreaLevel

    return {a.code: a.name for a in Area.objects.filter(level=AreaLevel.PROVINCE)}
