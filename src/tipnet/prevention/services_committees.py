"""Committees, task forces and multidisciplinary teams (organisations of ``COMMITTEE_KINDS``):
which of them a user may see, their members, and who was present at their meetings.

Access: a membership (``CommitteeMember``) is a ScopedRecord of the access module under
``Resource.PREVENTION``, owned by the committee, at the committee's coverage. Its owner and
place are properties, not columns, so ``access.visible`` cannot filter its rows
(``access._scope_filter`` writes ``owner_organisation_id__in`` and ``place__path`` lookups).
:func:`seen_condition` writes the same conditions on the committee's own columns (``pk``,
``coverage``), scope by scope; ``tests/test_committees.py`` holds it equal to ``access.can``
committee by committee. A committee is seen by whoever may list its memberships: the national
analysts all, a provincial committee those whose coverage lies in its province, the staff of
a committee (or of the committee above a task force) their own.

``access._in_jurisdiction`` reads the record's ``place``, which ``CommitteeMember`` lacks (it
has ``place_id`` only): :func:`scoped` gives the membership its committee's coverage as
``place`` before it is asked. Writes are one transaction with an audit event; rules refuse
with a translated ``Refused``. A membership carries a version: a change of its role or its end
made from an older version is refused (StaleEdit), never applied over someone else's."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import (
    Action,
    NotAllowed,
    Resource,
    Scope,
    can,
    check_write,
    organisation_ids,
    scopes_for,
    visible,
)
from tipnet.accounts.models import Organisation
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.prevention.models import Activity
from tipnet.prevention.models_network import COMMITTEE_KINDS, CommitteeMember, CommitteeRole
from tipnet.prevention.rules import EARLIEST, Refused
from tipnet.prevention.services import _may_change, add_participant


def scoped(member: CommitteeMember) -> CommitteeMember:
    """The membership with its committee's coverage as ``place``, as the access module reads
    a ScopedRecord (it has ``place_id`` only)."""
    setattr(member, "place", member.committee.coverage)  # noqa: B010 (not a model field)
    return member


def _seat(committee: Organisation) -> CommitteeMember:
    """An unsaved membership of ``committee``: what the access module is asked of it."""
    return scoped(CommitteeMember(committee=committee))


def may_see(user: Any, committee: Organisation, action: Action = Action.VIEW) -> bool:
    return committee.kind in COMMITTEE_KINDS and can(
        user, action, Resource.PREVENTION, _seat(committee)
    )


def may_change(user: Any, committee: Organisation) -> bool:
    return may_see(user, committee) and can(
        user, Action.CHANGE, Resource.PREVENTION, _seat(committee)
    )


def _scope_condition(user: Any, scope: Scope, prefix: str) -> Q | None:
    """``access._scope_filter`` for memberships, on the committee's columns (see above)."""

    def q(**lookups: Any) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    if scope == Scope.ANY:
        return Q()
    path = user.jurisdiction.path if user.jurisdiction_id else None
    inside = (
        Q() if path is None else q(coverage__path=path) | q(coverage__path__startswith=f"{path}.")
    )
    if scope == Scope.JURISDICTION:
        return inside  # memberships are all of standard sensitivity
    if scope == Scope.ORGANISATION and user.organisation_id:
        return q(pk__in=organisation_ids(user)) & (inside | q(coverage__isnull=True))
    return None


def seen_condition(user: Any, action: Action = Action.LIST, prefix: str = "") -> Q | None:
    """The committees (``prefix``: rows pointing at them) whose memberships the user may
    ``action``; ``None``: none."""
    condition: Q | None = None
    for scope in scopes_for(user, action, Resource.PREVENTION):
        part = _scope_condition(user, scope, prefix)
        if part is None:
            continue
        condition = part if condition is None else condition | part
    return condition


def committees(user: Any) -> QuerySet[Organisation]:
    """The committees the user may see, the user's own first, then by name."""
    from django.db.models import Case, IntegerField, Value, When

    condition = seen_condition(user)
    qs = Organisation.objects.filter(kind__in=COMMITTEE_KINDS, is_active=True)
    if condition is None:
        return qs.none()
    own = When(pk=user.organisation_id or 0, then=Value(0))
    order = Case(own, When(parent_id=user.organisation_id or 0, then=Value(1)), default=Value(2),
                 output_field=IntegerField())  # fmt: skip
    return qs.filter(condition).select_related("coverage").order_by(order, "name_en", "pk")


