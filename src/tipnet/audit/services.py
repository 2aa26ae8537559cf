"""Writing audit events (one function, used everywhere) and verifying the chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from tipnet.audit.models import AuditEvent, AuditHead
from tipnet.core.actor import Actor
from tipnet.core.encryption import decrypt, encrypt

if TYPE_CHECKING:
    from django.http import HttpRequest

GENESIS = "0" * 64


def event_hash(event: AuditEvent) -> str:
    payload = {
        "sequence": event.sequence,
        "timestamp": event.timestamp.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_username": event.actor_username,
        "organisation": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "changes": event.changes,
        "detail": event.detail,
        "ip": event.ip_address,
        "path": event.path,
        "previous": event.previous_hash,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_event(
    request: HttpRequest | Actor | None,
    action: str,
    *,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: dict[str, Any] | None = None,
    detail: str = "",
    actor: Any = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction if there is one.
    ``request`` is the web request or the service's :class:`Actor`; the path is stored
    without its query string (search terms never reach the trail)."""
    source = request if isinstance(request, Actor) else Actor.of(request) if request else None
    if actor is None and source is not None:
        actor = source.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk or "")
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            sequence=head.sequence + 1,
            timestamp=timezone.now(),
            actor_id=actor.pk if actor else None,
            actor_username=(actor.get_username() if actor else detail_username(request))[:150],
            organisation_id=getattr(actor, "organisation_id", None),
            action=action,
            object_type=object_type[:64],
            object_id=str(object_id)[:64],
            changes=json.loads(json.dumps(changes or {}, default=str)),
            detail=detail[:500],
            ip_address=source.ip if source else None,
            path=source.path[:500] if source else "",
            previous_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        AuditHead.objects.filter(id=1).update(sequence=event.sequence, hash=event.hash)
    return event


def detail_username(request: HttpRequest | Actor | None) -> str:
    """For events without a logged-in user (a failed login), the username that was tried."""
    if request is None or isinstance(request, Actor) or request.method != "POST":
        return ""
    return str(request.POST.get("username", ""))


def field_changes(
    before: dict[str, Any], after: dict[str, Any], sealed_fields: Iterable[str]
) -> dict[str, Any]:
    """Which fields changed: old and new values in clear for the fields that identify nobody;
    for identifying ones (names, dates of birth, numbers, free text: ``sealed_fields``) only
    that they changed, with the values encrypted (``sealed``), so that the trail is no side
    door to what the record itself hides."""
    sealed = set(sealed_fields)
    changed: dict[str, Any] = {}
    for name, new in after.items():
        old = before.get(name)
        if old == new:
            continue
        if name in sealed and isinstance(old or new, bytes | memoryview):
            changed[name] = {"changed": True}  # a photo: that it changed is enough
        elif name in sealed:
            values = json.dumps({"old": old, "new": new}, default=str, ensure_ascii=False)
            changed[name] = {"changed": True, "sealed": encrypt(values, SEALED_CONTEXT)}
        else:
            changed[name] = {
                "old": "" if old is None else str(old),
                "new": "" if new is None else str(new),
            }
    return changed


SEALED_CONTEXT = "audit.changes"


def unseal(change: dict[str, Any]) -> dict[str, Any]:
    """The old and new values of a sealed change (for whoever may identify its record)."""
    result: dict[str, Any] = json.loads(decrypt(change["sealed"], SEALED_CONTEXT))
    return result


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    kind: str  # "edited", "deleted", "inserted", "truncated"
    message: str


def verify_chain() -> list[ChainProblem]:
    """Walk the whole chain; report every edited, inserted or deleted event."""
    problems: list[ChainProblem] = []
    expected_seq = 1
    previous = GENESIS
    last_seq = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if event.sequence > expected_seq:
            problems.append(
                ChainProblem(
                    expected_seq,
                    "deleted",
                    f"events {expected_seq}..{event.sequence - 1} are missing",
                )
            )
        if event.previous_hash != previous and event.sequence == expected_seq:
            problems.append(
                ChainProblem(
                    event.sequence,
                    "inserted",
                    f"event {event.sequence} does not link to the event before it",
                )
            )
        if event_hash(event) != event.hash:
            problems.append(
                ChainProblem(
                    event.sequence,
                    "edited",
                    f"event {event.sequence} was changed after it was written",
                )
            )
        previous = event.hash
        expected_seq = event.sequence + 1
        last_seq = event.sequence
    head = AuditHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.sequence, head.hash) if head else (0, GENESIS)
    if head_seq > last_seq:
        problems.append(
            ChainProblem(
                last_seq + 1,
                "deleted",
                f"the chain ends at event {last_seq} but its head records event {head_seq}",
            )
        )
    elif head_seq < last_seq:
        problems.append(
            ChainProblem(
                head_seq + 1,
                "inserted",
                f"events after {head_seq} were added outside tipnet",
            )
        )
    elif head_hash != previous:
        problems.append(
            ChainProblem(
                last_seq,
                "edited",
                f"the newest event {last_seq} does not match the chain head",
            )
        )
    return problems
