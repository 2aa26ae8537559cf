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
  "handed over" only after an accepted referral or transfer; never with a referral pending.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

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
        raise Refused(_("This date is in the future."))


def check_withdrawal(given_on: date, on: date, today: date) -> None:
    if on > today or on < given_on:
        raise Refused(_("The withdrawal date must be between the consent date and today."))


def check_visit(reintegrated_on: date | None, on: date, today: date) -> None:
    """A follow-up visit is dated between the reintegration and today."""
    check_not_future(on, today)
    if reintegrated_on and on < reintegrated_on:
        raise Refused(_("A follow-up visit cannot be before the reintegration."))


def check_date(on: date, facts: CaseFacts, today: date) -> None:
    """A stage or a closure: not in the future, not before the case's last step."""
    check_not_future(on, today)
    if on < facts.last_date:
        raise Refused(
            _("This date is before the case's last step (%(date)s): dates must be in order.")
            % {"date": facts.last_date.isoformat()}
        )


def check_open(facts: CaseFacts) -> None:
    if facts.stage == Stage.CLOSED:
        raise Refused(_("This case is closed: nothing more can be added."))


def check_stage(facts: CaseFacts, to: str, on: date, today: date) -> None:
    """Raise :class:`Refused` unless the case may move to stage ``to`` on ``on``."""
    check_open(facts)
    if to not in NEXT_STAGES.get(facts.stage, set()):
        raise Refused(
            _("A case at “%(now)s” cannot move to “%(to)s”.")
            % {"now": Stage(facts.stage).label, "to": Stage(to).label}
        )
    check_date(on, facts, today)
    if to == Stage.RECOVERY and not facts.identified:
        raise Refused(_("Record the formal identification before recovery starts."))
    if to == Stage.REINTEGRATION:
        missing = [
            label
            for ok, label in (
                (facts.consent_to_case_management, _("consent to case management")),
                (facts.assessed, _("an assessment")),
                (facts.planned, _("a care plan")),
            )
            if not ok
        ]
        if missing:
            raise Refused(_("Reintegration needs %(what)s first.") % {"what": ", ".join(missing)})


def check_closure(facts: CaseFacts, reason: str, on: date, today: date) -> None:
    check_open(facts)
    check_date(on, facts, today)
    if facts.pending_referrals:
        raise Refused(_("A referral is still waiting for an answer: revoke it or wait for it."))
    if reason == ClosureReason.REINTEGRATED:
        if facts.stage != Stage.FOLLOW_UP:
            raise Refused(_("A case closes as reintegrated only after its follow-up."))
        if facts.open_visits:
            raise Refused(_("Record the outcome of every follow-up visit before closing."))
    if reason == ClosureReason.REFERRED and not facts.handed_over:
        raise Refused(_("Closing as handed over needs an accepted referral or transfer."))


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
            _("No active consent covers this: %(what)s. Record the person's consent first.")
            % {"what": "; ".join(missing)}
        )
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


def check_answer(referral: Any, side: str, to: str, on: date, today: date) -> None:
    allowed = ANSWERS.get(referral.status, {})
    if allowed.get(to) != side:
        raise Refused(
            _("This referral is “%(status)s”: it cannot become “%(to)s” from your side.")
            % {"status": S(referral.status).label, "to": S(to).label}
        )
    check_not_future(on, today)
    if on < referral.requested_on:
        raise Refused(_("This date is before the referral was sent."))


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
