"""What is stored about proceedings besides the steps and charges themselves, kept in one place.

- a suspect's ``stage`` (:func:`tipnet.cases.stages.stage_of` of the steps, in date order) and
  a case's ``stage`` (the furthest of its suspects');
- a suspect's summary for the pipeline: the first arrest and the first verdict date, whether a
  charge has a verdict and whether one is a conviction.

Every write path (the services, the importer, the synthetic data) ends by storing what
:func:`refresh` computes here; :func:`summary_problems` finds rows where they differ.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Subquery

from tipnet.cases.models import Case, CasePerson, Charge, ProceedingStep
from tipnet.cases.stages import CONVICTIONS, ProceedingKind, furthest, stage_of

SUMMARY_FIELDS = ("arrested_on", "first_verdict_on", "decided", "convicted")
CHUNK = 1000


def summary_expressions() -> dict[str, Any]:
    """The summary columns of a suspect, as SQL expressions over its steps and charges."""
    steps = ProceedingStep.objects.filter(suspect=OuterRef("pk")).order_by("date", "id")
    charges = Charge.objects.filter(suspect=OuterRef("pk"))
    return {
        "arrested_on": Subquery(steps.filter(kind=ProceedingKind.ARREST).values("date")[:1]),
        "first_verdict_on": Subquery(steps.filter(kind=ProceedingKind.VERDICT).values("date")[:1]),
        "decided": Exists(charges.exclude(verdict="")),
        "convicted": Exists(charges.filter(verdict__in=CONVICTIONS)),
    }


def summarise(steps: Sequence[tuple[str, date]], verdicts: Iterable[str]) -> dict[str, Any]:
    """What :func:`refresh` stores for a suspect, computed from its steps (kind, date) in the
    order recorded and its charges' verdicts, for rows written in bulk (the importer's new
    suspects, synthetic data); :func:`summary_problems` checks both ways agree."""
    ordered = sorted(steps, key=lambda step: step[1])  # stable: recorded order within a day
    given = list(verdicts)
    return {
        "stage": stage_of(kind for kind, _on in ordered),
        "arrested_on": min((on for k, on in ordered if k == ProceedingKind.ARREST), default=None),
        "first_verdict_on": min(
            (on for k, on in ordered if k == ProceedingKind.VERDICT), default=None
        ),
        "decided": any(given),
        "convicted": any(v in CONVICTIONS for v in given),
    }


def _chunks(items: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _set(model: type[Case] | type[CasePerson], stages: dict[int, str]) -> None:
    by_stage: dict[str, list[int]] = defaultdict(list)
    for pk, stage in stages.items():
        by_stage[stage].append(pk)
    for stage, pks in by_stage.items():
        for chunk in _chunks(pks):
            model.objects.filter(pk__in=chunk).exclude(stage=stage).update(stage=stage)


def refresh(suspect_ids: Iterable[int], case_ids: Iterable[int] = ()) -> None:
    """Store the stage and summary of these suspects, then the stage of these cases (and of
    the suspects' cases), in a few statements per thousand rows."""
    kinds: dict[int, list[str]] = {pk: [] for pk in suspect_ids}
    ordered = sorted(kinds)
    for chunk in _chunks(ordered):
        steps = ProceedingStep.objects.filter(suspect_id__in=chunk).order_by(
            "suspect_id", "date", "id"
        )
        for suspect_id, kind in steps.values_list("suspect_id", "kind"):
            kinds[suspect_id].append(kind)
        CasePerson.objects.filter(pk__in=chunk).update(**summary_expressions())
    _set(CasePerson, {pk: stage_of(k) for pk, k in kinds.items()})
    cases = set(case_ids)
    for chunk in _chunks(ordered):
        cases.update(CasePerson.objects.filter(pk__in=chunk).values_list("case_id", flat=True))
    stages: dict[int, list[str]] = {pk: [] for pk in cases}
    for chunk in _chunks(sorted(cases)):
        links = CasePerson.objects.filter(case_id__in=chunk, role="suspect")
        for case_id, stage in links.values_list("case_id", "stage"):
            stages[case_id].append(stage)
    _set(Case, {pk: furthest(s) for pk, s in stages.items()})


def summary_problems(suspects: Any = None) -> list[str]:
    """Suspects whose stored summary differs from what their steps and charges give."""
    qs = CasePerson.objects.filter(role="suspect") if suspects is None else suspects
    expected = {f"expected_{name}": expr for name, expr in summary_expressions().items()}
    problems = []
    rows = qs.annotate(**expected).values_list("pk", *SUMMARY_FIELDS, *expected)
    n = len(SUMMARY_FIELDS)
    for pk, *values in rows.iterator(chunk_size=2000):
        stored, computed = values[:n], values[n:]
        if list(stored) != list(computed):
            problems.append(
                f"suspect link {pk}: summary {dict(zip(SUMMARY_FIELDS, stored, strict=True))} "
                f"!= {dict(zip(SUMMARY_FIELDS, computed, strict=True))}"
            )
    return problems
