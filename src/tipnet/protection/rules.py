"""The rules of victim protection, in one place: which stage may follow which, what consent
covers, when a case may close, who answers a referral and what its receiver may see.

- identification -> recovery -> reintegration -> monitoring/follow-up -> closed; a child at
  risk who never left home may go from identification straight to reintegration;
- recovery needs a formal identification; reintegration needs consent to case management,
  an assessment and a care plan; follow-up comes after reintegration;
- dates are in order and never in the future; a follow-up visit is not before the
  reintegration, a consent's withdrawal not before the consent;
- no referral or transfer without active consent covering its purpose and every category of
  data shared, unless a user allowed to override writes a reason;
- a case closes with a reason: "reintegrated" only from follow-up with every visit done,
  "handed over" only after an accepted referral or transfer; never with a referral pending;
- the stage and category follow what was recorded: the first follow-up visit starts the
  follow-up, the latest identification gives the category; a protection supervisor may
  reopen a closed case, which goes back to the stage it was closed at
  (:mod:`tipnet.protection.correction_rules`);
- things are recorded with the date they happened (paper first): a referral, a consent or a
  visit of last week keeps last week's date, and a consent still precedes what it covers;
- a correction or withdrawal of an identification, an assessment or a care plan is checked
  on the history as it would be (``correction_rules.check_history``): the stages reached
  still rest on records dated by then.

Every refusal says what would unblock it, naming the button or link to use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from tipnet.core.numbers import day
from tipnet.protection.codes import (
    CaseStatus,
    ClosureReason,
    DataCategory,
    Purpose,
    ReferralKind,
    ReferralStatus,
    Stage,
)

NEXT_STAGES: dict[str, set[str]] = {
    Stage.IDENTIFICATION: {Stage.RECOVERY, Stage.REINTEGRATION},
    Stage.RECOVERY: {Stage.REINTEGRATION},
    Stage.REINTEGRATION: {Stage.FOLLOW_UP},
    Stage.FOLLOW_UP: set(),
    Stage.CLOSED: set(),
}
MIN_OVERRIDE_REASON = 20


class Refused(Exception):
    """Something the rules do not allow; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def button(label: str) -> str:
    """How a refusal names the button or link that unblocks it: its label, translated as the
    page shows it."""
    return _("(button ‘%(label)s’)") % {"label": label}


def followup_interval() -> int:
    return int(getattr(settings, "TIPNET_FOLLOWUP_INTERVAL_DAYS", 90))


def assessment_window() -> int:
    return int(getattr(settings, "TIPNET_ASSESSMENT_WITHIN_DAYS", 30))


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about a protection case."""

    stage: str
    last_date: date
    identified: bool
    consent_to_case_management: bool
    assessed: bool
    planned: bool
    open_visits: int
    pending_referrals: int
    handed_over: bool
    # Opened by a referral from a criminal case, the guardian's consent not yet recorded.
    awaiting_consent: bool = False


def status_for(stage: str, closure_reason: str = "") -> str:
    """The HTCDS case status of a stage."""
    if stage == Stage.CLOSED:
        return (
            CaseStatus.CLOSED_REFERRED
            if closure_reason == ClosureReason.REFERRED
            else (CaseStatus.CLOSED)
        )
    return CaseStatus.FOLLOW_UP if stage == Stage.FOLLOW_UP else CaseStatus.ACTIVE


def next_stages(stage: str) -> list[str]:
    return [s for s in Stage if s in NEXT_STAGES.get(stage, set())]


def check_not_future(on: date, today: date) -> None:
    """A record of something done (an identification, a consent, an assessment, a return)
    cannot be dated after today. Such records may predate the case: a victim is often
    identified, or has returned, before a case is opened."""
    if on > today:
        raise Refused(
            _("This date is in the future: enter the day it happened, today at the latest.")
        )


def check_withdrawal(given_on: date, on: date, today: date) -> None:
    if on > today or on < given_on:
        raise Refused(
            _("The withdrawal date must be between the consent date and today: enter the day "
              "the consent was withdrawn, from %(date)s on.") % {"date": day(given_on)}
        )  # fmt: skip


def check_visit(reintegrated_on: date | None, on: date, today: date) -> None:
    """A follow-up visit is dated between the reintegration and today."""
    check_not_future(on, today)
    if reintegrated_on and on < reintegrated_on:
        raise Refused(
            _("A follow-up visit cannot be before the reintegration (%(date)s): enter the day "
              "the visit was made.") % {"date": day(reintegrated_on)}
        )  # fmt: skip


def check_referral_date(opened_on: date, on: date, today: date) -> None:
    """A referral keeps the date it was made (a paper referral of last week), not before the
    case was opened."""
    check_not_future(on, today)
    if on < opened_on:
        raise Refused(
            _("A referral cannot be dated before the case was opened (%(date)s): enter the day "
              "it was made.") % {"date": day(opened_on)}
        )  # fmt: skip


def check_date(on: date, facts: CaseFacts, today: date) -> None:
    """A stage or a closure: not in the future, not before the case's last step."""
    check_not_future(on, today)
    if on < facts.last_date:
        raise Refused(
            _("This date is before the case's last step (%(date)s): dates must be in order. "
              "Enter a date from %(date)s on.") % {"date": day(facts.last_date)}
        )  # fmt: skip


