"""Bulk writes shared by the court import and the synthetic data: rows straight to the database,
by ``COPY`` on PostgreSQL and ``executemany`` of one short ``INSERT`` elsewhere (SQLite).

:func:`copy_rows` takes values the driver can store as they are; :func:`insert_rows` takes
rows by model attribute and converts each value through its field first (encryption
included)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

# Rows per executemany call on SQLite: bounded memory, few calls.
BATCH = 5000
# Field types whose values need no conversion for the PostgreSQL driver (exact types only:
# subclasses such as the encrypted and code-list fields convert their values).
PLAIN_FIELDS = (
    models.CharField, models.TextField, models.BooleanField, models.DateField,
    models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField,
    models.BigIntegerField, models.ForeignKey,
)  # fmt: skip


def copy_rows(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Write ``rows`` (values in the order of ``columns``, ready for the driver) into ``table``.
    Table and column names come from code (model metadata, fixed lists), never from input."""
    db = connections[using]
    quote = db.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            # COPY: the rows stream in one command, many times faster than one INSERT each;
            # foreign keys, constraints and triggers apply as to INSERTs.
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(table), names, ", ".join(["%s"] * len(columns))
        )
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def reserve_ids(model: type[models.Model], count: int) -> list[int] | None:
    """``count`` ids of ``model``'s primary key sequence, taken now (PostgreSQL), so that rows
    can be written with their ids and need not be read back; ``None`` where the database has no
    sequence to take them from (SQLite: callers read the ids back by a unique key)."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql" or count <= 0:
        return None if db.vendor != "postgresql" else []
    table = model._meta.db_table
    column = cast(str, model._meta.pk.column)
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [db.ops.quote_name(table), column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_rows(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    now: datetime | None = None,
    ids: Sequence[int] | None = None,
) -> None:
    """Insert rows given by attribute name: each value through its field's own conversion
    (encryption included), missing ones the field's default and ``now`` for automatic
    timestamps, as ``bulk_create`` does. It is many times faster: no model instance per row,
    and no statement of thousands of placeholders for the driver to parse (psycopg spends most
    of a large ``bulk_create`` doing that). No ids come back: callers read them back by a
    unique key, or give them: ``ids`` (from :func:`reserve_ids`), one per row."""
    if not rows:
        return
    if ids is not None:
        if len(ids) != len(rows):
            raise ValueError("one id per row")
        pk = model._meta.pk.attname
        rows = [{**row, pk: pk_value} for row, pk_value in zip(rows, ids, strict=True)]
    # The connection itself, not Django's proxy of it (which looks it up on every use).
    db = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if ids is not None or not f.primary_key]
    now = now or timezone.now()
    defaults = {
        f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
        if not f.has_db_default() and not f.primary_key
    }  # fmt: skip
    if ids is not None:
        defaults[model._meta.pk.attname] = None
    fields = [f for f in fields if f.attname in defaults]
    by_name = {f.attname: f for f in fields}
    prepared = {f.attname: f.get_db_prep_save(defaults[f.attname], db) for f in fields}
    # psycopg takes these fields' Python values as they are: no per-value conversion call.
    as_is = (
        {f.attname for f in fields if type(f) in PLAIN_FIELDS}
        if db.vendor == "postgresql"
        else set()
    )

    def values(row: dict[str, Any]) -> list[Any]:
        out = dict(prepared)
        for name, value in row.items():
            out[name] = value if name in as_is else by_name[name].get_db_prep_save(value, db)
        return [out[f.attname] for f in fields]

    # A concrete field always has a column (the stubs type it str | None for all fields).
    columns = [cast(str, f.column) for f in fields]
    copy_rows(model._meta.db_table, columns, (values(r) for r in rows))
