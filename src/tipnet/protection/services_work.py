"""Writes of the receiving organisation on a referred case: stays, services given, notes to
the sender. Each one transaction with its audit event on the referral, checked by the rules of
:mod:`tipnet.protection.receiving`; refused (:class:`NotAllowed`) to anyone but the receiver's
protection workers while the referral is accepted."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import NotAllowed
from tipnet.audit.models import AuditAction
from tipnet.audit.services import field_changes, record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.protection import receiving, rules
from tipnet.protection.models import Referral
from tipnet.protection.models_work import ReferralNote, ServiceGiven, Stay


def _locked(actor: Actor, referral: Referral) -> Referral:
    """The referral, locked, once the actor may work it: the status is checked on the row
    as it is now (a withdrawal a minute ago ends the work)."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if receiving.may_work(actor.user, current):
        return current
    if rules.side_of(actor.user, current) == "receiver":
        receiving.check_working(current.status)  # ended: refused with the reason
    raise NotAllowed(
        _("Only the organisation that accepted this referral records its work."),
        f"work on referral #{current.pk}: not its receiver",
    )


def _recorded(actor: Actor, referral: Referral, what: str, item: Any, text: str) -> None:
    record_event(
        actor,
        AuditAction.CHANGE,
        target=referral,
        changes={what: {"old": "", "new": f"#{item.pk} {text}"}},
        detail=f"{what} case #{referral.case_id}",
    )


def _today() -> Any:
    return timezone.localdate()


def add_stay(actor: Actor, referral: Referral, data: dict[str, Any]) -> Stay:
    with transaction.atomic():
        referral = _locked(actor, referral)
        receiving.check_stay(
            referral.requested_on, data["admitted_on"], data.get("discharged_on"), _today()
        )
        stay = Stay.objects.create(
            referral=referral,
            organisation_id=referral.to_organisation_id,
            recorded_by=actor.user,
            place=data["place"],
            admitted_on=data["admitted_on"],
            discharged_on=data.get("discharged_on"),
        )
        _recorded(actor, referral, "stay", stay, f"{stay.admitted_on}")
    return stay


def update_stay(actor: Actor, stay: Stay, data: dict[str, Any], version: int) -> Stay:
    """Record the discharge or correct the stay, if nobody saved it since ``version``."""
    with transaction.atomic():
        referral = _locked(actor, stay.referral)
        current = Stay.objects.select_for_update().get(pk=stay.pk)
        if current.version != version:
            raise StaleEdit(current)
        receiving.check_stay(
            referral.requested_on, data["admitted_on"], data.get("discharged_on"), _today()
        )
        before = {name: getattr(current, name) for name in Stay.FIELDS}
        for name in Stay.FIELDS:
            setattr(current, name, data.get(name))
        changes = field_changes(
            before, {name: getattr(current, name) for name in Stay.FIELDS},
            Stay.AUDIT_SEALED_FIELDS,
        )  # fmt: skip
        if changes:
            current.version += 1
            current.save()
            named = {f"stay {current.pk} {k}": v for k, v in changes.items()}
            record_event(actor, AuditAction.CHANGE, target=referral, changes=named,
                         detail=f"stay case #{referral.case_id}")  # fmt: skip
    return current


def add_service(actor: Actor, referral: Referral, data: dict[str, Any]) -> ServiceGiven:
    with transaction.atomic():
        referral = _locked(actor, referral)
        receiving.check_work_date(referral.requested_on, data["given_on"], _today())
        item = ServiceGiven.objects.create(
            referral=referral,
            organisation_id=referral.to_organisation_id,
            recorded_by=actor.user,
            given_on=data["given_on"],
            service=data["service"],
            note=data.get("note", ""),
        )
        _recorded(actor, referral, "service_given", item, f"{item.given_on} {item.service}")
    return item


def add_note(actor: Actor, referral: Referral, text: str) -> ReferralNote:
    with transaction.atomic():
        referral = _locked(actor, referral)
        note = ReferralNote.objects.create(
            referral=referral,
            organisation_id=referral.to_organisation_id,
            recorded_by=actor.user,
            text=text.strip(),
        )
        # The text stays encrypted on the note, never in the trail.
        _recorded(actor, referral, "note", note, "")
    return note
