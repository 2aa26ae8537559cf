"""What an intruder with database access (and nothing else) does to the audit trail: lift the
append-only triggers with raw SQL, edit an event, recompute every hash after it and the head."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection

from tipnet.audit.models import AuditEvent

DROP_TRIGGERS = {
    "postgresql": ["DROP TRIGGER audit_event_no_update ON audit_auditevent"],
    "sqlite": ["DROP TRIGGER audit_event_no_update", "DROP TRIGGER audit_event_no_delete"],
}


def drop_triggers() -> None:
    with connection.cursor() as cursor:
        for sql in DROP_TRIGGERS[connection.vendor]:
            cursor.execute(sql)


def rewrite(sequence: int, detail: str, rehash: Callable[[Any], str], chain: int = 1) -> None:
    """Change event ``sequence``'s detail, then re-link and re-hash it and every later event
    with ``rehash`` and move the head, all in raw SQL."""
    drop_triggers()
    events = list(
        AuditEvent.objects.filter(chain=chain, sequence__gte=sequence).order_by("sequence")
    )
    previous = events[0].previous_hash
    with connection.cursor() as cursor:
        for event in events:
            if event.sequence == sequence:
                event.detail = detail
            event.previous_hash = previous
            event.hash = previous = rehash(event)
            cursor.execute(
                "UPDATE audit_auditevent SET detail = %s, previous_hash = %s, hash = %s "
                "WHERE chain = %s AND sequence = %s",
                [event.detail, event.previous_hash, event.hash, chain, event.sequence],
            )
        cursor.execute("UPDATE audit_audithead SET hash = %s WHERE id = %s", [previous, chain])


def cut_tail(after: int, chain: int = 1) -> None:
    """Delete every event of ``chain`` after ``after`` and move its head back to it."""
    drop_triggers()
    last = AuditEvent.objects.get(chain=chain, sequence=after)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM audit_auditevent WHERE chain = %s AND sequence > %s", [chain, after]
        )
        cursor.execute(
            "UPDATE audit_audithead SET sequence = %s, hash = %s WHERE id = %s",
            [after, last.hash, chain],
        )