def members(committee: Organisation) -> QuerySet[CommitteeMember]:
    """The committee's members: current ones first (chair, deputy chair, secretary, members),
    then those whose membership ended, the latest first."""
    from django.db.models import Case, F, IntegerField, Value, When

    rank = Case(*(When(role=role, then=Value(n)) for n, role in enumerate(CommitteeRole.values)),
                output_field=IntegerField())  # fmt: skip
    return (
        CommitteeMember.objects.filter(committee=committee)
        .select_related("user", "participant", "agency")
        .order_by(F("until").desc(nulls_first=True), rank, "since", "id")
    )


def active_on(committee: Organisation, day: date) -> QuerySet[CommitteeMember]:
    """The members of the committee on ``day``."""
    return members(committee).filter(since__lte=day).filter(
        Q(until__isnull=True) | Q(until__gte=day)
    )  # fmt: skip


def meetings(user: Any, committee: Organisation) -> QuerySet[Activity]:
    """The committee's meetings the user may see, newest first."""
    from django.db.models import Count

    qs = Activity.objects.filter(committee=committee)
    return (
        visible(user, Resource.PREVENTION, qs)
        .select_related("kind", "place")
        .annotate(present=Count("members_present", distinct=True))
        .order_by("-held_on", "-id")
    )


def open_actions(user: Any, committee: Organisation) -> QuerySet[Any]:
    """The open action items of the committee's meetings the user may see."""
    from tipnet.prevention.models_plans import OPEN_STATUSES, PlanAction

    seen = meetings(user, committee).values("pk")
    return (
        PlanAction.objects.filter(plan__activity__in=seen, status__in=OPEN_STATUSES)
        .select_related("owner_organisation", "plan__activity__kind")
        .order_by("due_on", "id")
    )


# --- Writes ---------------------------------------------------------------------------------


def _audit(actor: Actor, target: Any, action: str, changes: dict[str, Any]) -> None:
    shown = {k: {"old": "" if old is None else str(old), "new": "" if new is None else str(new)}
             for k, (old, new) in changes.items()}  # fmt: skip
    record_event(actor, action, target=target, changes=shown)


def _check_since(since: date | None, today: date) -> date:
    if since is None:
        raise Refused(_("Give the date the membership started."))
    if since > today:
        raise Refused(_("A membership is recorded once it has started: the date is ahead."))
    if since < EARLIEST:
        raise Refused(_("The date lies before 2000: check the year."))
    return since


def add_member(actor: Actor, committee: Organisation, data: dict[str, Any]) -> CommitteeMember:
    """A member of the committee: a user of tipnet, a known participant of the actor's
    organisation, or a new one (``new_participant``: the fields of services.add_participant,
    recorded in the same transaction), from an agency, with a role, since a day."""
    if committee.kind not in COMMITTEE_KINDS:
        raise Refused(_("Only a committee, task force or team has members."))
    user, participant = data.get("user"), data.get("participant")
    new = data.get("new_participant")
    if sum(x is not None for x in (user, participant, new)) != 1:
        raise Refused(_("Choose one: a user of tipnet, a known participant, or a new participant."))
    if user is not None and not user.is_active:
        raise Refused(_("This user's account is closed."))
    role = data.get("role") or CommitteeRole.MEMBER
    if role not in CommitteeRole.values:
        raise Refused(_("Choose a role from the list."))
    since = _check_since(data.get("since"), timezone.localdate())
    agency = data.get("agency") or (user.organisation if user is not None else None)
    member = CommitteeMember(committee=committee, user=user, participant=participant, role=role,
                             agency=agency, since=since, recorded_by=actor.user)  # fmt: skip
    check_write(actor.user, Action.CREATE, Resource.PREVENTION, scoped(member))
    if participant is not None and participant.owner_organisation_id not in organisation_ids(
        actor.user
    ):
        raise NotAllowed(
            _("Only participants your organisation recorded can be added as members."),
            "committee member: participant of another organisation",
        )
    with transaction.atomic():
        # One membership at a time per person: the committee's row serialises the check.
        Organisation.objects.select_for_update().filter(pk=committee.pk).first()
        if new is not None:
            member.participant = add_participant(actor, new)
        else:
            same = Q(user=user) if user is not None else Q(participant=participant)
            overlapping = CommitteeMember.objects.filter(same, committee=committee).filter(
                Q(until__isnull=True) | Q(until__gte=since)
            )  # fmt: skip
            if overlapping.exists():
                raise Refused(_("This person is already a member of the committee: end their "
                                "membership first."))  # fmt: skip
        member.save()
        # Keys as the record's fields, foreign keys by their key (the audit pages label them;
        # a known participant stays "#12", never a name).
        _audit(actor, member, AuditAction.CREATE, {
            "committee": (None, committee.pk), "user": (None, member.user_id),
            "participant": (None, member.participant_id), "agency": (None, member.agency_id),
            "role": (None, role), "since": (None, since),
        })  # fmt: skip
    return member


