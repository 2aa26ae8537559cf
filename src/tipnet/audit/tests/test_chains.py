"""Several chains: audited writes spread over them so that writers do not queue on one head;
each chain is verified and anchored on its own, and none can lend an event to another."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tipnet.audit import services
from tipnet.audit.anchors import export_anchor
from tipnet.audit.chain import event_hash
from tipnet.audit.models import AuditEvent, AuditHead
from tipnet.audit.services import record_event, verify_chain
from tipnet.audit.tests import intruder


@pytest.fixture
def four_chains(settings):  # type: ignore[no-untyped-def]
    settings.TIPNET_AUDIT_CHAINS = 4
    yield
    services._this_thread.chain = 0


def _write_in(chain: int, n: int) -> None:
    services._this_thread.chain = chain  # as if this thread had drawn that chain
    for i in range(n):
        record_event(None, "view", object_type="people.person", object_id=f"{chain}-{i}")


def test_it_numbers_and_verifies_each_chain_on_its_own(db, four_chains):
    _write_in(2, 3)
    _write_in(3, 2)
    assert sorted(AuditEvent.objects.values_list("chain", "sequence")) == [
        (2, 1), (2, 2), (2, 3), (3, 1), (3, 2),
    ]  # fmt: skip
    assert dict(AuditHead.objects.values_list("id", "sequence")) == {2: 3, 3: 2}
    anchor = export_anchor()
    assert [(h.chain, h.sequence) for h in anchor.heads] == [(2, 3), (3, 2)]
    assert anchor.sequence == 5
    _write_in(3, 1)
    assert verify_chain() == []


def test_it_detects_a_rewrite_in_one_chain_after_an_anchor(db, four_chains):
    _write_in(2, 3)
    _write_in(3, 3)
    export_anchor()
    intruder.rewrite(2, "nothing to see", event_hash, chain=3)
    problems = verify_chain()
    assert [(p.kind, p.chain, p.sequence) for p in problems] == [("rewritten", 3, 2)]
    assert problems[0].message.endswith("(chain 3)")


def test_it_detects_an_event_moved_to_another_chain(db, four_chains):
    _write_in(2, 2)
    _write_in(3, 3)
    intruder.drop_triggers()
    with connection.cursor() as cursor:  # event 2.2 takes the place of event 3.2, hash and all
        cursor.execute("DELETE FROM audit_auditevent WHERE chain = 3 AND sequence = 2")
        cursor.execute("UPDATE audit_auditevent SET chain = 3 WHERE chain = 2 AND sequence = 2")
    kinds = {(p.kind, p.chain, p.sequence) for p in verify_chain()}
    assert ("edited", 3, 2) in kinds  # its hash seals chain 2
    assert ("deleted", 2, 2) in kinds  # chain 2 now ends before its head


def test_it_keeps_every_chain_intact_under_concurrent_writers(transactional_db, flushable_audit,
                                                               settings):  # fmt: skip
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: there is nothing to spread")
    settings.TIPNET_AUDIT_CHAINS = 4
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            services._this_thread.chain = 1 + n % 4
            for i in range(15):
                record_event(None, "view", object_type="x", object_id=f"{n}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.count() == 120
    assert set(AuditEvent.objects.values_list("chain", flat=True)) == {1, 2, 3, 4}
    assert verify_chain() == []
