"""Anchors: the head of the audit chain, exported to places outside the database.

An anchor is, for each chain, the newest event's sequence number, hash and key id, with the time
it was written; and the time of export. :func:`export_anchor` appends one, as a line of JSON, to
``TIPNET_AUDIT_ANCHOR_DIR/anchors.jsonl`` (opened append-only; the directory can be made
append-only with ``chattr +a``, or copied off the machine) and logs the same line to the
``tipnet.audit.anchors`` logger (the system log where ``TIPNET_AUDIT_SYSLOG`` is set).
``tipnet audit verify`` then checks the chain against every anchor: whoever rewrites events
afterwards, by database access alone and even with the audit key, cannot change what was
exported, and the rewrite shows from the first event no anchor vouches for.

The scheduler calls :func:`export_anchor` (``tipnet audit anchor`` from the command line).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger("tipnet.audit.anchors")
FILENAME = "anchors.jsonl"
PREFIX = "tipnet audit anchor "


DIGEST_CHARS = 8  # of each event's hash: enough to name the event that differs
DIGESTS_KEPT = 10_000  # per chain and anchor; more events are sampled at a stride


@dataclass(frozen=True)
class Digests:
    """The first characters of the hashes of events ``first``, ``first + stride``, ... of a
    chain, up to an anchored head: they let verify name the first event that differs, not only
    the stretch between two anchors. In the anchor file only (system log lines stay short)."""

    first: int
    stride: int
    prefixes: str

    def expected(self, sequence: int) -> str | None:
        offset, rest = divmod(sequence - self.first, self.stride)
        start = offset * DIGEST_CHARS
        if offset < 0 or rest or start >= len(self.prefixes):
            return None
        return self.prefixes[start : start + DIGEST_CHARS]

    def as_dict(self) -> dict[str, object]:
        return {"from": self.first, "stride": self.stride, "hashes": self.prefixes}


@dataclass(frozen=True)
class ChainHead:
    """The newest event of one chain: its number in the chain, hash, key id and time."""

    chain: int
    sequence: int
    hash: str
    key_id: str
    event_time: datetime | None
    digests: Digests | None = None

    def as_dict(self, digests: bool = True) -> dict[str, object]:
        data: dict[str, object] = {
            "chain": self.chain,
            "sequence": self.sequence,
            "hash": self.hash,
            "key_id": self.key_id,
            "event_time": self.event_time.isoformat() if self.event_time else None,
        }
        if digests and self.digests:
            data["digests"] = self.digests.as_dict()
        return data


@dataclass(frozen=True)
class AnchorPoint:
    """One chain's head as one anchor exported it: what :func:`check_chain` compares."""

    chain: int
    sequence: int
    hash: str
    key_id: str
    exported_at: datetime
    digests: Digests | None = None


@dataclass(frozen=True)
class Anchor:
    """The heads of every chain, exported together at ``exported_at``."""

    heads: tuple[ChainHead, ...]
    exported_at: datetime

    @property
    def sequence(self) -> int:
        """How many events the anchor vouches for (over all chains)."""
        return sum(h.sequence for h in self.heads)

    def points(self) -> list[AnchorPoint]:
        return [
            AnchorPoint(h.chain, h.sequence, h.hash, h.key_id, self.exported_at, h.digests)
            for h in self.heads
        ]

    def as_json(self, digests: bool = True) -> str:
        heads = [h.as_dict(digests) for h in self.heads]
        return json.dumps({"exported_at": self.exported_at.isoformat(), "heads": heads},
                          sort_keys=True)  # fmt: skip


class UnreadableAnchor(ValueError):
    """A line of an anchor file that is not an anchor (damaged, or edited by hand)."""


def parse_anchor(line: str) -> Anchor:
    """An anchor from a line of the anchor file, or from a system log line that carries one."""
    start = line.find("{")
    try:
        # Any: JSON of unknown shape; a missing key or a None (no "{") raises, caught below.
        data: Any = json.loads(line[start:]) if start >= 0 else None
        heads = tuple(
            ChainHead(
                chain=int(h["chain"]),
                sequence=int(h["sequence"]),
                hash=str(h["hash"]),
                key_id=str(h["key_id"]),
                event_time=datetime.fromisoformat(h["event_time"]) if h["event_time"] else None,
                digests=_digests(h.get("digests")),
            )
            for h in data["heads"]
        )
        return Anchor(heads, datetime.fromisoformat(data["exported_at"]))
    except (TypeError, KeyError, ValueError) as exc:
        raise UnreadableAnchor(line.strip()[:200]) from exc


def _digests(data: dict | None) -> Digests | None:
    if not data:
        return None
    return Digests(int(data["from"]), max(1, int(data["stride"])), str(data["hashes"]))


def anchor_file() -> Path:
    return Path(settings.TIPNET_AUDIT_ANCHOR_DIR) / FILENAME


def read_anchors(paths: Iterable[Path] | None = None) -> Iterator[Anchor | UnreadableAnchor]:
    """Every anchor in the anchor file (or in ``paths``: copies, system log extracts), with an
    :class:`UnreadableAnchor` in place of each line that is not one."""
    for path in [anchor_file()] if paths is None else paths:
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                try:
                    yield parse_anchor(line)
                except UnreadableAnchor as exc:
                    yield exc


def current_heads() -> tuple[ChainHead, ...]:
    """Every chain's head as the database has it (chains with events only)."""
    from tipnet.audit.models import AuditEvent, AuditHead

    heads = []
    for head in AuditHead.objects.filter(sequence__gt=0).order_by("id"):
        event = AuditEvent.objects.filter(chain=head.id, sequence=head.sequence).first()
        key_id, event_time = (event.key_id, event.timestamp) if event else ("", None)
        heads.append(ChainHead(head.id, head.sequence, head.hash, key_id, event_time))
    return tuple(heads)


def write_anchor(anchor: Anchor, path: Path | None = None) -> None:
    """Append the anchor to the anchor file (flushed to disk) and to the system log."""
    path = path or anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (anchor.as_json() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    logger.info("%s%s", PREFIX, anchor.as_json(digests=False))


def export_anchor(now: datetime | None = None) -> Anchor:
    """Export the chain's current head (see the module's docstring); ``now`` for a fixed clock.

    The events since the previous anchor are checked first: a head that does not verify is
    not exported (that would vouch for the damage). :class:`ChainBroken` says why, and the
    system log has it as an error."""
    from tipnet.audit.verification import digests_since_last_anchor, verify_since_last_anchor

    heads = current_heads()
    problems = verify_since_last_anchor(heads)
    if problems:
        text = "; ".join(p.message for p in problems[:5])
        logger.error("tipnet audit anchor refused: the chain does not verify: %s", text)
        raise ChainBroken(problems)
    digests = digests_since_last_anchor(heads)
    heads = tuple(replace(h, digests=digests.get(h.chain)) for h in heads)
    anchor = Anchor(heads, now or timezone.now())
    write_anchor(anchor)
    return anchor


class ChainBroken(Exception):
    def __init__(self, problems: list) -> None:
        super().__init__(f"audit chain broken: {len(problems)} problem(s)")
        self.problems = problems