def check_not_closed(facts: CaseFacts) -> None:
    if facts.stage == Stage.CLOSED:
        raise Refused(
            _("This case is closed: nothing more can be added. A protection supervisor may "
              "reopen it %(button)s.") % {"button": button(_("Reopen the case"))}
        )  # fmt: skip


def check_consented(facts: CaseFacts) -> None:
    """A child's case opened by a referral from a criminal case holds nothing beyond the
    referral until the consent of a parent or guardian to case management is recorded
    (cases/handoffs.py); recording that consent, or closing the case, stays possible."""
    if facts.awaiting_consent:
        raise Refused(
            _("This child was referred from a criminal case: record the consent of a parent "
              "or guardian to case management first %(button)s. Until then only the referral "
              "reason is shared.") % {"button": button(_("Record consent"))}
        )  # fmt: skip


def check_open(facts: CaseFacts) -> None:
    check_not_closed(facts)
    check_consented(facts)


def _move_button(stage: str) -> str:
    return button(_("Move to: %(label)s") % {"label": Stage(stage).label})


def check_stage(facts: CaseFacts, to: str, on: date, today: date) -> None:
    """Raise :class:`Refused` unless the case may move to stage ``to`` on ``on`` (``facts``
    are those of that date: what was recorded by then)."""
    check_open(facts)
    if to not in NEXT_STAGES.get(facts.stage, set()):
        offered = next_stages(facts.stage)
        then = (
            _("it can move to %(stages)s.")
            % {"stages": ", ".join(f"“{Stage(s).label}” {_move_button(s)}" for s in offered)}
            if offered
            else _("close it instead %(button)s.") % {"button": button(_("Close the case"))}
        )
        raise Refused(
            _("A case at “%(now)s” cannot move to “%(to)s”: %(then)s")
            % {"now": Stage(facts.stage).label, "to": Stage(to).label, "then": then}
        )
    check_date(on, facts, today)
    if to == Stage.RECOVERY and not facts.identified:
        raise Refused(
            _(
                "Record the formal identification before recovery starts %(button)s, dated on "
                "or before %(date)s."
            )
            % {"button": button(_("Record the identification")), "date": day(on)}
        )
    if to == Stage.REINTEGRATION:
        missing = [
            f"{label} {button(action)}"
            for ok, label, action in (
                (facts.consent_to_case_management, _("consent to case management"),
                 _("Record consent")),
                (facts.assessed, _("an assessment"), _("Record an assessment")),
                (facts.planned, _("a care plan"), _("Add a care plan")),
            )
            if not ok
        ]  # fmt: skip
        if missing:
            raise Refused(
                _("Reintegration on %(date)s needs %(what)s recorded by that date: record "
                  "them first.") % {"date": day(on), "what": ", ".join(missing)}
            )  # fmt: skip


