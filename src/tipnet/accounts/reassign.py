"""Handing a worker's open cases on: when they leave, go on leave, or their account was
deactivated. A supervisor (``Action.REASSIGN``, see :mod:`tipnet.accounts.caseload`) moves all
or some of the open criminal cases and protection cases one worker holds (or that nobody holds)
to another worker of the organisation, with a reason, in one transaction: every record is
version-checked and audited with its old and new holder, or nothing moves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, can
from tipnet.accounts.caseload import KIND_BY_KEY, Kind, supervised_kinds
from tipnet.accounts.models import User
from tipnet.audit.models import AuditAction
from tipnet.audit.services import field_changes, record_event
from tipnet.core.actor import Actor


class Refused(Exception):
    """A reassignment that cannot be made as asked; ``message`` says why, translated, and
    ``field`` which entry of the form it is about (``None``: the choice of cases)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Pick:
    """One record chosen on the page, with the version the page showed."""

    kind: str  # a key of caseload.KIND_BY_KEY
    pk: int
    version: int

    @classmethod
    def parse(cls, value: str) -> Pick | None:
        """``"case:12:3"``; ``None`` for anything else."""
        parts = value.split(":")
        if len(parts) != 3 or parts[0] not in KIND_BY_KEY:
            return None
        try:
            pk, version = int(parts[1]), int(parts[2])
        except ValueError:
            return None
        return cls(parts[0], pk, version) if pk > 0 and version > 0 else None


def _label(kind: Kind, record: Any) -> str:
    # The case number or the protection case's reference: never a title or a name.
    return str(record.number) if kind.key == "case" else str(record.reference)


def check_target(target: User | None, worker: User | None, organisation: Any,
                 kinds: Iterable[Kind]) -> User:  # fmt: skip
    """The worker who takes the work over, or :class:`Refused` with the reason."""
    if target is None:
        raise Refused(_("Choose the worker who takes the cases over."), "target")
    name = target.display_name
    if not target.is_active:
        raise Refused(
            _("The account of %(name)s is deactivated: choose an active worker.") % {"name": name},
            "target",
        )
    if target.organisation_id != organisation.pk:
        raise Refused(
            _("%(name)s does not work for %(organisation)s: choose a worker of your organisation.")
            % {"name": name, "organisation": organisation},
            "target",
        )
    if worker is not None and target.pk == worker.pk:
        raise Refused(_("Choose another worker than the one who holds the cases now."), "target")
    for kind in kinds:
        if not target.role_codes() & kind.holder_roles():
            raise Refused(
                _("The role of %(name)s does not take %(work)s: choose a worker whose role does.")
                % {"name": name, "work": str(kind.label).lower()},
                "target",
            )
    return target


def reassign(actor: Actor, worker: User | None, target: User | None, picks: list[Pick],
             reason: str) -> int:  # fmt: skip
    """Move the picked records from ``worker`` (``None``: records nobody holds) to
    ``target``; the number moved. Refuses (:class:`Refused`, or ``NotAllowed`` for a record
    the actor may not hand on) before anything is written."""
    user = actor.user
    allowed = {k.key for k in supervised_kinds(user)}
    if not allowed:
        raise NotAllowed(_("Your role may not reassign cases."), "reassign: no supervisor role")
    reason = (reason or "").strip()
    if not picks:
        raise Refused(_("Choose at least one case to hand on."))
    by_kind: dict[str, dict[int, int]] = {}
    for pick in picks:
        if pick.kind not in allowed:
            raise NotAllowed(
                _("Your role may not reassign these cases."), f"reassign {pick.kind}: no grant"
            )
        by_kind.setdefault(pick.kind, {})[pick.pk] = pick.version
    kinds = [KIND_BY_KEY[key] for key in by_kind]
    target = check_target(target, worker, user.organisation, kinds)
    if not reason:
        raise Refused(_("Give the reason for handing the cases on."), "reason")
    moved = 0
    with transaction.atomic():
        locked = [(kind, _lock(kind, by_kind[kind.key])) for kind in kinds]
        for kind, records in locked:
            open_ids = set(kind.open(kind.model._default_manager.filter(pk__in=by_kind[kind.key]))
                           .values_list("pk", flat=True))  # fmt: skip
            for pk, version in by_kind[kind.key].items():
                _check_record(user, worker, kind, records.get(pk), version, pk in open_ids)
        for kind, records in locked:
            for record in records.values():
                _move(actor, kind, record, target, reason)
                moved += 1
    return moved


def _lock(kind: Kind, versions: dict[int, int]) -> dict[int, Any]:
    qs = kind.model._default_manager.select_for_update().filter(pk__in=list(versions))
    return {record.pk: record for record in qs.order_by("pk")}


def _check_record(user: User, worker: User | None, kind: Kind, record: Any, version: int,
                  is_open: bool) -> None:  # fmt: skip
    if record is None:
        raise Refused(
            _("A case on this page no longer exists: nothing was handed on. Open the page again.")
        )
    if record.owner_organisation_id != user.organisation_id or not can(
        user, Action.REASSIGN, kind.resource, record
    ):
        raise NotAllowed(
            _("You may not hand on %(record)s.") % {"record": _label(kind, record)},
            f"reassign {kind.key} {record.pk}: outside the supervisor's scope",
        )
    holder = getattr(record, f"{kind.worker_field}_id")
    if record.version != version or holder != (worker.pk if worker else None) or not is_open:
        raise Refused(
            _("%(record)s was changed by someone else after you opened this page: nothing was "
              "handed on. Look at the page again and redo the choice.")
            % {"record": _label(kind, record)}
        )  # fmt: skip


def _move(actor: Actor, kind: Kind, record: Any, target: User, reason: str) -> None:
    attname = f"{kind.worker_field}_id"
    old = getattr(record, attname)
    setattr(record, attname, target.pk)
    record.version += 1
    record.save(update_fields=[kind.worker_field, "version", "updated_at"])
    changes = {kind.worker_field: {"old": "" if old is None else str(old), "new": str(target.pk)}}
    changes.update(field_changes({}, {"reason": reason}, {"reason"}))
    record_event(actor, AuditAction.CHANGE, target=record, changes=changes, detail="reassigned")
