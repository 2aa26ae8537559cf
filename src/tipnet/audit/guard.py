"""Database triggers that refuse UPDATE and DELETE on audit events (PostgreSQL and SQLite).

They stop the application, or a mistaken query, from rewriting history; someone who can drop
triggers can still tamper, which the hash chain then reveals (``tipnet audit verify``).
"""

from __future__ import annotations

from typing import Any

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END;
       $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent",
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]
SQLITE_INSTALL = [
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]


def _run(connection: Any, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def install(connection: Any) -> None:
    _run(connection, {"postgresql": POSTGRES_INSTALL, "sqlite": SQLITE_INSTALL})


def remove(connection: Any) -> None:
    """Only for tearing down a test database (SQLite's flush deletes every row)."""
    _run(connection, {"postgresql": POSTGRES_REMOVE, "sqlite": SQLITE_REMOVE})
