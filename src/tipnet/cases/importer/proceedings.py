"""The proceedings rules of stages.py, run on each suspect's new steps in order."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.utils.translation import gettext as _

from tipnet.cases.importer.columns import (
    STEPS_AFTER_CHARGES,
    STEPS_AFTER_VERDICTS,
    STEPS_BEFORE_CHARGES,
    K,
    RowError,
    shown,
)
from tipnet.cases.importer.grouping import Existing, Step, SuspectGroup
from tipnet.cases.stages import (
    RefusedStep,
    StepFacts,
    check_at_large,
    check_charge,
    check_presence,
    check_step,
    check_verdict,
    is_at_large,
    stage_of,
)

# The proceedings rules ---------------------------------------------------------------------


class Proceedings:
    """A suspect's proceedings in memory, grown one step at a time under the rules of
    stages.py; ``facts()`` gives what ``services.facts_of`` would read from the database."""

    def __init__(self, existing: Existing | None, at_large: bool | None) -> None:
        self.steps: list[tuple[date, str]] = list(existing.steps) if existing else []
        self.verdicts: dict[int, str] = (
            {offence: verdict for offence, (_pk, verdict) in existing.charges.items()}
            if existing
            else {}
        )
        self.at_large = at_large  # as the file marks the suspect (None: not said)

    def facts(self) -> StepFacts:
        ordered = sorted(self.steps, key=lambda s: s[0])  # stable: recorded order within a day
        verdicts = list(self.verdicts.values())
        kinds = [kind for _on, kind in ordered]
        return StepFacts(
            stage=stage_of(kinds),
            last_date=max((on for on, _kind in ordered), default=None),
            has_charges=bool(verdicts),
            undecided_charges=sum(1 for v in verdicts if not v),
            arrested=K.ARREST in kinds,
            at_large=is_at_large(kinds, self.at_large),
        )

    def last_date(self) -> date:
        return max((on for on, _kind in self.steps), default=date.min)

    def trial_date(self) -> date | None:
        return max((on for on, kind in self.steps if kind == K.TRIAL), default=None)


def check_proceedings(suspect: SuspectGroup, today: date) -> list[RowError]:
    """Plan one suspect's new steps, charges and verdicts, checking each with the rules of
    stages.py in the order they happen, after what is recorded. Only steps of a kind the
    suspect does not have yet and charges not yet recorded are new.

    Every refusal is a problem, and the step refused is still taken as there (as the user will
    correct it), so that each later step is checked too: a verdict dated in the future is told
    with the missing indictment before it. A step whose cell could not be read is taken as
    there, undated, for the same reason (its cell has its problem already)."""
    proceedings = Proceedings(suspect.existing, suspect.value("suspect_at_large"))
    recorded = {kind for _on, kind in proceedings.steps}
    errors: list[RowError] = []
    _plan_steps(suspect, proceedings, STEPS_BEFORE_CHARGES, recorded, today, errors)
    if proceedings.at_large:
        try:
            check_at_large([kind for _on, kind in proceedings.steps])
        except RefusedStep as refused:
            _value, number = suspect.agreed["suspect_at_large"]
            errors.append(RowError(number, "suspect_at_large", str(refused.message), "yes"))
    _plan_charges(suspect, proceedings, today, errors)
    _plan_steps(suspect, proceedings, STEPS_AFTER_CHARGES, recorded, today, errors)
    _plan_verdicts(suspect, proceedings, today, errors)
    _plan_steps(suspect, proceedings, STEPS_AFTER_VERDICTS, recorded, today, errors)
    return errors


def _plan_steps(
    suspect: SuspectGroup,
    proceedings: Proceedings,
    columns: Mapping[str, str],
    recorded: set[str],
    today: date,
    errors: list[RowError],
) -> None:
    for column, kind in columns.items():
        if kind in recorded:
            continue
        if column in suspect.unknown:  # unreadable: there, on no date of its own
            proceedings.steps.append((proceedings.last_date(), kind))
            continue
        if column not in suspect.agreed:
            continue
        on, number = suspect.agreed[column]
        try:
            check_step(proceedings.facts(), kind, on, today)
        except RefusedStep as refused:
            errors.append(RowError(number, column, str(refused.message), shown(on)))
            proceedings.steps.append((proceedings.last_date(), kind))  # there, undated
            continue
        proceedings.steps.append((on, kind))
        suspect.new_steps.append(Step(kind, on, column=column))


def _plan_charges(
    suspect: SuspectGroup, proceedings: Proceedings, today: date, errors: list[RowError]
) -> None:
    recorded = suspect.existing.charges if suspect.existing else {}
    rows = []
    for row in suspect.rows:
        if row.offence is not None and row.offence.pk in recorded:
            continue
        if row.offence is None or row.charged_on is None:
            # A charge the row could not give (its cells have their problems): there, for
            # the rules that need a charge, with the verdict the row gives.
            if row.failed.intersection(("offence_article", "offence_law", "charged_on")):
                proceedings.verdicts[-row.number] = row.verdict
            continue
        rows.append(row)
    for row in sorted(rows, key=lambda r: (r.charged_on or date.min, r.number)):
        assert row.charged_on is not None and row.offence is not None
        facts = proceedings.facts()
        try:
            check_charge(facts, row.charged_on, today)
        except RefusedStep as refused:
            message = str(refused.message)
            if not facts.stage:  # the rule's words are for a suspect past the closing order
                message = _(
                    "A charge needs an earlier step: give at least the arrest or warrant date."
                )
            errors.append(RowError(row.number, "charged_on", message, shown(row.charged_on)))
        proceedings.verdicts[row.offence.pk] = ""
        suspect.new_charges.append(row)


def _plan_verdicts(
    suspect: SuspectGroup, proceedings: Proceedings, today: date, errors: list[RowError]
) -> None:
    rows = [
        r
        for r in suspect.rows
        if r.verdict and r.offence is not None and not proceedings.verdicts.get(r.offence.pk)
    ]
    new = {r.number for r in suspect.new_charges}
    for row in sorted(rows, key=lambda r: (r.verdict_on or date.min, r.number)):
        assert row.offence is not None
        if row.verdict_on is None:  # unreadable or missing: its cell has its problem
            proceedings.verdicts[row.offence.pk] = row.verdict
            proceedings.steps.append((proceedings.last_date(), K.VERDICT))
            continue
        facts = proceedings.facts()
        try:
            check_verdict(facts, facts.stage, proceedings.trial_date(), row.verdict_on, today)
        except RefusedStep as refused:
            errors.append(RowError(row.number, "verdict_on", str(refused.message),
                                   shown(row.verdict_on)))  # fmt: skip
            on = proceedings.last_date()  # there, undated
        else:
            on = row.verdict_on
        try:
            check_presence(facts, row.verdict)
        except RefusedStep as refused:
            errors.append(RowError(row.number, "verdict", str(refused.message), row.verdict))
        proceedings.verdicts[row.offence.pk] = row.verdict
        proceedings.steps.append((on, K.VERDICT))
        suspect.new_steps.append(Step(K.VERDICT, row.verdict_on, row))
        if row.number not in new:
            suspect.new_verdicts.append(row)