def check_closure(facts: CaseFacts, reason: str, on: date, today: date) -> None:
    check_not_closed(facts)  # a referred child's guardian may refuse: closing stays possible
    check_date(on, facts, today)
    if facts.pending_referrals:
        raise Refused(
            _("A referral is still waiting for an answer: revoke it from its page (under "
              "“Referrals and transfers”) or wait for the answer, then close the case.")
        )  # fmt: skip
    if reason == ClosureReason.REINTEGRATED:
        if facts.stage == Stage.REINTEGRATION:
            raise Refused(
                _("A case closes as reintegrated from its follow-up: move the case to "
                  "follow-up first %(button)s.") % {"button": _move_button(Stage.FOLLOW_UP)}
            )  # fmt: skip
        if facts.stage != Stage.FOLLOW_UP:
            raise Refused(
                _(
                    "A case closes as reintegrated only after its reintegration and follow-up: "
                    "move it on first %(button)s, or choose another reason for closure."
                )
                % {"button": button(_("Move to: …"))}
            )
        if facts.open_visits:
            raise Refused(
                _("Record the outcome of every follow-up visit before closing (link "
                  "‘%(link)s’ under “Follow-up visits”).") % {"link": _("Record the visit")}
            )  # fmt: skip
    if reason == ClosureReason.REFERRED and not facts.handed_over:
        raise Refused(
            _(
                "Closing as handed over needs an accepted referral or transfer: send one "
                "%(button)s and close the case once it is accepted."
            )
            % {"button": button(_("Refer or transfer"))}
        )


def stage_after_visit(stage: str) -> str | None:
    """The first follow-up visit starts the follow-up: a case at reintegration moves on."""
    return Stage.FOLLOW_UP if stage == Stage.REINTEGRATION else None


def stage_before_closure(
    recovery_on: date | None, reintegrated_on: date | None, follow_up_on: date | None
) -> str:
    """The stage a reopened case goes back to: the last one it reached before closing."""
    for stage, on in ((Stage.FOLLOW_UP, follow_up_on), (Stage.REINTEGRATION, reintegrated_on),
                      (Stage.RECOVERY, recovery_on)):  # fmt: skip
        if on is not None:
            return stage
    return Stage.IDENTIFICATION


def follow_up_dates(reintegrated_on: date, interval: int | None = None) -> list[date]:
    """Two visits after reintegration: after one interval and after two."""
    days = followup_interval() if interval is None else interval
    return [reintegrated_on + timedelta(days=days), reintegrated_on + timedelta(days=2 * days)]


def is_overdue(visit: Any, today: date) -> bool:
    return visit.visited_on is None and visit.due_on < today


# Consent ------------------------------------------------------------------------------------


def is_active(consent: Any, on: date) -> bool:
    if consent.given_on > on:
        return False
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return False
    return consent.retain_until is None or consent.retain_until >= on


def covering_consent(
    consents: Iterable[Any], purpose: str, categories: Iterable[str], on: date
) -> Any | None:
    """The newest active consent covering ``purpose`` and every category, or ``None``."""
    wanted = set(categories)
    for consent in sorted(consents, key=lambda c: (c.given_on, c.pk or 0), reverse=True):
        if (
            is_active(consent, on)
            and purpose in consent.purposes
            and wanted <= set(consent.categories)
        ):
            return consent
    return None


def not_covered(
    consents: Iterable[Any], purpose: str, categories: Iterable[str], on: date
) -> list[str]:
    """What no active consent covers, as labels for the user ("referral", "health notes")."""
    active = [c for c in consents if is_active(c, on)]
    missing = [] if any(purpose in c.purposes for c in active) else [Purpose(purpose).label]
    agreed = {code for c in active if purpose in c.purposes for code in c.categories}
    missing += [DataCategory(code).label for code in categories if code not in agreed]
    return [str(m) for m in missing]


