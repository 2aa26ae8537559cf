from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from tipnet.audit import guard
from tipnet.audit.models import AuditEvent
from tipnet.audit.services import event_hash, record_event, unseal, verify_chain


def _write_events(n: int) -> list[AuditEvent]:
    return [
        record_event(None, "view", object_type="people.person", object_id=str(i), detail=f"e{i}")
        for i in range(n)
    ]


def _without_guard(sql: str, params: list) -> None:
    """Run ``sql`` with the append-only triggers lifted, as an intruder with database access."""
    guard.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    guard.install(connection)


def test_it_links_events_into_an_intact_chain(db):
    events = _write_events(5)
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert events[1].previous_hash == events[0].hash
    assert verify_chain() == []
    call_command("audit", "verify")


def test_it_refuses_updates_and_deletes(db):
    event = _write_events(1)[0]
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    for sql in ("UPDATE audit_auditevent SET detail = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)


def test_it_reports_an_edited_event(db):
    _write_events(4)
    _without_guard("UPDATE audit_auditevent SET detail = 'nothing to see' WHERE sequence = 2", [])
    problems = verify_chain()
    assert [(p.kind, p.sequence) for p in problems] == [("edited", 2)]
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("audit", "verify")


def test_it_reports_a_deleted_event(db):
    _write_events(4)
    _without_guard("DELETE FROM audit_auditevent WHERE sequence = 3", [])
    assert [(p.kind, p.sequence) for p in verify_chain()] == [("deleted", 3)]


def test_it_reports_events_cut_from_the_end(db):
    _write_events(4)
    _without_guard("DELETE FROM audit_auditevent WHERE sequence = 4", [])
    assert [p.kind for p in verify_chain()] == ["deleted"]


def test_it_reports_an_inserted_event(db):
    events = _write_events(3)
    # Renumber the last event and slip a forged one in before it, with a plausible hash.
    _without_guard("UPDATE audit_auditevent SET sequence = 4 WHERE sequence = 3", [])
    forged = AuditEvent(
        sequence=3,
        timestamp=events[2].timestamp,
        action="view",
        previous_hash=events[1].hash,
        key_id=events[2].key_id,
    )
    forged.hash = event_hash(forged)  # well-formed, with the key: only the chain gives it away
    forged.save(force_insert=True)
    problems = {(p.kind, p.sequence) for p in verify_chain()}
    assert ("inserted", 4) in problems


def test_it_records_the_changed_fields_not_secret_values(cast, client):
    from tipnet.testing import login

    police, person = cast.users["police"], cast.people["bmc_poipet"]
    login(client, police)
    client.post(
        f"/people/{person.pk}/edit/",
        {"name_latin": "Sok Sreyneang", "name_km": "សុខ ស្រីនាង", "gender": "Feminine",
         "phone": "099 000 111", "estimated_age": "17", "version": person.version,
         "sensitivity": "standard", "id_document_type": "national_id", "id_number": "010203040"},
    )  # fmt: skip
    event = AuditEvent.objects.filter(action="change", object_id=str(person.pk)).get()
    assert event.changes["phone"]["changed"] is True
    assert set(event.changes["phone"]) == {"changed", "sealed"}
    # Identifying values (the age included) are sealed: in the trail only encrypted.
    assert set(event.changes["estimated_age"]) == {"changed", "sealed"}
    assert unseal(event.changes["phone"]) == {"old": "012 345 678", "new": "099 000 111"}
    assert unseal(event.changes["estimated_age"]) == {"old": None, "new": 17}
    assert "099 000 111" not in str(event.changes)
    assert event.actor_username == "police"


def test_it_stores_paths_without_their_query_string(cast, client):
    from tipnet.testing import login

    police = cast.users["police"]
    login(client, police)
    client.get("/people/?q=010203040")
    client.get(f"/people/{cast.people['bmc_poipet'].pk}/?q=Zzsearchterm")
    paths = list(AuditEvent.objects.values_list("path", flat=True))
    assert paths and not any("?" in p or "Zzsearchterm" in p for p in paths)
