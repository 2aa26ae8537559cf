from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tipnet.audit.anchors import ChainBroken, anchor_file, export_anchor
from tipnet.audit.chain import event_hash, legacy_hash
from tipnet.audit.keys import parse_audit_keyring
from tipnet.audit.services import record_event, verify_chain
from tipnet.audit.tests import intruder

NOON = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def _with_a_wrong_key(event):  # type: ignore[no-untyped-def]
    """The intruder's guess at the key, under the key id the event names."""
    return event_hash(event, parse_audit_keyring(f"{event.key_id}:" + "A" * 44))


def _write_events(n: int) -> None:
    for i in range(n):
        record_event(None, "view", object_type="people.person", object_id=str(i), detail=f"e{i}")


def _kinds(problems):  # type: ignore[no-untyped-def]
    return [(p.kind, p.sequence) for p in problems]


def test_it_exports_the_head_to_the_anchor_file_and_the_log(db, caplog):
    _write_events(3)
    with caplog.at_level(logging.INFO, logger="tipnet.audit.anchors"):
        anchor = export_anchor(now=NOON)
    assert (anchor.sequence, anchor.exported_at) == (3, NOON)
    line = json.loads(anchor_file().read_text().splitlines()[-1])
    assert line["exported_at"] == "2026-05-01T12:00:00+00:00"
    (head,) = line["heads"]
    assert (head["chain"], head["sequence"], head["hash"]) == (1, 3, anchor.heads[0].hash)
    assert head["key_id"] == anchor.heads[0].key_id != ""
    assert f'"hash": "{head["hash"]}"' in caplog.text
    export_anchor()
    assert len(anchor_file().read_text().splitlines()) == 2  # appended, never rewritten
    assert verify_chain() == []


def test_it_exports_an_anchor_of_an_empty_chain(db):
    assert export_anchor(now=NOON).sequence == 0
    assert verify_chain() == []
    out = call_command_output("audit", "anchor")
    assert "0 events (none)" in out


def call_command_output(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "rehash",
    [legacy_hash, _with_a_wrong_key],
    ids=["without the key", "with a wrong key"],
)
def test_it_detects_a_rewrite_without_the_key(db, rehash):
    _write_events(6)
    export_anchor(now=NOON)
    intruder.rewrite(2, "nothing to see", rehash)
    problems = verify_chain()
    assert _kinds(problems)[0] == ("edited", 2)  # the first event that differs
    assert ("rewritten", 2) in _kinds(problems)  # nor the one the anchor has
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("audit", "verify")


def test_it_detects_a_rewrite_with_the_key_after_an_anchor(db):
    """The whole attack: triggers dropped, an event edited, every later hash and the head
    recomputed with the right key. The chain is self-consistent; only the anchors know."""
    _write_events(3)
    export_anchor(now=NOON)
    _write_events(4)
    export_anchor(now=NOON)  # event 7
    _write_events(2)
    intruder.rewrite(5, "nothing to see", event_hash)
    problems = verify_chain()
    assert _kinds(problems) == [("rewritten", 5)]
    assert "event 5 differs from the anchor of 2026-05-01T12:00:00+00:00" in problems[0].message
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("audit", "verify")


def test_it_bounds_a_rewrite_by_the_anchors_of_the_system_log(db, caplog, tmp_path):
    """The system log has the heads only: the rewrite is placed between two of them."""
    with caplog.at_level(logging.INFO, logger="tipnet.audit.anchors"):
        _write_events(3)
        export_anchor(now=NOON)
        _write_events(4)
        export_anchor(now=NOON)  # event 7
    _write_events(2)
    log = tmp_path / "syslog"
    log.write_text("".join(f"host tipnet: {r.getMessage()}\n" for r in caplog.records))
    assert "digests" not in log.read_text()
    intruder.rewrite(5, "nothing to see", event_hash)
    problems = verify_chain([log])
    assert _kinds(problems) == [("rewritten", 4)]
    assert "event 7 is not the one exported" in problems[0].message
    assert "one of events 4..7" in problems[0].message
    assert "event 3 still matches an earlier anchor" in problems[0].message


def test_it_names_the_changed_event_when_anchors_are_frequent(db):
    for _ in range(4):
        _write_events(1)
        export_anchor()
    intruder.rewrite(3, "nothing to see", event_hash)
    problems = verify_chain()
    assert _kinds(problems) == [("rewritten", 3)]
    assert "event 3 differs from the anchor" in problems[0].message


def test_it_detects_events_cut_below_an_anchor(db):
    _write_events(5)
    export_anchor()
    intruder.cut_tail(3)
    problems = verify_chain()
    assert _kinds(problems) == [("deleted", 4)]
    assert "records event 5" in problems[0].message


def test_it_passes_a_chain_that_grew_after_its_anchors(db):
    _write_events(2)
    export_anchor()
    _write_events(2)
    export_anchor()
    _write_events(2)
    assert verify_chain() == []
    out = call_command_output("audit", "verify")
    assert "audit chain intact: 6 events in 1 chain(s), checked against 2 anchor(s)" in out


def test_it_refuses_to_anchor_a_broken_chain(db):
    _write_events(3)
    export_anchor()
    _write_events(2)
    intruder.rewrite(4, "nothing to see", legacy_hash)
    with pytest.raises(ChainBroken):
        export_anchor()
    assert len(anchor_file().read_text().splitlines()) == 1
    with pytest.raises(CommandError, match="no anchor exported"):
        call_command("audit", "anchor")


def test_it_verifies_against_anchors_copied_from_the_system_log(db, tmp_path):
    _write_events(3)
    anchor = export_anchor()
    copy = tmp_path / "syslog-extract.txt"
    copy.write_text(f"May  1 12:00:00 host tipnet: tipnet audit anchor {anchor.as_json()}\n")
    anchor_file().unlink()  # the local file is gone; the copy off the machine is not
    intruder.rewrite(1, "nothing to see", event_hash)
    assert verify_chain() == []  # nothing to compare with
    assert _kinds(verify_chain([copy])) == [("rewritten", 1)]
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--anchors", str(copy))


def test_it_reports_an_unreadable_anchor(db):
    _write_events(1)
    export_anchor()
    with anchor_file().open("a") as fh:
        fh.write("not an anchor\n")
    assert [p.kind for p in verify_chain()] == ["anchor"]
