from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from tipnet.audit.chain import GENESIS, legacy_hash
from tipnet.audit.keys import parse_audit_keyring
from tipnet.audit.models import AuditEvent, AuditHead
from tipnet.audit.services import record_event, verify_chain
from tipnet.audit.tests import intruder

OLD = "old1:" + "b2xkIGF1ZGl0IGtleSBvZiB0aGUgdGVzdHMgMDEyMzQ1"
NEW = "new2:" + "bmV3IGF1ZGl0IGtleSBvZiB0aGUgdGVzdHMgMDEyMzQ1"
reseal = importlib.import_module("tipnet.audit.migrations.0004_key_the_audit_chain").reseal


def _write_events(n: int) -> list[AuditEvent]:
    return [record_event(None, "view", object_type="x", object_id=str(i)) for i in range(n)]


def test_it_verifies_old_events_with_their_key_after_a_rotation(db, settings):
    settings.TIPNET_AUDIT_KEYS = OLD
    _write_events(2)
    settings.TIPNET_AUDIT_KEYS = f"{NEW},{OLD}"
    _write_events(2)
    assert list(AuditEvent.objects.order_by("sequence").values_list("key_id", flat=True)) == [
        "old1", "old1", "new2", "new2",
    ]  # fmt: skip
    assert verify_chain() == []
    settings.TIPNET_AUDIT_KEYS = NEW  # the old key dropped too early
    assert [(p.kind, p.sequence) for p in verify_chain()] == [
        ("unknown_key", 1), ("unknown_key", 2),
    ]  # fmt: skip


def test_it_detects_an_event_relabelled_with_another_key(db, settings):
    settings.TIPNET_AUDIT_KEYS = f"{NEW},{OLD}"
    _write_events(2)
    intruder.drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET key_id = 'old1' WHERE sequence = 1")
    assert [(p.kind, p.sequence) for p in verify_chain()] == [("edited", 1)]


def test_it_refuses_malformed_keys():
    for text in ("", "nokey", "a:not base64!", "short:AAAA", f"{OLD},{OLD}"):
        with pytest.raises(ImproperlyConfigured):
            parse_audit_keyring(text)


def _legacy_chain(n: int) -> None:
    """Events as tipnet wrote them before the chain was keyed: plain SHA-256, no key id."""
    previous = GENESIS
    for i in range(1, n + 1):
        event = AuditEvent(sequence=i, timestamp=timezone.now(), action="view", object_id=str(i),
                           previous_hash=previous, key_id="")  # fmt: skip
        event.hash = previous = legacy_hash(event)
        event.save(force_insert=True)
    AuditHead.objects.update_or_create(id=1, defaults={"sequence": n, "hash": previous})


def test_it_reseals_an_intact_unkeyed_chain_under_the_newest_key(db, settings):
    settings.TIPNET_AUDIT_KEYS = f"{NEW},{OLD}"
    _legacy_chain(3)
    assert {p.kind for p in verify_chain()} == {"unknown_key"}
    reseal(apps, SimpleNamespace(connection=connection))
    assert verify_chain() == []
    note = AuditEvent.objects.get(sequence=4)
    assert note.detail == "audit chain keyed: 3 events re-sealed under audit key new2"
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {"new2"}
    intruder.rewrite(2, "nothing to see", legacy_hash)  # the old way of forging fails now
    assert next(p.sequence for p in verify_chain() if p.kind == "edited") == 2


def test_it_does_not_reseal_a_broken_unkeyed_chain(db, monkeypatch):
    _legacy_chain(3)
    intruder.drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = 'x' WHERE sequence = 2")
    with pytest.raises(RuntimeError, match="event 2: changed after it was written"):
        reseal(apps, SimpleNamespace(connection=connection))
    monkeypatch.setenv("TIPNET_AUDIT_RESEAL_BROKEN", "1")
    reseal(apps, SimpleNamespace(connection=connection))
    assert "despite 1 problems" in AuditEvent.objects.get(sequence=4).detail
    assert verify_chain() == []


def test_it_prints_a_new_key_that_can_go_first(db, settings):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("audit", "new-key", stdout=out)
    entry = out.getvalue().strip()
    settings.TIPNET_AUDIT_KEYS = f"{entry},{OLD}"
    assert parse_audit_keyring(settings.TIPNET_AUDIT_KEYS).current_id == entry.split(":")[0]
    assert record_event(None, "view").key_id == entry.split(":")[0]
    assert verify_chain() == []
