"""Proceedings against a suspect: the steps, the stage each leads to, and the rules.

This module is the one place that says which step may follow which. Rules:
- arrest or warrant, then the file goes to the prosecutor, then a judicial investigation;
- the closing order indicts or dismisses; no indictment without a charge;
- no trial before indictment; no verdict without a charge and a trial;
- an appeal only after a verdict; a final judgment ends the proceedings;
- every step is dated on or after the step before it, and not in the future;
- each step names, if any, an organisation of the kind that takes it (``STEP_ORGANISATIONS``):
  the prosecutor's office and court a step names become partners who see and change the case;
- a suspect is charged once per offence, and each charge gets one verdict (appeals change it);
- a sentence fits its verdict (:func:`sentence_problems`);
- a suspect at large (an arrest warrant, never arrested) is tried in absentia: a verdict needs
  no arrest, and a conviction is one in absentia (:func:`check_presence`);
- an appeal is heard by a higher court than the one that judged (:func:`appeal_problems`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.roles import OrganisationKind
from tipnet.core.numbers import day

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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
ORG = OrganisationKind
# The kinds of organisation each step may name (the organisation is optional for every step).
# The police investigate and arrest; a warrant is asked for by the police and issued by the
# investigating judge, so either may be named; the file goes to a prosecutor's office; from the
# judicial investigation on, the judges of a court act (the investigating judge's closing
# order, the trial, the verdict, the appeal and the final judgment). The forwarded step makes
# its office the case's prosecutor's office and the court steps make theirs the case's court:
# partners who see and change the case (tipnet.accounts.access), so a police unit may not be
# named there.
STEP_ORGANISATIONS: dict[str, frozenset[str]] = {
    K.INVESTIGATION: frozenset({ORG.POLICE_UNIT}), K.ARREST: frozenset({ORG.POLICE_UNIT}),
    K.WARRANT: frozenset({ORG.POLICE_UNIT, ORG.COURT}), K.FORWARDED: frozenset({ORG.PROSECUTION}),
    **{kind: frozenset({ORG.COURT}) for kind in (
        K.JUDICIAL_INVESTIGATION, K.INDICTED, K.DISMISSED, K.TRIAL, K.VERDICT, K.APPEAL,
        K.APPEAL_DECIDED, K.FINAL,
    )},
}  # fmt: skip


@dataclass(frozen=True)
class StepFacts:
    """What the rules need to know about a suspect's proceedings so far."""

    stage: str
    last_date: date | None
    has_charges: bool
    undecided_charges: int
    arrested: bool
    # At large (a fact of the suspect, :func:`is_at_large`): never arrested, tried in absentia.
    at_large: bool = False


class RefusedStep(Exception):
    """A step the rules do not allow; ``message`` says why, in the user's language."""

    def __init__(self, message: StrOrPromise) -> None:
        super().__init__(message)
        self.message = message


def step_choices(stage: str) -> list[str]:
    """The steps a user may record next, in the order of the proceedings (verdicts are
    recorded on each charge, not as a step of their own)."""
    allowed = NEXT_STEPS.get(stage, set()) - {ProceedingKind.VERDICT}
    return sorted(allowed, key=[k.value for k in ProceedingKind].index)


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
            % {"step": label, "date": day(facts.last_date)}
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


def organisation_kinds(kinds: Iterable[str]) -> set[str]:
    """The kinds of organisation any of these steps may name (for a form's choices)."""
    return {o for kind in kinds for o in STEP_ORGANISATIONS[ProceedingKind(kind)]}


def check_step_organisation(kind: str, organisation_kind: str | None) -> None:
    """Raise :class:`RefusedStep` unless a ``kind`` step may name an organisation of
    ``organisation_kind`` (``None`` or ``""``: no organisation, always allowed)."""
    if not organisation_kind:
        return
    allowed = STEP_ORGANISATIONS[ProceedingKind(kind)]
    if organisation_kind not in allowed:
        names = " / ".join(sorted(str(OrganisationKind(o).label) for o in allowed))
        raise RefusedStep(
            _("For “%(step)s” choose an organisation of the kind: %(kinds)s.")
            % {"step": ProceedingKind(kind).label, "kinds": names}
        )


def check_new_charge(charged: Collection[int], offence: int) -> None:
    """One charge per offence: ``charged`` holds the offences the suspect is charged with."""
    if offence in charged:
        raise RefusedStep(_("This suspect is already charged with this offence."))


def check_undecided(verdict: str) -> None:
    """One verdict per charge: ``verdict`` is the charge's verdict so far ("" = none)."""
    if verdict:
        raise RefusedStep(_("This charge already has a verdict; record an appeal to change it."))


# The sentence ----------------------------------------------------------------------------

NO_SENTENCE = {Verdict.ACQUITTED, Verdict.DISMISSED}
PRISON = ("prison_years", "prison_months", "prison_days")
SUSPENDED = ("suspended_years", "suspended_months", "suspended_days")
AMOUNTS = (("fine_amount", "fine_currency"), ("compensation_amount", "compensation_currency"))


@dataclass(frozen=True)
class Sentence:
    """A verdict on a charge and its sentence, as given (``None``: not given). The names are
    those of the charge's fields and of the import's columns."""

    verdict: str = ""
    verdict_on: date | None = None
    prison_years: int | None = None
    prison_months: int | None = None
    prison_days: int | None = None
    suspended_years: int | None = None
    suspended_months: int | None = None
    suspended_days: int | None = None
    fine_amount: Decimal | None = None
    fine_currency: str = ""
    compensation_amount: Decimal | None = None
    compensation_currency: str = ""

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Sentence:
        """From a form's cleaned data or a row: the known names, ``None`` left as not given."""
        given = {f.name: data[f.name] for f in fields(cls) if data.get(f.name) is not None}
        return cls(**given)

    def days(self, names: tuple[str, str, str]) -> int:
        years, months, days = (getattr(self, name) or 0 for name in names)
        return years * 365 + months * 30 + days


