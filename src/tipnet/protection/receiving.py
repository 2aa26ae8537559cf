"""The receiver's grant: an organisation that accepted a referral works the referred case
within what the consent allows, without owning it.

- The grant is one condition, :func:`tipnet.protection.rules.receiving_referral_q`: an
  accepted referral (not completed, declined or withdrawn) whose ``to_organisation`` is the
  user's organisation (or one below it). The stored access keys of people (issue 12) use the
  same function.
- Through it the receiver's protection workers may list and view the case (a related rule of
  the access module, registered in ``apps.py``); never identify it: what they see of the
  person and the history is what the consent covers, composed on the referral page
  (:func:`tipnet.accounts.seen.referral_seen`). The case page sends them there. As every
  related rule, it never opens a restricted case: its receiver works it from the referral.
- They add their own work (stays, services given, notes to the sender), only while the grant
  lasts, and never change the owner's records (``can(CHANGE)`` stays the owner's).
- When the referral is completed, declined or withdrawn the grant ends: the case leaves their
  lists and nothing more can be recorded. They keep reading what they recorded themselves on
  the referral page (a shelter answers for who stayed with it), and of the person only what the
  referral page shows after the end (nothing after a decline or a withdrawal).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from tipnet.core.numbers import day
from tipnet.protection import rules
from tipnet.protection.codes import ReferralStatus
from tipnet.protection.rules import Refused


def _works_protection(user: Any) -> bool:
    """Only the receiver's users whose role does protection work (and identifies) get it."""
    from tipnet.accounts.access import Action, Resource, scopes_for

    return bool(scopes_for(user, Action.VIEW, Resource.PROTECTION, identify=True))


def _orgs(user: Any) -> set[int]:
    from tipnet.accounts.access import organisation_ids

    return organisation_ids(user)


def received_cases(user: Any, identify: bool = False) -> Q:
    """The access module's query: the protection cases this user sees through a referral
    their organisation accepted. Never with ``identify``: the consent decides what shows."""
    from tipnet.accounts.access import Sensitivity
    from tipnet.protection.models import Referral

    orgs = _orgs(user)
    if identify or not orgs or not _works_protection(user):
        return Q(pk__in=[])
    accepted = Referral.objects.filter(rules.receiving_referral_q(orgs), case_id=OuterRef("pk"))
    return Q(Exists(accepted)) & ~Q(sensitivity=Sensitivity.RESTRICTED)


def received_case(user: Any, case: Any, identify: bool = False) -> bool:
    """The access module's check of one case (see :func:`received_cases`)."""
    from tipnet.accounts.access import Sensitivity

    if identify or not getattr(case, "pk", None) or not _works_protection(user):
        return False
    if getattr(case, "sensitivity", None) == Sensitivity.RESTRICTED:
        return False
    return receiving_referral(user, case) is not None


def receiving_referral(user: Any, case: Any) -> Any:
    """The newest referral of ``case`` that opens it to the user's organisation, or ``None``."""
    from tipnet.protection.models import Referral

    orgs = _orgs(user)
    if not orgs:
        return None
    return (
        Referral.objects.filter(rules.receiving_referral_q(orgs), case_id=case.pk)
        .order_by("-requested_on", "-id")
        .first()
    )


def sees_case_itself(user: Any, case: Any) -> bool:
    """Does the user see ``case`` through their own scopes (owner, jurisdiction), not only
    through a referral their organisation received?"""
    from tipnet.accounts.access import Action, Resource, visible
    from tipnet.protection.models import ProtectionCase

    own = ProtectionCase.objects.filter(pk=case.pk)
    return visible(user, Resource.PROTECTION, own, Action.VIEW, related=False).exists()


def may_work(user: Any, referral: Any) -> bool:
    """May ``user`` record stays, services and notes on ``referral``? Its receiver's users
    who may record protection work, while the referral is accepted."""
    from tipnet.accounts.access import Action, Resource, scopes_for

    return (
        referral.status == ReferralStatus.ACCEPTED
        and rules.side_of(user, referral) == "receiver"
        and bool(scopes_for(user, Action.CREATE, Resource.PROTECTION))
        and _works_protection(user)
    )


# The rules of the receiver's records: pure, over the referral's facts ------------------------


def check_working(status: str) -> None:
    """The receiver records work only while the referral is accepted."""
    if status != ReferralStatus.ACCEPTED:
        raise Refused(
            _(
                "This referral is “%(status)s”: your organisation's work on it has ended, and "
                "nothing more can be recorded. The sending organisation may refer the person "
                "again %(button)s."
            )
            % {
                "status": ReferralStatus(status).label,
                "button": rules.button(_("Refer or transfer")),
            }
        )


def check_work_date(requested_on: date, on: date, today: date) -> None:
    """Work is dated between the day the referral was made and today."""
    rules.check_not_future(on, today)
    if on < requested_on:
        raise Refused(
            _("This date is before the referral was made (%(date)s): enter the day it "
              "happened, from %(date)s on.") % {"date": day(requested_on)}
        )  # fmt: skip


def check_stay(requested_on: date, admitted_on: date, discharged_on: date | None,
               today: date) -> None:  # fmt: skip
    check_work_date(requested_on, admitted_on, today)
    if discharged_on is not None:
        rules.check_not_future(discharged_on, today)
        if discharged_on < admitted_on:
            raise Refused(
                _("The discharge cannot be before the admission (%(date)s): enter the day the "
                  "person left.") % {"date": day(admitted_on)}
            )  # fmt: skip
