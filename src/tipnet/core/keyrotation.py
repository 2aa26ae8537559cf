"""Re-encrypt every encrypted value under the newest key of the keyring."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Field, Model

from tipnet.core.encryption import (
    EncryptedBinaryField,
    decrypt,
    encrypt,
    encrypted_fields,
    key_id_of,
    keyring,
)

BATCH = 1000


@dataclass(frozen=True)
class RotationResult:
    rewritten: int
    already_current: int


def _as_text(raw: object) -> str:
    return bytes(raw).decode("ascii") if isinstance(raw, bytes | memoryview) else str(raw)


def _rotate_column(model: type[Model], field: Field, current: str) -> tuple[int, int]:
    qn = connection.ops.quote_name
    key = model._meta.pk
    # Every concrete model has a primary key, every concrete field a column.
    assert key is not None and key.column is not None and field.column is not None
    table, pk, col = qn(model._meta.db_table), qn(key.column), qn(field.column)
    context = f"{model._meta.db_table}.{field.column}"
    select = f"SELECT {pk}, {col} FROM {table} WHERE {col} IS NOT NULL AND {pk} > %s "  # noqa: S608
    select += f"ORDER BY {pk} LIMIT {BATCH}"
    update = f"UPDATE {table} SET {col} = %s WHERE {pk} = %s"  # noqa: S608
    binary = isinstance(field, EncryptedBinaryField)
    rewritten = kept = 0
    last: Any = 0  # the primary key of the batch's last row, as the database gives it
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select, [last])
            rows = cursor.fetchall()
            for row_pk, raw in rows:
                text = _as_text(raw)
                if not text or key_id_of(text) in (None, current):
                    kept += 1
                    continue
                fresh = encrypt(decrypt(text, context), context)
                cursor.execute(update, [fresh.encode("ascii") if binary else fresh, row_pk])
                rewritten += 1
        if len(rows) < BATCH:
            return rewritten, kept
        last = rows[-1][0]


def rotate_all() -> RotationResult:
    """Works on the raw column values, in batches, one transaction per batch; safe to re-run."""
    current = keyring().current_id
    rewritten = kept = 0
    for model, fields in encrypted_fields():
        for field in fields:
            done, same = _rotate_column(model, field, current)
            rewritten += done
            kept += same
    return RotationResult(rewritten, kept)
