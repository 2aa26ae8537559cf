"""The round trip an operator makes after losing a server: back up the demo, restore it into a
new database with the keys kept apart, and find the audit chain intact and the data readable."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tipnet.audit.anchors import export_anchor
from tipnet.audit.services import record_event
from tipnet.core.backup import KEY_SETTINGS, read_keys
from tipnet.people.models import Person


def _tipnet(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    """``tipnet ...`` in a process of its own, as on the new server."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tipnet.cli", *argv], env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture
def new_database(tmp_path):  # type: ignore[no-untyped-def]
    """The URL of a database that does not exist yet (PostgreSQL: dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'tipnet.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    name = f"tipnet_restore_{uuid.uuid4().hex[:8]}"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db.get("PASSWORD") else f"{db['USER']}@"
    yield f"postgres://{auth}{db['HOST']}:{db['PORT']}/{name}"
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_it_restores_the_demo_into_a_new_database(
    gazetteer, flushable_audit, settings, tmp_path, new_database
):
    from tipnet.testing import ensure_offences

    ensure_offences()  # an earlier flushing test may have emptied the code list
    settings.VAR_DIR = tmp_path
    settings.TIPNET_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    call_command("demo", stdout=StringIO())
    person = Person.objects.get(name_latin="Sok Sreyneang")
    anchor = export_anchor()
    out, err = StringIO(), StringIO()
    call_command("backup", output=tmp_path / "backups", keys_to=tmp_path / "keys",
                 stdout=out, stderr=err)  # fmt: skip
    record_event(None, "view", detail="after the backup: not in it")
    (backup,) = (tmp_path / "backups").iterdir()
    (keys_file,) = (tmp_path / "keys").iterdir()
    assert "WARNING" in err.getvalue() and str(keys_file) in err.getvalue()
    assert keys_file.stat().st_mode & 0o777 == 0o600
    assert not any(
        settings.TIPNET_AUDIT_KEYS in p.read_bytes().decode("latin-1") for p in backup.iterdir()
    )  # the keys are not in the backup
    keys = read_keys(keys_file)
    assert set(keys) == set(KEY_SETTINGS)

    # The new server: an empty var directory, the keys from the keys file, a new database.
    fresh = tmp_path / "new-server"
    fresh.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIPNET_", "DJANGO_"))}
    env.update(keys, DATABASE_URL=new_database, TIPNET_VAR_DIR=str(fresh),
               DJANGO_SETTINGS_MODULE="tipnet.settings", SECRET_KEY="restore-test")  # fmt: skip
    restored = _tipnet(env, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "audit chain intact" in restored.stdout
    verified = _tipnet(env, "audit", "verify", "--anchors", str(anchor_file_of(settings)))
    assert verified.returncode == 0, verified.stderr
    read_back = _tipnet(env, "shell", "-c", "from tipnet.people.models import Person; "
                        f"print(Person.objects.get(pk={person.pk}).phone)")  # fmt: skip
    assert read_back.stdout.strip().splitlines()[-1] == "012 345 678", read_back.stderr
    assert anchor.sequence > 0

    again = _tipnet(env, "restore", str(backup))
    assert again.returncode != 0 and "not empty" in again.stderr


def anchor_file_of(settings) -> Path:  # type: ignore[no-untyped-def]
    return Path(settings.TIPNET_AUDIT_ANCHOR_DIR) / "anchors.jsonl"


def test_it_refuses_a_damaged_backup(flushable_audit, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    settings.TIPNET_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    call_command("backup", output=tmp_path / "b", no_keys=True, stdout=StringIO())
    (backup,) = (tmp_path / "b").iterdir()
    data = next(p for p in backup.iterdir() if p.name.startswith("data."))
    data.write_bytes(data.read_bytes()[:-10])
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(backup), stdout=StringIO())