def end_membership(actor: Actor, member: CommitteeMember, until: date | None) -> CommitteeMember:
    """The last day of a membership (on or after its first); once only."""
    check_write(actor.user, Action.CHANGE, Resource.PREVENTION, scoped(member))
    if until is None:
        raise Refused(_("Give the last day of the membership."))
    if until < member.since:
        raise Refused(_("A membership cannot end before it started (%(since)s).")
                      % {"since": member.since.isoformat()})  # fmt: skip
    with transaction.atomic():
        current = CommitteeMember.objects.select_for_update().get(pk=member.pk)
        if current.until is not None:
            raise StaleEdit(current)
        current.until = until
        current.version += 1
        current.save(update_fields=["until", "version"])
        _audit(actor, current, AuditAction.CHANGE, {"until": (None, until)})
    return current


def check_role_change(until: date | None, today: date) -> None:
    """A membership whose last day has passed is history: its role is no longer changed."""
    if until is not None and until < today:
        raise Refused(_("This membership has ended: its role is no longer changed."))


def change_role(actor: Actor, member: CommitteeMember, role: str, version: int) -> CommitteeMember:
    """Correct the role of a current membership in place (the trail keeps the old role), if
    nobody changed the membership since ``version`` (else StaleEdit)."""
    check_write(actor.user, Action.CHANGE, Resource.PREVENTION, scoped(member))
    if role not in CommitteeRole.values:
        raise Refused(_("Choose a role from the list."))
    with transaction.atomic():
        current = CommitteeMember.objects.select_for_update().get(pk=member.pk)
        check_role_change(current.until, timezone.localdate())
        if current.version != version:
            raise StaleEdit(current)
        if current.role == role:
            return current
        old, current.role = current.role, role
        current.version += 1
        current.save(update_fields=["role", "version"])
        _audit(actor, current, AuditAction.CHANGE, {"role": (old, role)})
    return current


def set_present(
    actor: Actor,
    activity: Activity,
    present: Iterable[CommitteeMember],
    shown: Iterable[int] | None = None,
) -> list[int]:
    """The members present at a committee's meeting: members of that committee on the
    meeting's day. ``shown``: the ones the form showed as present when it was opened; if
    someone changed the list since, StaleEdit (the activity as it is now)."""
    _may_change(actor, activity)
    if activity.committee_id is None:
        raise Refused(_("Only a meeting of a committee, task force or team has members present."))
    chosen = {m.pk: m for m in present}
    committee = activity.committee
    assert committee is not None
    active = set(active_on(committee, activity.held_on).values_list("pk", flat=True))
    if set(chosen) - active:
        raise Refused(_("Only members of the committee on the day of the meeting can be "
                        "present."))  # fmt: skip
    with transaction.atomic():
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        before = sorted(current.members_present.values_list("pk", flat=True))
        if shown is not None and sorted(shown) != before:
            raise StaleEdit(current)
        after = sorted(chosen)
        if after != before:
            current.members_present.set(after)
            listed = {"members_present": (" ".join(f"#{pk}" for pk in before),
                                          " ".join(f"#{pk}" for pk in after))}  # fmt: skip
            _audit(actor, current, AuditAction.CHANGE, listed)
    return after
