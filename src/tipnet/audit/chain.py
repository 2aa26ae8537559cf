"""The audit chain as pure functions: how an event is sealed, and how the chain is checked.

Each event's hash is an HMAC-SHA256, under the key its ``key_id`` names, of its content, its
sequence number, its key id and the hash of the event before it. Without the key nobody can
recompute a chain that verifies; with the key (or the database alone, after an anchor) a rewrite
still shows against the heads exported outside the database (:mod:`tipnet.audit.anchors`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from tipnet.audit.anchors import Anchor
from tipnet.audit.keys import AuditKeyring, UnknownAuditKey, audit_keyring

GENESIS = "0" * 64


def _payload(event: Any) -> dict[str, Any]:
    return {
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


def _text(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def legacy_hash(event: Any) -> str:
    """The unkeyed SHA-256 of the chain before it was keyed (migration 0004 checks it once)."""
    return hashlib.sha256(_text(_payload(event))).hexdigest()


def event_hash(event: Any, keyring: AuditKeyring | None = None) -> str:
    """The HMAC-SHA256 of the event under the key its ``key_id`` names (the key id is sealed
    too: relabelling an event with another key breaks it)."""
    key = (keyring or audit_keyring()).key(event.key_id)
    payload = {**_payload(event), "key": event.key_id}
    return hmac.new(key, _text(payload), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    kind: str  # "edited", "deleted", "inserted", "unknown_key", "rewritten"
    message: str


def check_chain(
    events: Iterable[Any],
    head: tuple[int, str],
    anchors: Iterable[Anchor] = (),
    keyring: AuditKeyring | None = None,
    start: tuple[int, str] = (1, GENESIS),
) -> list[ChainProblem]:
    """Every edited, inserted or deleted event of ``events`` (in sequence order), and the first
    place where the chain disagrees with a head exported before (``anchors``).

    The hashes alone catch an edit by someone without the key. The anchors catch the rewrite
    that recomputes every hash with the key, or with none: an anchored event whose hash or key
    is not the one exported. The changed event then lies after the last anchor that still
    matches, which is what the report names."""
    ring = keyring or audit_keyring()
    pending = sorted(anchors, key=lambda a: (a.sequence, a.exported_at))
    walk = _Walk(ring, [a for a in pending if a.sequence >= start[0] and a.sequence > 0])
    walk.expected, walk.previous, walk.last = start[0], start[1], start[0] - 1
    for event in events:
        walk.step(event)
    return walk.finish(*head)


class _Walk:
    def __init__(self, ring: AuditKeyring, anchors: list[Anchor]) -> None:
        self.ring = ring
        self.anchors: Iterator[Anchor] = iter(anchors)
        self.next_anchor = next(self.anchors, None)
        self.problems: list[ChainProblem] = []
        self.expected = 1
        self.previous = GENESIS
        self.last = 0
        self.vouched = 0  # the newest sequence an anchor vouches for
        self.rewritten = False

    def step(self, event: Any) -> None:
        add = self.problems.append
        seq = event.sequence
        if seq > self.expected:
            add(ChainProblem(self.expected, "deleted",
                             f"events {self.expected}..{seq - 1} are missing"))  # fmt: skip
        if event.previous_hash != self.previous and seq == self.expected:
            add(ChainProblem(seq, "inserted",
                             f"event {seq} does not link to the event before it"))  # fmt: skip
        try:
            sealed = event_hash(event, self.ring)
        except UnknownAuditKey:
            add(ChainProblem(seq, "unknown_key", f"event {seq} names audit key "
                             f"{event.key_id!r}, which is not in TIPNET_AUDIT_KEYS"))  # fmt: skip
        else:
            if not hmac.compare_digest(sealed, event.hash):
                add(ChainProblem(seq, "edited", f"event {seq} was changed after it was written"))
        self._check_anchors(event)
        self.previous = event.hash
        self.expected = seq + 1
        self.last = seq

    def _check_anchors(self, event: Any) -> None:
        while self.next_anchor is not None and self.next_anchor.sequence <= event.sequence:
            anchor, self.next_anchor = self.next_anchor, next(self.anchors, None)
            if anchor.sequence < event.sequence:
                continue  # that event is missing: reported as a gap already
            if anchor.hash == event.hash and anchor.key_id == event.key_id:
                if not self.rewritten:
                    self.vouched = anchor.sequence
            elif not self.rewritten:
                self.rewritten = True
                self.problems.append(self._rewritten(anchor))

    def _rewritten(self, anchor: Anchor) -> ChainProblem:
        first = self.vouched + 1
        where = (
            f"event {first} differs"
            if first == anchor.sequence
            else f"the first event that differs is one of events {first}..{anchor.sequence}"
            f" (event {self.vouched} still matches an earlier anchor)"
        )
        return ChainProblem(
            first,
            "rewritten",
            f"the chain was rewritten: event {anchor.sequence} is not the one exported in the "
            f"anchor of {anchor.exported_at.isoformat(timespec='seconds')} "
            f"(hash {anchor.hash[:16]}..., key {anchor.key_id}); {where}",
        )

    def finish(self, head_seq: int, head_hash: str) -> list[ChainProblem]:
        add = self.problems.append
        last = self.last
        beyond = [self.next_anchor, *self.anchors] if self.next_anchor else []
        if beyond:
            newest = max(beyond, key=lambda a: a.sequence)
            add(ChainProblem(last + 1, "deleted", f"the chain ends at event {last} but the "
                             f"anchor of {newest.exported_at.isoformat(timespec='seconds')} "
                             f"records event {newest.sequence}"))  # fmt: skip
        if head_seq > last:
            add(ChainProblem(last + 1, "deleted",
                             f"the chain ends at event {last} but its head records "
                             f"event {head_seq}"))  # fmt: skip
        elif head_seq < last:
            add(ChainProblem(head_seq + 1, "inserted",
                             f"events after {head_seq} were added outside tipnet"))  # fmt: skip
        elif head_hash != self.previous:
            add(ChainProblem(last, "edited",
                             f"the newest event {last} does not match the chain head"))  # fmt: skip
        return self.problems
