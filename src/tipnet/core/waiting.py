"""The home page's "waiting for you": items each user should act on, from their scope only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Action, Resource, can, organisation_ids, visible
from tipnet.audit.models import AuditAction, AuditEvent


@dataclass(frozen=True)
class Waiting:
    label: str | Promise
    count: int
    url: str
    # Counted on the home page but left out of the daily email (work going on, not waiting).
    digest: bool = True


ANSWERS_SHOWN_DAYS = 7  # answers to the organisation's referrals, shown this long
VISITS_AHEAD_DAYS = 7  # follow-up visits shown from this long before they fall due


def waiting_for(user: Any, today: date | None = None) -> list[Waiting]:
    """What the user should act on, each a count and the page to open: the home page shows
    them, and the daily digest mails those that are not zero (counts only, never names)."""
    from tipnet.people.models import Person

    today = today or timezone.localdate()
    found: list[Waiting] = [*_notifications(user), *_protection(user, today), *_handoffs(user)]
    if can(user, Action.LIST, Resource.AUDIT):
        since = timezone.now() - timedelta(days=1)
        security = AuditEvent.objects.filter(
            timestamp__gte=since,
            action__in=[
                AuditAction.LOGIN_FAILED,
                AuditAction.LOCKED_OUT,
                AuditAction.PERMISSION_DENIED,
            ],
        ).count()
        found.append(
            Waiting(
                _("Security events in the last 24 hours"),
                security,
                reverse("audit:list") + "?security=1",
            )
        )
    if can(user, Action.LIST, Resource.CASE):
        from tipnet.cases.hearings import upcoming_for

        found.append(
            Waiting(
                _("Hearings of your organisation's cases in the coming 30 days"),
                upcoming_for(user, today).count(),
                reverse("cases:hearings"),
            )
        )
    found.extend(_caseload(user))
    found.extend(_refreshers(user, today))
    if can(user, Action.LIST, Resource.PERSON):
        mine = visible(user, Resource.PERSON, Person.objects.all())
        incomplete = mine.filter(date_of_birth__isnull=True, estimated_age__isnull=True).count()
        found.append(
            Waiting(
                _("People without a date of birth or an estimated age"),
                incomplete,
                reverse("people:list") + "?missing=age",
            )
        )
    return found


def _notifications(user: Any) -> list[Waiting]:
    from tipnet.reminders.models import Notification

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    if not unread:
        return []
    return [Waiting(_("Reminders that fell due"), unread, reverse("notifications"))]


def _refreshers(user: Any, today: date) -> list[Waiting]:
    """For those who record prevention work: their organisation's trained participants due for
    a refresher training (prevention/trainings.py), and the overdue actions of the plans they
    see (prevention/queries.py)."""
    from tipnet.prevention.trainings import due_refreshers, may_see_refreshers

    if not may_see_refreshers(user):
        return []
    from tipnet.prevention.queries import overdue_actions

    return [
        Waiting(
            _("Participants due for a refresher training"),
            len(due_refreshers(user, today)),
            reverse("prevention:refreshers"),
        ),
        Waiting(
            _("Actions of your action plans past their due date"),
            overdue_actions(user, today).count(),
            reverse("prevention:overdue"),
        ),
    ]


def _caseload(user: Any) -> list[Waiting]:
    """For supervisors: open work held by accounts deactivated or gone from the organisation."""
    from tipnet.accounts.caseload import left_work_count, may_supervise

    if not may_supervise(user):
        return []
    return [
        Waiting(
            _("Open cases of deactivated accounts or workers who left, to hand on"),
            left_work_count(user),
            reverse("caseload") + "#left",
        )
    ]


def _protection(user: Any, today: date) -> list[Waiting]:
    """Referrals to answer, answers received, follow-up visits due: of the user's organisation
    (the referrals) and their own cases (the visits)."""
    if not can(user, Action.LIST, Resource.PROTECTION):
        return []
    from tipnet.protection.codes import ReferralStatus
    from tipnet.protection.models import Referral, ReferralNote
    from tipnet.protection.queries import open_follow_ups
    from tipnet.protection.rules import receiving_referral_q

    orgs = organisation_ids(user)
    referrals = reverse("protection:referrals")
    incoming = Referral.objects.filter(
        to_organisation_id__in=orgs, status=ReferralStatus.REQUESTED
    ).count()
    answered = Referral.objects.filter(
        from_organisation_id__in=orgs,
        answered_on__gte=today - timedelta(days=ANSWERS_SHOWN_DAYS),
    ).count()
    # Accepted referrals the organisation works on (stays, services, notes to the sender), and
    # the notes the receivers of its own referrals sent this week.
    working = Referral.objects.filter(receiving_referral_q(orgs)).count()
    since = timezone.now() - timedelta(days=ANSWERS_SHOWN_DAYS)
    notes = ReferralNote.objects.filter(
        referral__from_organisation_id__in=orgs, recorded_at__gte=since
    ).count()
    visits = (
        open_follow_ups(user).filter(due_on__lte=today + timedelta(days=VISITS_AHEAD_DAYS)).count()
    )
    return [
        Waiting(_("Referrals to your organisation waiting for an answer"), incoming, referrals),
        Waiting(_("Answers to your organisation's referrals this week"), answered, referrals),
        Waiting(
            _("Referrals your organisation accepted and is working on"),
            working,
            referrals + "#incoming",
            digest=False,
        ),
        Waiting(
            _("Notes from the organisations your referrals went to, this week"),
            notes,
            referrals + "#outgoing",
        ),
        Waiting(
            _("Your follow-up visits due this week or overdue"),
            visits,
            reverse("protection:follow_ups"),
        ),
    ]


def _handoffs(user: Any) -> list[Waiting]:
    """Children referred from police cases waiting for the guardian's consent (the receiving
    organisation's protection workers); requests to link a case waiting for the answer of
    its organisation (its police and prosecutors)."""
    from tipnet.cases.handoff_services import waiting_counts

    counts = waiting_counts(user)
    found = []
    if "referred" in counts:
        found.append(
            Waiting(
                _("Children referred from police cases waiting for the guardian's consent"),
                counts["referred"],
                reverse("cases:child_referrals"),
            )
        )
    if "links" in counts:
        found.append(
            Waiting(
                _("Requests to link your organisation's cases waiting for an answer"),
                counts["links"],
                reverse("cases:link_requests"),
            )
        )
    return found
