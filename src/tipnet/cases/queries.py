"""Read side of the case database: filtered lists and the pipeline (timelines: timeline.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet

from tipnet.accounts.access import Resource, visible, visible_condition
from tipnet.cases.models import Case, CasePerson, Charge
from tipnet.cases.stages import Stage

if TYPE_CHECKING:
    pass


def filtered_cases(user: Any, data: dict[str, Any]) -> QuerySet[Case]:
    qs = visible(user, Resource.CASE, Case.objects.all())
    if data.get("q"):
        # A title, court file number or name is looked for only among the cases the user
        # identifies: a masked match would tell what a case it does not show is about.
        from tipnet.core.search import case_matches

        qs = case_matches(user, qs, data["q"].strip())
    if data.get("province"):
        qs = qs.filter(place__path__startswith=data["province"])
    if data.get("year"):
        qs = qs.filter(reported_on__year=data["year"])
    if data.get("stage"):
        qs = qs.filter(stage=data["stage"])
    if data.get("offence"):
        qs = qs.filter(
            pk__in=Charge.objects.filter(offence=data["offence"]).values("suspect__case_id")
        )
    if data.get("exploitation"):
        qs = qs.filter(exploitation_types__contains=f"|{data['exploitation']}|")
    if data.get("organisation"):
        qs = qs.filter(owner_organisation=data["organisation"])
    if data.get("officer"):
        qs = qs.filter(lead_officer=data["officer"])
    order = data.get("sort") or "-reported_on"
    return qs.order_by(order, "-id").select_related("place", "owner_organisation")


@dataclass
class Pipeline:
    cases_total: int = 0
    suspects_total: int = 0
    cases_by_stage: dict[str, int] = field(default_factory=dict)
    suspects_by_stage: dict[str, int] = field(default_factory=dict)
    suspects_decided: int = 0
    suspects_convicted: int = 0
    median_days_arrest_to_verdict: float | None = None

    @property
    def conviction_rate(self) -> float | None:
        if not self.suspects_decided:
            return None
        return self.suspects_convicted / self.suspects_decided

    def rows(self) -> list[tuple[str, str, int, int]]:
        """(stage code, label, cases, suspects) in the order of the proceedings."""
        rows = [("", str(_no_proceedings()), self.cases_by_stage.get("", 0), 0)]
        rows += [
            (
                s.value,
                str(s.label),
                self.cases_by_stage.get(s.value, 0),
                self.suspects_by_stage.get(s.value, 0),
            )
            for s in Stage
        ]
        return rows


def _no_proceedings() -> str:
    from django.utils.translation import gettext as _

    return _("No proceedings yet")


def pipeline(user: Any, year: int | None, province: str | None) -> Pipeline:
    result = Pipeline()
    seen = visible_condition(user, Resource.CASE, Case)
    if seen is None:
        return result
    cases = Case.objects.filter(seen, _case_filters(year, province))
    for row in cases.order_by().values("stage").annotate(n=Count("id")):
        result.cases_by_stage[row["stage"]] = row["n"]
    result.cases_total = sum(result.cases_by_stage.values())
    # Suspects are counted from their stored summary (cases/summary.py), not their steps, and
    # joined to their cases (an index-only lookup per case), not matched against a subquery.
    seen = visible_condition(user, Resource.CASE, Case, prefix="case__")
    assert seen is not None
    where = _case_filters(year, province, "case__")
    suspects = CasePerson.objects.filter(seen, where, role="suspect")
    # One pass over the suspects: by stage and by days from first arrest to first verdict.
    span = ExpressionWrapper(F("first_verdict_on") - F("arrested_on"), DurationField())
    rows = (
        suspects.order_by()
        .annotate(span=span)
        .values("stage", "span")
        .annotate(
            n=Count("id"),
            decided=Count("id", filter=Q(decided=True)),
            convicted=Count("id", filter=Q(convicted=True)),
        )
    )
    spans: list[tuple[int, int]] = []
    for row in rows:
        stage = row["stage"]
        result.suspects_by_stage[stage] = result.suspects_by_stage.get(stage, 0) + row["n"]
        result.suspects_decided += row["decided"]
        result.suspects_convicted += row["convicted"]
        if row["span"] is not None:
            spans.append((row["span"].days, row["n"]))
    result.suspects_total = sum(result.suspects_by_stage.values())
    result.median_days_arrest_to_verdict = weighted_median(spans)
    return result


def weighted_median(counts: list[tuple[int, int]]) -> float | None:
    """The median of values given as (value, how many times), as :func:`statistics.median`
    of the expanded list would give it (the mean of the two middle values for an even count)."""
    total = sum(n for _, n in counts)
    if not total:
        return None
    ordered = sorted(counts)
    middle = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value, n in ordered:
        while len(found) < 2 and middle[len(found)] < seen + n:
            found.append(value)
        seen += n
    return (found[0] + found[1]) / 2


def _case_filters(year: int | None, province: str | None, prefix: str = "") -> Q:
    where = Q()
    if year:
        where &= Q(**{f"{prefix}reported_on__year": year})
    if province:
        where &= Q(**{f"{prefix}place__path__startswith": province})
    return where
