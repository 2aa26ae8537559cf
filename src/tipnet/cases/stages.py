"""Proceedings against a suspect: the steps, the stage each leads to, and the rules.

This module is the one place that says which step may follow which. Rules:
- arrest or warrant, then the file goes to the prosecutor, then a judicial investigation;
- the closing order indicts or dismisses; no indictment without a charge;
- no trial before indictment; no verdict without a charge and a trial;
- an appeal only after a verdict; a final judgment ends the proceedings;
- every step is dated on or after the step before it, and not in the future.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProceedingKind(models.TextChoices):
    INVESTIGATION = "investigation", _("Police investigation opened")
    ARREST = "arrest", _("Arrested")
    WARRANT = "warrant", _("At large: arrest warrant issued")
    FORWARDED = "forwarded", _("File forwarded to the prosecutor")
    JUDICIAL_INVESTIGATION = "judicial_investigation", _("Judicial investigation opened")
    INDICTED = "indicted", _("Closing order: indicted for trial")
    DISMISSED = "dismissed", _("Closing order: charges dismissed")
    TRIAL = "trial", _("Trial")
    VERDICT = "verdict", _("Verdict")
    APPEAL = "appeal", _("Appeal lodged")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
    FINAL = "final", _("Final judgment")


class Stage(models.TextChoices):
    """Where a suspect's proceedings stand (the pipeline's columns), in order."""

    INVESTIGATION = "investigation", _("Under investigation")
    AT_LARGE = "at_large", _("At large")
    ARRESTED = "arrested", _("Arrested")
    PROSECUTION = "prosecution", _("With the prosecutor")
    JUDICIAL_INVESTIGATION = "judicial_investigation", _("Judicial investigation")
    INDICTED = "indicted", _("Indicted")
    DISMISSED = "dismissed", _("Dismissed")
    TRIAL = "trial", _("On trial")
    VERDICT = "verdict", _("Verdict given")
    APPEAL = "appeal", _("On appeal")
    FINAL = "final", _("Final judgment")


class Verdict(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    CONVICTED_IN_ABSENTIA = "convicted_in_absentia", _("Convicted in absentia")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed")


# Order of the stages, for "the most advanced stage" of a case.
STAGE_RANK = {stage: rank for rank, stage in enumerate(Stage)}


def furthest(stages: Iterable[str]) -> str:
    present = [s for s in stages if s]
    return max(present, key=lambda s: STAGE_RANK[Stage(s)]) if present else ""


CONVICTIONS = {Verdict.CONVICTED, Verdict.CONVICTED_IN_ABSENTIA}


class CourtLevel(models.TextChoices):
    FIRST_INSTANCE = "first_instance", _("Court of first instance")
    APPEAL = "appeal", _("Court of Appeal")
    SUPREME = "supreme", _("Supreme Court")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Judgment upheld")
    OVERTURNED = "overturned", _("Judgment overturned")
    MODIFIED = "modified", _("Sentence modified")
    RETRIAL = "retrial", _("Sent back for retrial")


class Currency(models.TextChoices):
    KHR = "KHR", _("Riel (KHR)")
    USD = "USD", _("US dollar (USD)")
    THB = "THB", _("Thai baht (THB)")


K = ProceedingKind
# The stage each step leads to.
STAGE_AFTER = {
    K.INVESTIGATION: Stage.INVESTIGATION, K.ARREST: Stage.ARRESTED, K.WARRANT: Stage.AT_LARGE,
    K.FORWARDED: Stage.PROSECUTION, K.JUDICIAL_INVESTIGATION: Stage.JUDICIAL_INVESTIGATION,
    K.INDICTED: Stage.INDICTED, K.DISMISSED: Stage.DISMISSED, K.TRIAL: Stage.TRIAL,
    K.VERDICT: Stage.VERDICT, K.APPEAL: Stage.APPEAL, K.APPEAL_DECIDED: Stage.VERDICT,
    K.FINAL: Stage.FINAL,
}  # fmt: skip
# The steps allowed from each stage ("" = no step yet).
NEXT_STEPS: dict[str, set[str]] = {
    "": {K.INVESTIGATION, K.ARREST, K.WARRANT},
    Stage.INVESTIGATION: {K.ARREST, K.WARRANT, K.FORWARDED},
    Stage.AT_LARGE: {K.ARREST, K.FORWARDED},
    Stage.ARRESTED: {K.FORWARDED},
    Stage.PROSECUTION: {K.JUDICIAL_INVESTIGATION, K.ARREST},
    Stage.JUDICIAL_INVESTIGATION: {K.INDICTED, K.DISMISSED, K.ARREST},
    Stage.INDICTED: {K.TRIAL, K.ARREST},
    Stage.DISMISSED: set(),
    Stage.TRIAL: {K.VERDICT},
    Stage.VERDICT: {K.VERDICT, K.APPEAL, K.FINAL},
    Stage.APPEAL: {K.APPEAL_DECIDED},
    Stage.FINAL: set(),
}  # fmt: skip
# Stages at which charges may be added (before the trial).
CHARGEABLE = {Stage.INVESTIGATION, Stage.AT_LARGE, Stage.ARRESTED, Stage.PROSECUTION,
              Stage.JUDICIAL_INVESTIGATION}  # fmt: skip


@dataclass(frozen=True)
class StepFacts:
    """What the rules need to know about a suspect's proceedings so far."""

    stage: str
    last_date: date | None
    has_charges: bool
    undecided_charges: int
    arrested: bool


