"""The rules of corrections and reopening in victim protection, pure functions over frozen
facts like :mod:`tipnet.protection.rules` (which they extend): a correction or withdrawal of an
identification, an assessment or a care plan is checked on the history as it would be
afterwards; a closed case is reopened after its closure, with a reason; the category follows
the identifications in force. Every refusal names what unblocks it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from tipnet.core.numbers import day
from tipnet.protection.codes import Category, IdentificationResult, Stage
from tipnet.protection.rules import Refused, button, check_not_future

# Which category of case each identification result gives (a "not a victim" result leaves
# the category as it is: the case then closes, or goes on as a child at risk).
CATEGORY_OF_RESULT: dict[str, str] = {
    IdentificationResult.VICTIM: Category.VICTIM,
    IdentificationResult.POSSIBLE_VICTIM: Category.POSSIBLE_VICTIM,
    IdentificationResult.CHILD_AT_RISK: Category.CHILD_AT_RISK,
}


def check_reopen(stage: str, closed_on: date | None, on: date, today: date, reason: str) -> None:
    if stage != Stage.CLOSED:
        raise Refused(_("This case is open: there is nothing to reopen. Go back to the case."))
    check_not_future(on, today)
    if closed_on and on < closed_on:
        raise Refused(
            _("A case is reopened after it closed (%(date)s): enter a date from %(date)s on.")
            % {"date": day(closed_on)}
        )
    check_reason(reason)


def check_reason(reason: str) -> None:
    if not reason.strip():
        raise Refused(_("Give the reason: it stays with the case for whoever reads it later."))


def category_after(results: Iterable[str], current: str) -> str:
    """The category the identifications in force give, oldest first: the latest result that
    says who the case is for; none (or only "not a victim") leaves ``current``."""
    category = current
    for result in results:
        category = CATEGORY_OF_RESULT.get(result, category)
    return category


# The history a correction is checked on -------------------------------------------------


@dataclass(frozen=True)
class CareHistory:
    """The dates the stages reached rest on: when recovery began and the case was
    reintegrated, and the identifications, assessments and care plans in force."""

    recovery_on: date | None
    reintegrated_on: date | None
    identified: tuple[date, ...]
    assessed: tuple[date, ...]
    plans: int


def check_history(after: CareHistory, today: date, withdrawing: bool) -> None:
    """Refuse a correction (or, ``withdrawing``, a withdrawal) after which a stage the case
    reached would no longer rest on what was recorded by its date."""
    for on in (*after.identified, *after.assessed):
        check_not_future(on, today)
    then = _("withdraw this one") if withdrawing else _("correct this one")
    if after.recovery_on and not any(d <= after.recovery_on for d in after.identified):
        raise Refused(
            _("Recovery began on %(date)s and rests on an identification made by then: date "
              "this one on or before %(date)s, or record the identification made by then "
              "first %(button)s and %(then)s afterwards.")
            % {"date": day(after.recovery_on),
               "button": button(_("Record the identification")), "then": then}
        )  # fmt: skip
    if after.reintegrated_on and not any(d <= after.reintegrated_on for d in after.assessed):
        raise Refused(
            _("The reintegration of %(date)s rests on an assessment made by then: date this "
              "one on or before %(date)s, or record the assessment made by then first "
              "%(button)s and %(then)s afterwards.")
            % {"date": day(after.reintegrated_on),
               "button": button(_("Record an assessment")), "then": then}
        )  # fmt: skip
    if after.reintegrated_on and not after.plans:
        raise Refused(
            _(
                "The reintegration of %(date)s rests on a care plan: add the plan that replaces "
                "this one first %(button)s, then withdraw this one."
            )
            % {"date": day(after.reintegrated_on), "button": button(_("Add a care plan"))}
        )