@dataclass(frozen=True)
class Problem:
    """What is wrong, and the fields at fault (none: the whole verdict)."""

    message: str
    fields: tuple[str, ...] = ()


def sentence_problems(s: Sentence) -> list[Problem]:
    """Everything wrong with a verdict and its sentence; zeros are no sentence (sheets often
    fill the sentence columns on every row)."""
    problems = []
    if s.verdict and s.verdict_on is None:
        problems.append(Problem(str(_("Give the date of the verdict.")), ("verdict_on",)))
    if not s.verdict and s.verdict_on is not None:
        problems.append(Problem(str(_("Give the verdict given on this date.")), ("verdict",)))
    for name in ("prison_months", "suspended_months"):
        if (getattr(s, name) or 0) > 11:
            message = _("Months must be 0 to 11; put whole years in years.")
            problems.append(Problem(str(message), (name,)))
    for amount, currency in AMOUNTS:
        value = getattr(s, amount)
        if value is not None and not getattr(s, currency):
            problems.append(Problem(str(_("Give the currency.")), (currency,)))
        if value is not None and value < 0:
            problems.append(Problem(str(_("An amount cannot be negative.")), (amount,)))
    sentence = tuple(name for name in (*PRISON, "fine_amount") if getattr(s, name))
    if sentence and not s.verdict:
        problems.append(Problem(str(_("A sentence needs a verdict.")), ("verdict", *sentence)))
    elif sentence and s.verdict in NO_SENTENCE:
        message = _("An acquittal or dismissal carries no sentence.")
        problems.append(Problem(str(message), sentence))
    if s.days(SUSPENDED) > s.days(PRISON):
        message = _("The suspended part cannot be longer than the prison sentence.")
        problems.append(Problem(str(message), SUSPENDED))
    return problems


def check_sentence(s: Sentence) -> None:
    """Raise :class:`RefusedStep` with the first of :func:`sentence_problems`."""
    problems = sentence_problems(s)
    if problems:
        raise RefusedStep(problems[0].message)


# Suspects at large ------------------------------------------------------------------------


def is_at_large(kinds: Collection[str], marked: bool | None = None) -> bool:
    """Whether a suspect is at large: as ``marked`` (a court return says so, or not), else
    when an arrest warrant was issued and no arrest is recorded."""
    if marked is not None:
        return marked
    return K.WARRANT in kinds and K.ARREST not in kinds


def check_at_large(kinds: Collection[str]) -> None:
    """A suspect marked at large has an arrest warrant and was never arrested; ``kinds`` are
    the kinds of their steps."""
    if K.ARREST in kinds:
        raise RefusedStep(
            _("A suspect at large was never arrested: remove the arrest or the mark “at large”.")
        )
    if K.WARRANT not in kinds:
        raise RefusedStep(_("A suspect at large needs the arrest warrant: give its date."))


def check_presence(facts: StepFacts, verdict: str) -> None:
    """A verdict needs no arrest; but a suspect at large is tried in absentia, so a conviction
    of them is a conviction in absentia (a suspect arrested may still be convicted in absentia:
    released or escaped before the trial)."""
    if facts.at_large and verdict == Verdict.CONVICTED:
        raise RefusedStep(
            _("This suspect is at large (never arrested): a conviction is “Convicted in absentia”.")
        )


# Appeals ---------------------------------------------------------------------------------

COURT_RANK = {CourtLevel.FIRST_INSTANCE: 0, CourtLevel.APPEAL: 1, CourtLevel.SUPREME: 2}


@dataclass(frozen=True)
class Appeal:
    """An appeal against a verdict, as given (``None`` / ``""``: not given); the names are the
    import's columns."""

    verdict_court_level: str = ""
    appeal_on: date | None = None
    appeal_court_level: str = ""
    appeal_decided_on: date | None = None
    appeal_outcome: str = ""

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Appeal:
        given = {f.name: data[f.name] for f in fields(cls) if data.get(f.name) is not None}
        return cls(**given)


def appeal_problems(a: Appeal) -> list[Problem]:
    """Everything wrong with an appeal on its own (its order after the verdict is
    :func:`check_step`'s): lodged before decided, decided with an outcome, before a higher
    court than the one that judged."""
    problems = []
    later = tuple(
        name
        for name in ("appeal_court_level", "appeal_decided_on", "appeal_outcome")
        if getattr(a, name)
    )
    if later and a.appeal_on is None:
        problems.append(Problem(str(_("Give the date the appeal was lodged.")), ("appeal_on",)))
    if a.appeal_outcome and a.appeal_decided_on is None:
        message = _("Give the date the appeal was decided.")
        problems.append(Problem(str(message), ("appeal_decided_on",)))
    if a.appeal_decided_on is not None and not a.appeal_outcome:
        problems.append(Problem(str(_("Give the outcome of the appeal.")), ("appeal_outcome",)))
    if a.appeal_court_level == CourtLevel.FIRST_INSTANCE:
        message = _("An appeal is heard by the Court of Appeal or the Supreme Court.")
        problems.append(Problem(str(message), ("appeal_court_level",)))
    elif (
        a.appeal_court_level
        and a.verdict_court_level
        and COURT_RANK[CourtLevel(a.appeal_court_level)]
        <= COURT_RANK[CourtLevel(a.verdict_court_level)]
    ):
        message = _("An appeal goes to a higher court than the one that gave the verdict.")
        problems.append(Problem(str(message), ("appeal_court_level",)))
    return problems
