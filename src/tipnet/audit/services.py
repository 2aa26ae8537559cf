"""Writing audit events (one function, used everywhere) and verifying the chain."""

from __future__ import annotations

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from tipnet.audit.models import AuditEvent, AuditHead

if TYPE_CHECKING:
    from django.http import HttpRequest

GENESIS = "0" * 64


def _client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind ``TIPNET_PROXY_COUNT`` trusted proxies, the address the
    outermost of them saw (X-Forwarded-For is only trusted that far)."""
    if request is None:
        return None
    proxies = settings.TIPNET_PROXY_COUNT
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        candidate = forwarded[-proxies]
        try:
            ipaddress.ip_address(candidate)
            return candidate
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None


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
    request: HttpRequest | None,
    action: str,
    *,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: dict[str, Any] | None = None,
    detail: str = "",
    actor: Any = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction if there is one."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
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
            ip_address=_client_ip(request),
            path=(request.get_full_path()[:500] if request is not None else ""),
            previous_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        AuditHead.objects.filter(id=1).update(sequence=event.sequence, hash=event.hash)
    return event


def detail_username(request: HttpRequest | None) -> str:
    """For events without a logged-in user (a failed login), the username that was tried."""
    if request is None or request.method != "POST":
        return ""
    return str(request.POST.get("username", ""))


def field_changes(
    before: dict[str, Any], after: dict[str, Any], secret_fields: set[str]
) -> dict[str, Any]:
    """Which fields changed: old and new values, or only the name for encrypted fields."""
    changed: dict[str, Any] = {}
    for name, new in after.items():
        old = before.get(name)
        if old == new:
            continue
        if name in secret_fields:
            changed[name] = {"changed": True}
        else:
            changed[name] = {
                "old": "" if old is None else str(old),
                "new": "" if new is None else str(new),
            }
    return changed


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
