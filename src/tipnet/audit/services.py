"""Writing audit events (one function, used everywhere) and verifying the chain."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from tipnet.audit.anchors import Anchor, UnreadableAnchor, read_anchors
from tipnet.audit.chain import GENESIS, ChainProblem, check_chain, event_hash
from tipnet.audit.keys import audit_keyring
from tipnet.audit.models import AuditEvent, AuditHead
from tipnet.core.actor import Actor
from tipnet.core.encryption import decrypt, encrypt

if TYPE_CHECKING:
    from django.http import HttpRequest

__all__ = ["GENESIS", "ChainProblem", "event_hash", "record_event", "verify_chain"]


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
    ring = audit_keyring()
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
            key_id=ring.current_id,
        )
        event.hash = event_hash(event, ring)
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


def _head() -> tuple[int, str]:
    head = AuditHead.objects.filter(id=1).first()
    return (head.sequence, head.hash) if head else (0, GENESIS)


def verify_chain(anchor_paths: Iterable[Path] | None = None) -> list[ChainProblem]:
    """Walk the whole chain: every edited, inserted or deleted event, every event sealed with
    a key tipnet does not hold, and the first rewritten one against the exported anchors (the
    anchor file, or ``anchor_paths``)."""
    anchors: list[Anchor] = []
    problems: list[ChainProblem] = []
    for anchor in read_anchors(anchor_paths):
        if isinstance(anchor, UnreadableAnchor):
            problems.append(ChainProblem(0, "anchor", f"an anchor cannot be read: {anchor}"))
        else:
            anchors.append(anchor)
    # The head first, then the events up to it: events written meanwhile are not "inserted".
    head = _head()
    events = AuditEvent.objects.filter(sequence__lte=head[0]).order_by("sequence")
    problems += check_chain(events.iterator(chunk_size=2000), head, anchors)
    stray = AuditEvent.objects.filter(sequence__gt=head[0]).order_by("sequence").first()
    if stray is not None and stray.sequence > _head()[0]:
        problems.append(
            ChainProblem(
                stray.sequence, "inserted", f"events after {head[0]} were added outside tipnet"
            )
        )
    return problems


def verify_since_last_anchor(head: tuple[int, str]) -> list[ChainProblem]:
    """The events from the newest exported anchor up to ``head`` (the whole chain if nothing
    was exported yet): what a new anchor would vouch for."""
    anchors = [a for a in read_anchors() if isinstance(a, Anchor) and 0 < a.sequence <= head[0]]
    last = max(anchors, key=lambda a: a.exported_at, default=None)
    if last is None:
        events = AuditEvent.objects.filter(sequence__lte=head[0]).order_by("sequence")
        return check_chain(events.iterator(chunk_size=2000), head)
    segment = AuditEvent.objects.filter(sequence__gte=last.sequence, sequence__lte=head[0])
    first = segment.order_by("sequence").first()
    link = first.previous_hash if first and first.sequence == last.sequence else GENESIS
    return check_chain(
        segment.order_by("sequence").iterator(chunk_size=2000),
        head,
        [last],
        start=(last.sequence, link),
    )