class RefusedStep(Exception):
    """A step the rules do not allow; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def step_choices(stage: str) -> list[str]:
    """The steps a user may record next, in the order of the proceedings (verdicts are
    recorded on each charge, not as a step of their own)."""
    allowed = NEXT_STEPS.get(stage, set()) - {ProceedingKind.VERDICT}
    return sorted(allowed, key=list(ProceedingKind).index)


def stage_of(steps: Iterable[str]) -> str:
    """The stage after these steps (in order); arrest after a warrant keeps the later stage."""
    stage = ""
    for kind in steps:
        after = STAGE_AFTER[ProceedingKind(kind)]
        if kind == K.ARREST and stage not in ("", Stage.INVESTIGATION, Stage.AT_LARGE):
            continue  # an arrest later in the proceedings does not move them back
        stage = after
    return stage


def check_step(facts: StepFacts, kind: str, on: date, today: date) -> None:
    """Raise :class:`RefusedStep` unless ``kind`` may follow, dated ``on``."""
    label = ProceedingKind(kind).label
    if on > today:
        raise RefusedStep(_("A step cannot be dated in the future."))
    if facts.last_date and on < facts.last_date:
        raise RefusedStep(
            _("“%(step)s” is dated before the previous step (%(date)s): dates must be in order.")
            % {"step": label, "date": facts.last_date.isoformat()}
        )
    if kind == K.ARREST and facts.arrested:
        raise RefusedStep(_("This suspect is already recorded as arrested."))
    if kind not in NEXT_STEPS.get(facts.stage, set()):
        raise RefusedStep(_why_not(facts, kind))
    if kind == K.INDICTED and not facts.has_charges:
        raise RefusedStep(_("An indictment needs at least one charge: add the charges first."))
    if kind == K.FINAL and facts.undecided_charges:
        raise RefusedStep(_("Every charge needs a verdict before the judgment becomes final."))


def _why_not(facts: StepFacts, kind: str) -> str:
    if kind == K.TRIAL:
        return str(_("No trial before indictment: record the closing order first."))
    if kind == K.VERDICT:
        return str(_("No verdict before the trial, and none without a charge."))
    if kind in (K.APPEAL, K.APPEAL_DECIDED):
        return str(_("An appeal can only follow a verdict."))
    if kind in (K.INDICTED, K.DISMISSED):
        return str(_("A closing order comes after the judicial investigation."))
    if facts.stage in (Stage.DISMISSED, Stage.FINAL):
        return str(_("These proceedings are closed: no further step can be added."))
    return str(
        _("“%(step)s” cannot follow the stage “%(stage)s”.")
        % {
            "step": ProceedingKind(kind).label,
            "stage": Stage(facts.stage).label if facts.stage else "—",
        }
    )


def check_charge(facts: StepFacts, on: date, today: date) -> None:
    if facts.stage not in CHARGEABLE:
        raise RefusedStep(_("Charges are added before the closing order; this suspect is past it."))
    if on > today:
        raise RefusedStep(_("A charge cannot be dated in the future."))


def check_verdict(
    facts: StepFacts, stage: str, trial_date: date | None, on: date, today: date
) -> None:
    if stage not in (Stage.TRIAL, Stage.VERDICT) or trial_date is None:
        raise RefusedStep(_("No verdict before the trial, and none without a charge."))
    if on > today:
        raise RefusedStep(_("A verdict cannot be dated in the future."))
    if on < trial_date:
        raise RefusedStep(_("The verdict is dated before the trial: dates must be in order."))
