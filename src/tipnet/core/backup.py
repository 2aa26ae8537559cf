"""Backups and restores of the whole database, with the keys kept apart from the data.

A backup is a directory holding the data (PostgreSQL: ``pg_dump`` custom format; SQLite: a copy
made with sqlite3's online backup API, consistent while tipnet keeps writing) and a manifest
(what, when, the audit chain's head, a SHA-256 of the data). The keys that open the data
(``TIPNET_ENCRYPTION_KEYS``, ``TIPNET_BLIND_INDEX_KEY``, ``TIPNET_AUDIT_KEYS``) go to a separate
file in environment-file form: whoever holds both holds every victim's identity, so they are
stored apart (another medium, another custodian). See docs/operations.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

KEY_SETTINGS = ("TIPNET_ENCRYPTION_KEYS", "TIPNET_BLIND_INDEX_KEY", "TIPNET_AUDIT_KEYS")
MANIFEST = "manifest.json"
DATA = {"postgresql": "data.dump", "sqlite": "data.sqlite3"}
KEYS_WARNING = """\
# tipnet keys, written {time} by `tipnet backup` beside the backup {name}.
# WARNING: these keys decrypt every identity number, phone number, address and narrative in
# the backups and seal the audit trail. Keep this file APART from the data backups (another
# medium, a safe, another custodian), never in the same place, never in e-mail. Without it a
# backup cannot be read; with it and a backup anyone can read everything.
# Use: as a systemd EnvironmentFile, or copy each value into the matching *_FILE secret.
"""


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]

    @property
    def data_file(self) -> Path:
        return self.path / self.manifest["data"]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore (the password never on a command line)."""
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                     ("PGPASSWORD", "PASSWORD")):  # fmt: skip
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(argv: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{argv[0]} is not installed (PostgreSQL client tools)") from exc
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip()[-2000:]}")


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def create_backup(directory: Path, now: datetime | None = None) -> Backup:
    """Back the database up into a new directory under ``directory``; returns it."""
    from tipnet.audit.anchors import current_heads

    if connection.in_atomic_block:
        raise BackupError("a backup runs on its own, not inside a transaction")
    now = now or timezone.now()
    name = f"tipnet-backup-{now:%Y%m%d-%H%M%S}"
    path = Path(directory) / name
    path.mkdir(parents=True, exist_ok=False, mode=0o700)
    vendor = connection.vendor
    if vendor not in DATA:
        raise BackupError(f"no backup for the {vendor} database")
    data = path / DATA[vendor]
    heads = [h.as_dict() for h in current_heads()]
    if vendor == "postgresql":
        db = connection.settings_dict
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              f"--file={data}", str(db["NAME"])], _pg_env(db))  # fmt: skip
    else:
        connection.ensure_connection()
        target = sqlite3.connect(data)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    manifest = {
        "format": 1,
        "vendor": vendor,
        "created_at": now.isoformat(),
        "data": data.name,
        "sha256": _sha256(data),
        "bytes": data.stat().st_size,
        "audit_heads": heads,
        "migrations": _migrations(),
    }
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return Backup(path, manifest)


def write_keys(directory: Path, backup_name: str, now: datetime | None = None) -> Path:
    """Write the keys, in environment-file form, to ``<directory>/<backup name>.keys.env``
    (mode 0600, never overwritten)."""
    path = Path(directory) / f"{backup_name}.keys.env"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = KEYS_WARNING.format(time=(now or timezone.now()).isoformat(), name=backup_name)
    for name in KEY_SETTINGS:
        text += f"{name}={getattr(settings, name)}\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def read_keys(path: Path) -> dict[str, str]:
    """The keys of a keys file (``NAME=value`` lines)."""
    keys = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.startswith("#") and name.strip() in KEY_SETTINGS:
            keys[name.strip()] = value.strip()
    return keys


def open_backup(path: Path) -> Backup:
    """A backup directory, its data checked against the manifest."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} is not a tipnet backup (no readable {MANIFEST})") from exc
    backup = Backup(path, manifest)
    if not backup.data_file.exists() or _sha256(backup.data_file) != manifest["sha256"]:
        raise BackupError(f"{backup.data_file} is missing or damaged (checksum differs)")
    return backup


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore_backup(backup: Backup, replace: bool = False) -> None:
    """Restore ``backup`` into the configured database (PostgreSQL: created if missing).

    A database that already has tables is refused unless ``replace``: a restore overwrites."""
    vendor = connection.vendor
    if backup.manifest["vendor"] != vendor:
        raise BackupError(f"this is a {backup.manifest['vendor']} backup; the database is {vendor}")
    if vendor == "postgresql":
        _create_pg_database_if_missing()
    else:
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if not replace and not _database_is_empty():
        raise BackupError("the database is not empty: restore into a new one, or --replace")
    if vendor == "postgresql":
        db = connection.settings_dict
        connection.close()
        clean = ["--clean", "--if-exists"] if replace else []
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", *clean, f"--dbname={db['NAME']}",
              str(backup.data_file)], _pg_env(db))  # fmt: skip
    else:
        target = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(backup.data_file, partial)
        with sqlite3.connect(partial) as check:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{backup.data_file} fails SQLite's integrity check")
        os.replace(partial, target)  # a reader never sees half a file


def _create_pg_database_if_missing() -> None:
    import psycopg
    from psycopg import sql

    db = connection.settings_dict
    params = {k: db[K] for k, K in (("host", "HOST"), ("port", "PORT"), ("user", "USER"),
                                    ("password", "PASSWORD")) if db.get(K)}  # fmt: skip
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if exists.fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))


def keys_open_the_data() -> bool:
    """Whether the configured encryption keys decrypt the restored data (one value tried)."""
    from tipnet.core.encryption import DecryptionError, EncryptedTextField, encrypted_fields

    for model, fields in encrypted_fields():
        for field in (f for f in fields if isinstance(f, EncryptedTextField)):
            value = model._default_manager.exclude(**{f"{field.name}__isnull": True})
            row = value.exclude(**{field.name: ""}).values_list("pk", flat=True).first()
            if row is None:
                continue
            try:
                model._default_manager.only(field.name).get(pk=row)
            except DecryptionError:
                return False
            return True
    return True
