"""The proceedings rules of stages.py, run on each suspect's new steps in order."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from tipnet.cases.importer.columns import (
    STEPS_AFTER_CHARGES,
    STEPS_BEFORE_CHARGES,
    K,
    RowError,
)
from tipnet.cases.importer.grouping import Existing, Step, SuspectGroup
from tipnet.cases.stages import (
    RefusedStep,
    StepFacts,
    check_charge,
    check_step,
    check_verdict,
    stage_of,
)

if TYPE_CHECKING:
    pass

# The proceedings rules ---------------------------------------------------------------------


class Proceedings:
    """A suspect's proceedings in memory, grown one step at a time under the rules of
    stages.py; ``facts()`` gives what ``services.facts_of`` would read from the database."""

    def __init__(self, existing: Existing | None) -> None:
        self.steps: list[tuple[date, str]] = list(existing.steps) if existing else []
        self.verdicts: dict[int, str] = (
            {offence: verdict for offence, (_pk, verdict) in existing.charges.items()}
            if existing
            else {}
        )

    def facts(self) -> StepFacts:
        ordered = sorted(self.steps, key=lambda s: s[0])  # stable: recorded order within a day
        verdicts = list(self.verdicts.values())
        return StepFacts(
            stage=stage_of(kind for _on, kind in ordered),
            last_date=max((on for on, _kind in ordered), default=None),
            has_charges=bool(verdicts),
            undecided_charges=sum(1 for v in verdicts if not v),
            arrested=any(kind == K.ARREST for _on, kind in ordered),
        )

    def trial_date(self) -> date | None:
        return max((on for on, kind in self.steps if kind == K.TRIAL), default=None)


class Refused(Exception):
    def __init__(self, row: int, column: str, message: str) -> None:
        super().__init__(message)
        self.error = RowError(row, column, message)


def check_proceedings(suspect: SuspectGroup, today: date) -> RowError | None:
    """Plan one suspect's new steps, charges and verdicts, checking each with the rules of
    stages.py in the order they happen, after what is recorded. Only steps of a kind the
    suspect does not have yet and charges not yet recorded are new. The first refusal is the
    error: later ones would only follow from it."""
    proceedings = Proceedings(suspect.existing)
    recorded = {kind for _on, kind in proceedings.steps}
    try:
        _plan_steps(suspect, proceedings, STEPS_BEFORE_CHARGES, recorded, today)
        _plan_charges(suspect, proceedings, today)
        _plan_steps(suspect, proceedings, STEPS_AFTER_CHARGES, recorded, today)
        _plan_verdicts(suspect, proceedings, today)
    except Refused as refused:
        return refused.error
    return None


def _plan_steps(
    suspect: SuspectGroup,
    proceedings: Proceedings,
    columns: dict[str, str],
    recorded: set[str],
    today: date,
) -> None:
    for column, kind in columns.items():
        if column not in suspect.agreed or kind in recorded:
            continue
        on, number = suspect.agreed[column]
        try:
            check_step(proceedings.facts(), kind, on, today)
        except RefusedStep as refused:
            raise Refused(number, column, str(refused.message)) from None
        proceedings.steps.append((on, kind))
        suspect.new_steps.append(Step(kind, on))


def _plan_charges(suspect: SuspectGroup, proceedings: Proceedings, today: date) -> None:
    recorded = suspect.existing.charges if suspect.existing else {}
    rows = [r for r in suspect.rows if r.offence is not None and r.offence.pk not in recorded]
    for row in sorted(rows, key=lambda r: (r.charged_on or date.min, r.number)):
        assert row.charged_on is not None and row.offence is not None  # else the row failed
        facts = proceedings.facts()
        try:
            check_charge(facts, row.charged_on, today)
        except RefusedStep as refused:
            message = str(refused.message)
            if not facts.stage:  # the rule's words are for a suspect past the closing order
                message = _("A charge needs an earlier step: give at least the arrest date.")
            raise Refused(row.number, "charged_on", message) from None
        proceedings.verdicts[row.offence.pk] = ""
        suspect.new_charges.append(row)


def _plan_verdicts(suspect: SuspectGroup, proceedings: Proceedings, today: date) -> None:
    rows = [
        r
        for r in suspect.rows
        if r.verdict and r.offence is not None and not proceedings.verdicts.get(r.offence.pk)
    ]
    new = {r.number for r in suspect.new_charges}
    for row in sorted(rows, key=lambda r: (r.verdict_on or date.min, r.number)):
        assert row.verdict_on is not None and row.offence is not None
        facts = proceedings.facts()
        try:
            check_verdict(facts, facts.stage, proceedings.trial_date(), row.verdict_on, today)
        except RefusedStep as refused:
            raise Refused(row.number, "verdict_on", str(refused.message)) from None
        proceedings.verdicts[row.offence.pk] = row.verdict
        proceedings.steps.append((row.verdict_on, K.VERDICT))
        suspect.new_steps.append(Step(K.VERDICT, row.verdict_on, row))
        if row.number not in new:
            suspect.new_verdicts.append(row)
