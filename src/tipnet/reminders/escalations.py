"""Overdue work climbs to the supervisors: a follow-up visit overdue, or a referral left
unanswered, for ``TIPNET_ESCALATE_AFTER_DAYS`` days becomes a reminder to the protection
supervisors of the organisation that must act (the case's owner for a visit, the receiver for a
referral), once per supervisor and record. The scheduler runs it each morning before the
digest (tipnet.jobs.schedule); the reminders then fire as notifications, and reach the home page
and the digest. The text names the case by its reference only, never a person."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tipnet.accounts.models import User
from tipnet.accounts.roles import RoleCode
from tipnet.core.actor import Actor
from tipnet.core.numbers import day
from tipnet.reminders.models import Reminder
from tipnet.reminders.services import remind


def _supervisors(organisation_id: int, cache: dict[int, list[User]]) -> list[User]:
    if organisation_id not in cache:
        cache[organisation_id] = list(
            User.objects.filter(
                organisation_id=organisation_id,
                is_active=True,
                roles__code=RoleCode.PROTECTION_SUPERVISOR,
            ).distinct()
        )
    return cache[organisation_id]


def _escalate(supervisor: User, now: datetime, kind: str, target: Any, text: Any) -> bool:
    already = Reminder.objects.filter(
        recipient=supervisor,
        kind=kind,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
    ).exists()
    if already:
        return False
    with translation.override(supervisor.language or settings.LANGUAGE_CODE):
        message = text()
    remind(Actor.command(supervisor, via="escalation"), supervisor, now, kind, message, target)
    return True


def escalate_overdue(now: datetime | None = None) -> int:
    """Set the reminders of work overdue by the escalation delay; the number set."""
    from tipnet.protection.codes import ReferralStatus, Stage
    from tipnet.protection.models import FollowUp, Referral

    now = now or timezone.now()
    late = timezone.localtime(now).date() - timedelta(days=settings.TIPNET_ESCALATE_AFTER_DAYS)
    cache: dict[int, list[User]] = {}
    count = 0
    visits = (
        FollowUp.objects.filter(visited_on__isnull=True, due_on__lte=late)
        .exclude(case__stage=Stage.CLOSED)
        .select_related("case")
    )
    for visit in visits:
        for supervisor in _supervisors(visit.case.owner_organisation_id, cache):
            count += _escalate(
                supervisor, now, "escalation.follow_up", visit,
                lambda visit=visit: _(
                    "A follow-up visit of protection case %(ref)s was due on %(date)s and is "
                    "not recorded."
                ) % {"ref": visit.case.reference, "date": day(visit.due_on)},
            )  # fmt: skip
    referrals = Referral.objects.filter(
        status=ReferralStatus.REQUESTED, requested_on__lte=late
    ).select_related("case")
    for referral in referrals:
        for supervisor in _supervisors(referral.to_organisation_id, cache):
            count += _escalate(
                supervisor, now, "escalation.referral", referral,
                lambda referral=referral: _(
                    "Referral %(ref)s to your organisation, sent on %(date)s, has no answer yet."
                ) % {"ref": str(referral), "date": day(referral.requested_on)},
            )  # fmt: skip
    return count
