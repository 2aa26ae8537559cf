"""Checking the audit chains: all of them against every anchor (``tipnet audit verify``), or
what a new anchor would vouch for (:func:`verify_since_last_anchor`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from tipnet.audit.anchors import (
    DIGEST_CHARS,
    DIGESTS_KEPT,
    Anchor,
    AnchorPoint,
    ChainHead,
    Digests,
    UnreadableAnchor,
    read_anchors,
)
from tipnet.audit.chain import GENESIS, ChainProblem, check_chain
from tipnet.audit.models import AuditEvent, AuditHead

CHUNK = 2000


def _heads() -> dict[int, tuple[int, str]]:
    return {h.id: (h.sequence, h.hash) for h in AuditHead.objects.all()}


def verify_chain(anchor_paths: Iterable[Path] | None = None) -> list[ChainProblem]:
    """Walk every chain: every edited, inserted or deleted event, every event sealed with a key
    tipnet does not hold, and the first rewritten one against the exported anchors (the anchor
    file, or ``anchor_paths``)."""
    points: dict[int, list[AnchorPoint]] = defaultdict(list)
    problems: list[ChainProblem] = []
    for anchor in read_anchors(anchor_paths):
        if isinstance(anchor, UnreadableAnchor):
            problems.append(ChainProblem(0, "anchor", f"an anchor cannot be read: {anchor}"))
            continue
        for point in anchor.points():
            points[point.chain].append(point)
    # The heads first, then the events up to them: events written meanwhile are not "inserted".
    heads = _heads()
    chains = set(heads) | set(points)
    chains |= set(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
    for chain in sorted(chains):
        head = heads.get(chain, (0, GENESIS))
        events = AuditEvent.objects.filter(chain=chain, sequence__lte=head[0]).order_by("sequence")
        problems += check_chain(events.iterator(chunk_size=CHUNK), head, points[chain], chain=chain)
        stray = AuditEvent.objects.filter(chain=chain, sequence__gt=head[0])
        first = stray.order_by("sequence").first()
        if first is not None and first.sequence > _heads().get(chain, (0, ""))[0]:
            where = f" (chain {chain})" if chain != 1 else ""
            message = f"events after {head[0]} were added outside tipnet{where}"
            problems.append(ChainProblem(first.sequence, "inserted", message, chain))
    return problems


def _latest_points(heads: Sequence[ChainHead]) -> dict[int, AnchorPoint]:
    """Each chain's newest exported anchor point that its head has not fallen behind."""
    reach = {h.chain: h.sequence for h in heads}
    latest: dict[int, AnchorPoint] = {}
    for anchor in read_anchors():
        if isinstance(anchor, Anchor):
            for point in anchor.points():
                known = latest.get(point.chain)
                if 0 < point.sequence <= reach.get(point.chain, 0) and (
                    known is None or point.exported_at >= known.exported_at
                ):
                    latest[point.chain] = point
    return latest


def digests_since_last_anchor(heads: Sequence[ChainHead]) -> dict[int, Digests]:
    """For each chain, the digests of its events after its newest anchor up to its head
    (verified first: the numbers have no gaps)."""
    latest = _latest_points(heads)
    found: dict[int, Digests] = {}
    for head in heads:
        first = latest[head.chain].sequence + 1 if head.chain in latest else 1
        count = head.sequence - first + 1
        if count <= 0:
            continue
        stride = -(-count // DIGESTS_KEPT)
        events = AuditEvent.objects.filter(
            chain=head.chain, sequence__gte=first, sequence__lte=head.sequence
        )
        prefixes = [
            h[:DIGEST_CHARS]
            for seq, h in events.order_by("sequence").values_list("sequence", "hash").iterator()
            if (seq - first) % stride == 0
        ]
        found[head.chain] = Digests(first, stride, "".join(prefixes))
    return found


def verify_since_last_anchor(heads: Sequence[ChainHead]) -> list[ChainProblem]:
    """For each chain, the events from the newest exported anchor up to its head in ``heads``
    (the whole chain if it was never anchored): what a new anchor would vouch for."""
    latest = _latest_points(heads)
    problems: list[ChainProblem] = []
    for head in heads:
        events = AuditEvent.objects.filter(chain=head.chain, sequence__lte=head.sequence)
        last = latest.get(head.chain)
        if last is None:
            walk = events.order_by("sequence").iterator(chunk_size=CHUNK)
            problems += check_chain(walk, (head.sequence, head.hash), chain=head.chain)
            continue
        segment = events.filter(sequence__gte=last.sequence).order_by("sequence")
        first = segment.first()
        link = first.previous_hash if first and first.sequence == last.sequence else GENESIS
        problems += check_chain(
            segment.iterator(chunk_size=CHUNK),
            (head.sequence, head.hash),
            [last],
            start=(last.sequence, link),
            chain=head.chain,
        )
    return problems
