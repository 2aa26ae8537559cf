"""Writing audit events (one function, used everywhere) and verifying the chain."""

from __future__ import annotations

import itertools
import json
import secrets
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from tipnet.audit.chain import GENESIS, ChainProblem, event_hash
from tipnet.audit.keys import audit_keyring
from tipnet.audit.models import AuditEvent, AuditHead
from tipnet.audit.verification import verify_chain
from tipnet.core.actor import Actor
from tipnet.core.encryption import decrypt, encrypt

if TYPE_CHECKING:
    from django.http import HttpRequest

__all__ = ["GENESIS", "ChainProblem", "event_hash", "record_event", "verify_chain"]


class _ThisThread(threading.local):
    chain = 0


_this_thread = _ThisThread()
# Threads of one process take the chains in turn (from a random start, so that processes
# spread too): twenty threads over sixteen chains share as few heads as they can.
_turns = itertools.count(secrets.randbelow(1 << 16))


def chain_for_this_thread() -> int:
    """The chain this thread appends to, chosen once per thread (per worker process, under
    gunicorn). Writers in different chains never wait for each other; and as a thread keeps
    its chain, one transaction only ever locks one head (no deadlock between chains)."""
    count = max(1, int(settings.TIPNET_AUDIT_CHAINS))
    if not 1 <= _this_thread.chain <= count:
        _this_thread.chain = 1 + next(_turns) % count
    return _this_thread.chain


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
    """Append one event to this thread's chain, inside the caller's transaction if there is
    one (the chain's head stays locked until that transaction ends).
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
        chain = chain_for_this_thread()
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=chain)
        event = AuditEvent(
            chain=chain,
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
        AuditHead.objects.filter(id=chain).update(sequence=event.sequence, hash=event.hash)
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
