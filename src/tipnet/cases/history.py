"""The proceedings rules asked again of a corrected history (a step re-dated or withdrawn, a
charge or a verdict corrected or withdrawn, a person's role changed): pure functions over
frozen facts, like :mod:`tipnet.cases.stages`, whose rules they replay.

A correction is refused when the proceedings it leaves could not have been recorded step by
step, and the reason names what to change first ("correct or withdraw that step first").
A history that was already refused before the change (written by an older importer, say) is
not held against an unrelated correction: only a new refusal counts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.utils.translation import gettext as _

from tipnet.cases.stages import (
    ProceedingKind,
    RefusedStep,
    StepFacts,
    check_new_charge,
    check_step,
    stage_of,
)
from tipnet.core.numbers import day

K = ProceedingKind


@dataclass(frozen=True)
class Step:
    """A step in force: its key (the step's id, its place among the steps of one day)."""

    key: int
    kind: str
    on: date

    @property
    def label(self) -> str:
        return str(ProceedingKind(self.kind).label)


@dataclass(frozen=True)
class Proceedings:
    """A suspect's steps in force, and their charges in force (how many have no verdict)."""

    steps: tuple[Step, ...]
    charges: int
    undecided: int

    def ordered(self) -> list[Step]:
        return sorted(self.steps, key=lambda s: (s.on, s.key))

    def without(self, key: int) -> Proceedings:
        return replace(self, steps=tuple(s for s in self.steps if s.key != key))

    def moved(self, key: int, on: date) -> Proceedings:
        return replace(self, steps=tuple(replace(s, on=on) if s.key == key else s
                                         for s in self.steps))  # fmt: skip


def first_refusal(p: Proceedings, today: date) -> tuple[Step, str] | None:
    """The first step of ``p`` (in date order) the rules would refuse, and why."""
    done: list[str] = []
    last: date | None = None
    for step in p.ordered():
        facts = StepFacts(
            stage=stage_of(done),
            last_date=last,
            has_charges=p.charges > 0,
            undecided_charges=p.undecided,
            arrested=K.ARREST in done,
        )
        try:
            check_step(facts, step.kind, step.on, today)
        except RefusedStep as refused:
            return step, str(refused.message)
        done.append(step.kind)
        last = step.on
    return None


def check_change(
    before: Proceedings, after: Proceedings, today: date, changed: int | None = None
) -> None:
    """Refuse (:class:`RefusedStep`) proceedings ``after`` a change that the rules would not
    have allowed; ``changed`` is the key of the step re-dated, if one was."""
    refused = first_refusal(after, today)
    if refused is None:
        return
    step, reason = refused
    old = first_refusal(before, today)
    if old is not None and (old[0].key, old[1]) == (step.key, reason) and step.key != changed:
        return  # refused already before this change, for the same reason
    order = after.ordered()
    if changed is not None and step.key == changed:
        index = order.index(step)
        if index == 0:
            raise RefusedStep(reason)
        previous = order[index - 1]
        raise RefusedStep(
            _(
                "%(reason)s Dated %(date)s, “%(step)s” would come after “%(previous)s” "
                "(%(previous_date)s): correct or withdraw that step first, or choose another date."
            )
            % {"reason": reason, "date": day(step.on), "step": step.label,
               "previous": previous.label, "previous_date": day(previous.on)}
        )  # fmt: skip
    if changed is not None:
        keys_before = [s.key for s in before.ordered()]
        keys_after = [s.key for s in order]
        moved = next(s for s in order if s.key == changed)
        if (
            step.key in keys_before
            and keys_before.index(changed) < keys_before.index(step.key)
            and keys_after.index(changed) > keys_after.index(step.key)
        ):
            raise RefusedStep(
                _(
                    "Dated %(date)s, “%(step)s” would come after “%(other)s” (%(other_date)s), "
                    "which follows it in these proceedings: correct or withdraw “%(other)s” "
                    "first, or choose a date up to %(other_date)s."
                )
                % {"date": day(moved.on), "step": moved.label, "other": step.label,
                   "other_date": day(step.on)}
            )  # fmt: skip
    raise RefusedStep(
        _(
            "After this change, “%(step)s” (%(date)s) could no longer stand: %(reason)s "
            "Correct or withdraw that step first."
        )
        % {"step": step.label, "date": day(step.on), "reason": reason}
    )


def check_charge_correction(others: Collection[int], offence: int, on: date, today: date) -> None:
    """A corrected charge: one charge per offence (``others``: the offences of the suspect's
    other charges in force), not dated in the future. Unlike a new charge it may be corrected
    after the closing order: the article was mistyped then, not added."""
    check_new_charge(others, offence)
    if on > today:
        raise RefusedStep(_("A charge cannot be dated in the future."))


def check_charge_withdrawal(verdict: str) -> None:
    """A charge with a verdict in force keeps it: the verdict is withdrawn first (often by
    another organisation: the court that gave it)."""
    if verdict:
        raise RefusedStep(_("This charge has a verdict: withdraw the verdict first."))


def check_has_verdict(verdict: str) -> None:
    if not verdict:
        raise RefusedStep(_("This charge has no verdict to correct or withdraw."))


def check_role_change(
    role_before: str, role_after: str, proceedings: int, already: Iterable[str]
) -> None:
    """A person's role in a case, corrected: a suspect with steps or charges in force keeps
    the role until those are withdrawn; a person holds each role once (``already``: their
    other roles in force in the case)."""
    if role_before == "suspect" and role_after != "suspect" and proceedings:
        raise RefusedStep(_("This person has steps or charges as a suspect: withdraw those first."))
    if role_after in set(already):
        raise RefusedStep(_("This person is already in the case with this role."))


def check_link_withdrawal(role: str, proceedings: int) -> None:
    if role == "suspect" and proceedings:
        raise RefusedStep(_("This person has steps or charges as a suspect: withdraw those first."))


def check_reason(reason: str) -> None:
    if not reason.strip():
        raise RefusedStep(_("Give the reason for the correction or withdrawal."))
