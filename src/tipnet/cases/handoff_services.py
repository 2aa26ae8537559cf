"""Writes and queries of the hand-offs between a criminal case and victim protection
(:mod:`tipnet.cases.handoffs`): each write one transaction with its audit events, checked by
:mod:`tipnet.cases.handoff_rules`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tipnet.accounts.access import (
    Action,
    NotAllowed,
    Resource,
    Sensitivity,
    can,
    may_identify,
    organisation_ids,
    scopes_for,
)
from tipnet.audit.models import AuditAction
from tipnet.audit.services import field_changes, record_event
from tipnet.cases import handoff_rules as rules
from tipnet.cases.handoffs import CaseReferral, LinkRequest, LinkStatus
from tipnet.cases.models import Case, CasePerson
from tipnet.core.actor import Actor


class ReferralStatus:
    AWAITING_CONSENT = "awaiting_consent"
    CONSENTED = "consented"
    CLOSED = "closed"


# --- The hold: a referred child's protection case before the guardian's consent ------------


def _lifting_consents(case_ref: Any) -> QuerySet:
    from tipnet.protection.models import Consent

    return Consent.objects.filter(
        case_id=case_ref,
        withdrawn_on__isnull=True,
        given_by__in=sorted(rules.GUARDIANS),
        purposes__contains="|case_management|",
    )


def held_protection_cases() -> Q:
    """The protection cases opened from a criminal case whose guardian's consent is not
    recorded yet (the access module's hold: nobody identifies them)."""
    referred = CaseReferral.objects.filter(protection_case_id=OuterRef("pk"))
    return Q(Exists(referred)) & ~Q(Exists(_lifting_consents(OuterRef("pk"))))


def awaiting_consent(protection_case: Any) -> bool:
    if protection_case is None or not getattr(protection_case, "pk", None):
        return False
    if not CaseReferral.objects.filter(protection_case_id=protection_case.pk).exists():
        return False
    return not _lifting_consents(protection_case.pk).exists()


def status_of(referral: CaseReferral) -> str:
    if awaiting_consent(referral.protection_case):
        closed = referral.protection_case.stage == "closed"
        return ReferralStatus.CLOSED if closed else ReferralStatus.AWAITING_CONSENT
    return ReferralStatus.CONSENTED


# --- Referring a child from a case ---------------------------------------------------------


def child_victims(case: Case) -> list[CasePerson]:
    """The case's victims (in force) who are children."""
    links = CasePerson.objects.filter(case=case, role="victim").select_related("person")
    return [
        link
        for link in links
        if rules.is_child(link.person.age(timezone.localdate()), link.age_when_exploited)
    ]


def _covering(path: str, prefix: str = "services__") -> Q:
    """Offerings whose area holds ``path`` or lies inside it, or that are nationwide
    (``prefix`` reaches them from an organisation)."""
    parts = path.split(".")
    above = [".".join(parts[: i + 1]) for i in range(len(parts))]
    return (
        Q(**{f"{prefix}area__isnull": True})
        | Q(**{f"{prefix}area__path__in": above})
        | Q(**{f"{prefix}area__path__startswith": path + "."})
    )


def directory_for(case: Case, sender_id: int | None) -> QuerySet:
    """The social services organisations a child of ``case`` may be referred to: those of a
    caring kind with an active service where the case is (or nationwide), not the sender."""
    from tipnet.accounts.models import Organisation

    found = Organisation.objects.filter(
        _covering(case.place.path),
        is_active=True,
        kind__in=sorted(rules.CARE_KINDS),
        services__is_active=True,
    )
    if sender_id is not None:
        found = found.exclude(pk=sender_id)
    return found.distinct().order_by("name_en")


def _category(trafficking_status: str) -> str:
    from tipnet.protection.codes import Category

    if trafficking_status == "ActualVictimOfTrafficking":
        return Category.VICTIM
    return Category.POSSIBLE_VICTIM


def refer_child(
    actor: Actor, case: Case, victim: CasePerson, to: Any, reason: str, on: date
) -> CaseReferral:
    """Refer a child victim of ``case`` to the social services organisation ``to``: open a
    protection case owned by ``to`` (the child, this case, the case's place), shared with it
    by reference and ``reason`` only until it records the guardian's consent."""
    from tipnet.protection.codes import Source
    from tipnet.protection.models import ProtectionCase, ServiceOffering

    user = actor.user
    if not can(user, Action.CHANGE, Resource.CASE, case):
        raise NotAllowed(str(_refused_role()), "refer child: may not change the case")
    today = timezone.localdate()
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("place").get(pk=case.pk)
        victim = CasePerson.objects.select_related("person").get(pk=victim.pk, case=case)
        person = victim.person
        rules.check_child(victim.role, person.age(today), victim.age_when_exploited)
        waiting = CaseReferral.objects.filter(case=case, person=person)
        rules.check_not_referred(any(awaiting_consent(r.protection_case) for r in waiting))
        offers = directory_for(case, user.organisation_id).filter(pk=to.pk).exists()
        rules.check_receiver(to.kind, to.pk, user.organisation_id, offers)
        rules.check_reason(reason)
        rules.check_referral_date(on, case.reported_on, today)
        restricted = Sensitivity.RESTRICTED in (case.sensitivity, person.sensitivity)
        protection_case = ProtectionCase.objects.create(
            person=person,
            category=_category(victim.trafficking_status),
            source=Source.POLICE,
            opened_on=on,
            owner_organisation=to,
            place=case.place,
            sensitivity=Sensitivity.RESTRICTED if restricted else Sensitivity.STANDARD,
            created_by=user,
        )
        protection_case.criminal_cases.add(case)
        # The service of the directory that brought the receiver here.
        offering = (
            ServiceOffering.objects.filter(organisation=to, is_active=True)
            .filter(_covering(case.place.path, prefix=""))
            .order_by("id")
            .first()
        )
        referral = CaseReferral.objects.create(
            case=case, victim=victim, person=person, from_organisation_id=user.organisation_id,
            to_organisation=to, offering=offering, reason=reason.strip(),
            protection_case=protection_case, referred_on=on, referred_by=user,
        )  # fmt: skip
        opened = {"old": "", "new": f"#{protection_case.pk}"}
        record_event(
            actor,
            AuditAction.CREATE,
            target=protection_case,
            changes={
                "person": {"old": "", "new": str(person.pk)},
                "owner_organisation": {"old": "", "new": str(to.pk)},
                "criminal_cases": {"old": "", "new": case.number},
            },
            detail=f"opened by referral #{referral.pk} from case #{case.pk}",
        )
        record_event(
            actor,
            AuditAction.CREATE,
            target=referral,
            changes={
                "to_organisation": {"old": "", "new": str(to.pk)},
                "protection_case": opened,
                **field_changes({}, {"reason": referral.reason}, CaseReferral.AUDIT_SEALED_FIELDS),
            },
            detail=f"case #{case.pk} child #{person.pk}",
        )
        record_event(
            actor,
            AuditAction.CHANGE,
            target=case,
            changes={"child_referrals": {"old": "", "new": f"#{referral.pk} to {to.pk}"}},
            detail="child referred",
        )
    return referral


def _refused_role() -> str:
    from django.utils.translation import gettext as _

    return _("Only those who may change the case refer a child from it.")


def referral_side(user: Any, referral: CaseReferral) -> str:
    """``"receiver"``: a protection worker of the receiving organisation who may see its
    protection case; ``"sender"``: whoever identifies the criminal case (its police, the
    prosecutor before whom it is); ``""``: nobody else sees the referral."""
    if referral.to_organisation_id in organisation_ids(user) and can(
        user, Action.VIEW, Resource.PROTECTION, referral.protection_case
    ):
        return "receiver"
    if may_identify(user, Resource.CASE, referral.case):
        return "sender"
    return ""


def referrals_for(user: Any) -> list[tuple[CaseReferral, str]]:
    """The case referrals the user's organisation sent or received, with the user's side."""
    orgs = organisation_ids(user)
    if not orgs:
        return []
    rows = (
        CaseReferral.objects.filter(
            Q(to_organisation_id__in=orgs) | Q(from_organisation_id__in=orgs)
        )
        .select_related("case__place", "protection_case__place", "to_organisation",
                        "from_organisation", "person")
        .order_by("-referred_on", "-id")[:200]
    )  # fmt: skip
    return [(r, side) for r in rows if (side := referral_side(user, r))]


# --- Link requests -------------------------------------------------------------------------


def request_link(actor: Actor, protection_case: Any, typed: str, note: str = "") -> LinkRequest:
    """Ask the organisation of the case numbered ``typed`` to link it to ``protection_case``.
    The same answer whether or not the number exists: the asker learns nothing until the
    request is accepted. Audited, and limited per user and day."""
    user = actor.user
    if not can(user, Action.CHANGE, Resource.PROTECTION, protection_case):
        raise NotAllowed(str(_refused_link()), "link request: may not change the case")
    number = rules.normalise_number(typed)
    rules.check_number(number)
    since = timezone.now() - timedelta(days=1)
    with transaction.atomic():
        sent = LinkRequest.objects.filter(requested_by=user, requested_at__gte=since).count()
        rules.check_link_rate(sent)
        existing = LinkRequest.objects.filter(
            protection_case=protection_case, number=number, status=LinkStatus.PENDING
        ).first()
        case = Case.objects.filter(number=number).first()
        if existing is None:
            existing = LinkRequest.objects.create(
                protection_case=protection_case, number=number, case=case,
                from_organisation_id=user.organisation_id,
                to_organisation_id=case.owner_organisation_id if case else None,
                note=note.strip(), requested_by=user,
            )  # fmt: skip
        record_event(
            actor,
            AuditAction.CREATE,
            target=existing,
            changes={
                "number": {"old": "", "new": number},
                "protection_case": {"old": "", "new": f"#{protection_case.pk}"},
            },
            # For the auditors watching for someone trying numbers: never shown to the asker.
            detail=f"link request, number {'known' if case else 'unknown'}",
        )
    return existing


def _refused_link() -> str:
    from django.utils.translation import gettext as _

    return _("Only those who may change the protection case ask to link a case to it.")


def may_answer(user: Any, request: LinkRequest) -> bool:
    return (
        request.case_id is not None
        and request.to_organisation_id in organisation_ids(user)
        and can(user, Action.CHANGE, Resource.CASE, request.case)
    )


def answer_link(actor: Actor, request: LinkRequest, accept: bool) -> LinkRequest:
    """Accept (the case is linked to the protection case) or decline a waiting request."""
    from tipnet.protection import services as protection

    with transaction.atomic():
        request = LinkRequest.objects.select_for_update().get(pk=request.pk)
        rules.check_answer(request.status, may_answer(actor.user, request))
        if accept:
            protection.link_criminal_case(actor, request.protection_case, request.case)
        before = request.status
        request.status = LinkStatus.ACCEPTED if accept else LinkStatus.DECLINED
        request.answered_by, request.answered_at = actor.user, timezone.now()
        request.save(update_fields=["status", "answered_by", "answered_at"])
        record_event(
            actor,
            AuditAction.CHANGE,
            target=request,
            changes={"status": {"old": before, "new": request.status}},
            detail=f"case #{request.case_id} protection case #{request.protection_case_id}",
        )
    return request


def link_requests_for(user: Any) -> tuple[list[LinkRequest], list[LinkRequest]]:
    """(requests to the user's organisation they may answer, requests their organisation sent
    for protection cases they may see)."""
    orgs = organisation_ids(user)
    if not orgs:
        return [], []
    related = LinkRequest.objects.select_related(
        "case__place", "protection_case__place", "from_organisation", "requested_by"
    )
    incoming = [
        r
        for r in related.filter(to_organisation_id__in=orgs).order_by("status", "-requested_at")[
            :200
        ]
        if may_answer(user, r)
    ]
    outgoing = [
        r
        for r in related.filter(from_organisation_id__in=orgs).order_by("-requested_at")[:200]
        if can(user, Action.VIEW, Resource.PROTECTION, r.protection_case)
    ]
    return incoming, outgoing


# --- Waiting items --------------------------------------------------------------------------


def waiting_counts(user: Any) -> dict[str, int]:
    """Children referred to the user's organisation waiting for the guardian's consent (for its
    protection workers) and link requests waiting for the user's organisation's answer (for
    its police and prosecutors)."""
    from tipnet.protection.models import ProtectionCase

    orgs = organisation_ids(user)
    counts: dict[str, int] = {}
    if not orgs:
        return counts
    if can(user, Action.CHANGE, Resource.PROTECTION):
        held = ProtectionCase.objects.filter(held_protection_cases()).exclude(stage="closed")
        counts["referred"] = CaseReferral.objects.filter(
            to_organisation_id__in=orgs, protection_case__in=held.values("pk")
        ).count()
    if can(user, Action.CHANGE, Resource.CASE) and scopes_for(user, Action.CHANGE, Resource.CASE):
        counts["links"] = LinkRequest.objects.filter(
            to_organisation_id__in=orgs, status=LinkStatus.PENDING
        ).count()
    return counts
