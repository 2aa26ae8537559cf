"""The rules of the hand-offs between a criminal case and victim protection, pure functions over
plain facts that refuse with a translated reason (:mod:`tipnet.cases.handoffs`):

- only a victim of the case who is a child (under 18 today; when no age is known, under 18
  when exploited) is referred from the case page, and only once while a referral of them from
  this case is open;
- the receiver is a social services organisation from the directory: one that offers a
  service where the case is (or nationwide), of a kind that gives care (not the police, a
  prosecutor, a court or a committee), and not the sender itself;
- the referral says why, in a few words at least: it is all the receiver sees until the
  guardian's consent;
- a protection case opened this way holds nothing but the referral until its owner records
  the consent of a parent or guardian to case management (:func:`lifts_hold`; the protection
  rules refuse the rest: ``protection.rules.check_consented``);
- a link request names a case by its exact number; a user sends at most
  :data:`LINK_REQUESTS_PER_DAY` a day; the case's organisation accepts or declines a waiting
  request once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from tipnet.accounts.roles import OrganisationKind
from tipnet.core.numbers import day

ADULT_AGE = 18
MIN_REASON = 20
LINK_REQUESTS_PER_DAY = 10
# The kinds of organisation that give care and may receive a child from a case.
CARE_KINDS = frozenset({
    OrganisationKind.MINISTRY, OrganisationKind.COMMUNE_COUNCIL, OrganisationKind.NGO,
    OrganisationKind.INTERNATIONAL, OrganisationKind.OTHER,
})  # fmt: skip
# Who may give the consent that opens a referred child's case.
GUARDIANS = frozenset({"parent", "guardian"})


class RefusedHandoff(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_child(age_now: int | None, age_when_exploited: int | None) -> bool:
    """A child today; with no age known, a child when exploited."""
    if age_now is not None:
        return age_now < ADULT_AGE
    return age_when_exploited is not None and age_when_exploited < ADULT_AGE


def check_child(role: str, age_now: int | None, age_when_exploited: int | None) -> None:
    if role != "victim" or not is_child(age_now, age_when_exploited):
        raise RefusedHandoff(
            _("Only a child victim of the case (under 18) is referred from the case page: "
              "record the victim's date of birth or age first (link ‘Correct’ beside them).")
        )  # fmt: skip


def check_not_referred(open_referral: bool) -> None:
    if open_referral:
        raise RefusedHandoff(
            _("This child was already referred from this case and the referral is waiting for "
              "the guardian's consent: see it under “Children referred to social services”.")
        )  # fmt: skip


def check_receiver(kind: str, receiver_id: int, sender_id: int | None, offers_here: bool) -> None:
    if kind not in CARE_KINDS or not offers_here:
        raise RefusedHandoff(
            _("Choose a social services organisation from the directory that offers its "
              "services where the case is.")
        )  # fmt: skip
    if receiver_id == sender_id:
        raise RefusedHandoff(_("A referral goes to another organisation than yours."))


def check_reason(reason: str) -> None:
    if len(reason.strip()) < MIN_REASON:
        raise RefusedHandoff(
            _("Write why the child is referred, in %(n)s characters at least: it is all the "
              "receiving organisation sees until the guardian's consent.") % {"n": MIN_REASON}
        )  # fmt: skip


def check_referral_date(on: date, reported_on: date, today: date) -> None:
    if on > today or on < reported_on:
        raise RefusedHandoff(
            _("Enter the day the child was referred: between the day the case was reported "
              "(%(date)s) and today.") % {"date": day(reported_on)}
        )  # fmt: skip


def lifts_hold(given_by: str, purposes: list[str], withdrawn: bool) -> bool:
    """Does this consent open a referred child's case: a parent's or guardian's consent to
    case management, not withdrawn."""
    return given_by in GUARDIANS and "case_management" in purposes and not withdrawn


def check_link_rate(sent_today: int) -> None:
    if sent_today >= LINK_REQUESTS_PER_DAY:
        raise RefusedHandoff(
            _("You have sent %(n)s link requests today, the most a day: send the next one "
              "tomorrow, or ask the case's organisation directly.") % {"n": sent_today}
        )  # fmt: skip


def normalise_number(text: str) -> str:
    """A case number as typed: spaces dropped, Khmer digits read as digits, upper case."""
    digits = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
    return "".join(text.split()).translate(digits).upper()[:40]


def check_number(number: str) -> None:
    if not number:
        raise RefusedHandoff(_("Enter the case number, as the case's organisation gave it."))


def check_answer(status: str, may_answer: bool) -> None:
    if not may_answer:
        raise RefusedHandoff(
            _("Only the police or prosecutors of the case's organisation answer this request.")
        )
    if status != "pending":
        raise RefusedHandoff(_("This request was already answered."))


def side_of_link(orgs: set[int], request: Any) -> str:
    """``"asker"`` or ``"case"``: the part the user's organisation plays in a link request."""
    if request.to_organisation_id is not None and request.to_organisation_id in orgs:
        return "case"
    if request.from_organisation_id in orgs:
        return "asker"
    return ""
