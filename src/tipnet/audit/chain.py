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

from tipnet.audit.anchors import AnchorPoint
from tipnet.audit.keys import AuditKeyring, UnknownAuditKey, audit_keyring

GENESIS = "0" * 64


def _payload(event: Any) -> dict[str, Any]:
    chain = getattr(event, "chain", 1)
    return {
        # Chain 1 predates there being several (its events were sealed without the number).
        **({"chain": chain} if chain != 1 else {}),
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
    kind: str  # "edited", "deleted", "inserted", "unknown_key", "rewritten", "anchor"
    message: str
    chain: int = 1


def ref(chain: int, sequence: int) -> str:
    """How messages name an event: ``17``, or ``3.17`` for event 17 of chain 3."""
    return str(sequence) if chain == 1 else f"{chain}.{sequence}"


def check_chain(
    events: Iterable[Any],
    head: tuple[int, str],
    anchors: Iterable[AnchorPoint] = (),
    keyring: AuditKeyring | None = None,
    start: tuple[int, str] = (1, GENESIS),
    chain: int = 1,
) -> list[ChainProblem]:
    """Every edited, inserted or deleted event of ``events`` (in sequence order), and the first
    place where the chain disagrees with a head exported before (``anchors``).

    The hashes alone catch an edit by someone without the key. The anchors catch the rewrite
    that recomputes every hash with the key, or with none: an anchored event whose hash or key
    is not the one exported. The changed event then lies after the last anchor that still
    matches, which is what the report names."""
    ring = keyring or audit_keyring()
    pending = sorted(anchors, key=lambda a: (a.sequence, a.exported_at))
    walk = _Walk(ring, [a for a in pending if a.sequence >= start[0] and a.sequence > 0], chain)
    walk.expected, walk.previous, walk.last = start[0], start[1], start[0] - 1
    for event in events:
        walk.step(event)
    return walk.finish(*head)


class _Walk:
    def __init__(self, ring: AuditKeyring, anchors: list[AnchorPoint], chain: int) -> None:
        self.ring = ring
        self.chain = chain
        self.anchors: Iterator[AnchorPoint] = iter(anchors)
        self.next_anchor = next(self.anchors, None)
        self.problems: list[ChainProblem] = []
        self.expected = 1
        self.previous = GENESIS
        self.last = 0
        self.vouched = 0  # the newest sequence an anchor vouches for
        self.rewritten = False

    def add(self, sequence: int, kind: str, message: str) -> None:
        where = f" (chain {self.chain})" if self.chain != 1 else ""
        self.problems.append(ChainProblem(sequence, kind, message + where, self.chain))

    def step(self, event: Any) -> None:
        seq = event.sequence
        if seq > self.expected:
            self.add(self.expected, "deleted", f"events {self.expected}..{seq - 1} are missing")
        if event.previous_hash != self.previous and seq == self.expected:
            self.add(seq, "inserted", f"event {seq} does not link to the event before it")
        try:
            sealed = event_hash(event, self.ring)
        except UnknownAuditKey:
            self.add(seq, "unknown_key", f"event {seq} names audit key {event.key_id!r}, "
                     "which is not in TIPNET_AUDIT_KEYS")  # fmt: skip
        else:
            if not hmac.compare_digest(sealed, event.hash):
                self.add(seq, "edited", f"event {seq} was changed after it was written")
        self._check_digest(event)
        self._check_anchors(event)
        self.previous = event.hash
        self.expected = seq + 1
        self.last = seq

    def _check_digest(self, event: Any) -> None:
        anchor = self.next_anchor
        if self.rewritten or anchor is None or anchor.digests is None:
            return
        expected = anchor.digests.expected(event.sequence)
        if expected is not None and not event.hash.startswith(expected):
            self.rewritten = True
            self.add(event.sequence, "rewritten", f"the chain was rewritten: event "
                     f"{event.sequence} differs from the anchor of {_when(anchor)} (its hash "
                     f"began {expected}, now {event.hash[:len(expected)]})")  # fmt: skip

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
                self._rewritten(anchor)

    def _rewritten(self, anchor: AnchorPoint) -> None:
        first = self.vouched + 1
        where = (
            f"event {first} differs"
            if first == anchor.sequence
            else f"the first event that differs is one of events {first}..{anchor.sequence}"
            f" (event {self.vouched} still matches an earlier anchor)"
        )
        self.add(first, "rewritten", f"the chain was rewritten: event {anchor.sequence} is not "
                 f"the one exported in the anchor of {_when(anchor)} (hash "
                 f"{anchor.hash[:16]}..., key {anchor.key_id}); {where}")  # fmt: skip

    def finish(self, head_seq: int, head_hash: str) -> list[ChainProblem]:
        last = self.last
        beyond = [self.next_anchor, *self.anchors] if self.next_anchor else []
        if beyond:
            newest = max(beyond, key=lambda a: a.sequence)
            self.add(last + 1, "deleted", f"the chain ends at event {last} but the anchor of "
                     f"{_when(newest)} records event {newest.sequence}")  # fmt: skip
        if head_seq > last:
            message = f"the chain ends at event {last} but its head records event {head_seq}"
            self.add(last + 1, "deleted", message)
        elif head_seq < last:
            self.add(head_seq + 1, "inserted", f"events after {head_seq} were added outside tipnet")
        elif head_hash != self.previous:
            self.add(last, "edited", f"the newest event {last} does not match the chain head")
        return self.problems


def _when(anchor: AnchorPoint) -> str:
    return anchor.exported_at.isoformat(timespec="seconds")