def purpose_of(kind: str) -> str:
    return Purpose.TRANSFER if kind == ReferralKind.TRANSFER else Purpose.REFERRAL


def check_override(may_override: bool, reason: str, missing: list[str]) -> None:
    if not may_override:
        raise Refused(
            _("No active consent covers this: %(what)s. Record the person's consent first "
              "%(button)s, or ask a protection supervisor to send it with a written reason.")
            % {"what": "; ".join(missing), "button": button(_("Record consent"))}
        )  # fmt: skip
    if len(reason.strip()) < MIN_OVERRIDE_REASON:
        raise Refused(
            _("Sending without consent needs a written reason of at least %(n)s characters.")
            % {"n": MIN_OVERRIDE_REASON}
        )


# Referrals ----------------------------------------------------------------------------------

S = ReferralStatus
# status -> {new status: which side may set it}
ANSWERS: dict[str, dict[str, str]] = {
    S.REQUESTED: {S.ACCEPTED: "receiver", S.DECLINED: "receiver", S.REVOKED: "sender"},
    S.ACCEPTED: {S.COMPLETED: "receiver", S.REVOKED: "sender"},
}


def _org_ids(user: Any) -> set[int]:
    from tipnet.accounts.access import organisation_ids

    return organisation_ids(user)


def side_of(user: Any, referral: Any) -> str:
    """``"sender"``, ``"receiver"`` or ``""``: the user's organisation's part in a referral."""
    orgs = _org_ids(user)
    if referral.to_organisation_id in orgs:
        return "receiver"
    if referral.from_organisation_id in orgs:
        return "sender"
    return ""


def referral_parties(user: Any) -> Q:
    """The referrals this user's organisation sent or received."""
    orgs = _org_ids(user)
    return Q(to_organisation_id__in=orgs) | Q(from_organisation_id__in=orgs)


def receiving_referral_q(organisation_ids: Iterable[int] | None = None, prefix: str = "") -> Q:
    """The referrals that open their protection case to the receiving organisation: accepted,
    not yet completed, declined or withdrawn; the receiver is ``to_organisation``. With
    ``organisation_ids``, only those received by these organisations; ``prefix`` reaches the
    referrals from another model (``"referrals__"`` from a protection case). The one
    definition of the receiver's grant (:mod:`tipnet.protection.receiving`)."""
    condition = Q(**{f"{prefix}status": S.ACCEPTED})
    if organisation_ids is not None:
        condition &= Q(**{f"{prefix}to_organisation_id__in": list(organisation_ids)})
    return condition


def check_answer(referral: Any, side: str, to: str, on: date, today: date) -> None:
    allowed = ANSWERS.get(referral.status, {})
    if allowed.get(to) != side:
        raise Refused(
            _(
                "This referral is “%(status)s”: it cannot become “%(to)s” from your side. Use "
                "the buttons its page offers you."
            )
            % {"status": S(referral.status).label, "to": S(to).label}
        )
    check_not_future(on, today)
    if on < referral.requested_on:
        raise Refused(
            _("This date is before the referral was sent (%(date)s): enter the day of the "
              "answer, from %(date)s on.") % {"date": day(referral.requested_on)}
        )  # fmt: skip


def shown_categories(referral: Any, consents: Iterable[Any], today: date) -> set[str]:
    """What the receiver sees: the categories sent, still covered by consent (or sent on a
    recorded override), and only while the referral is open or completed."""
    if referral.status in (S.DECLINED, S.REVOKED):
        return set()
    if referral.override_reason:
        return set(referral.shared)
    purpose = purpose_of(referral.kind)
    agreed = {
        code
        for c in consents
        if is_active(c, today) and purpose in c.purposes
        for code in c.categories
    }
    return set(referral.shared) & agreed
