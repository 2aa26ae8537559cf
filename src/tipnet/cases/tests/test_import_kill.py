"""The runner killed (kill -9) in the middle of a large import: nothing is written, and the
next runner imports the file whole. ``TIPNET_KILL_TEST_ROWS`` sets the size (100,000 rows
in docs/jobs.md; fewer by default to keep CI quick)."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection

from tipnet.cases.jobs import start_import
from tipnet.cases.tests.test_import import COLUMN_NAMES, _rows
from tipnet.core.actor import Actor
from tipnet.testing import ensure_offences

ROWS = int(os.environ.get("TIPNET_KILL_TEST_ROWS", "20000"))


def _csv(cases: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMN_NAMES)
    for row in _rows(cases):
        writer.writerow(
            [v.isoformat() if hasattr(v, "isoformat") else v for v in
             (row.get(name, "") for name in COLUMN_NAMES)]
        )  # fmt: skip
    return out.getvalue().encode()


class Database:
    """The test database as a separate process sees it: PostgreSQL's test database, or for
    SQLite (in memory in the tests) a file copy of it."""

    def __init__(self, folder: Path) -> None:
        settings = connection.settings_dict
        if connection.vendor == "postgresql":
            user, host = settings["USER"], settings["HOST"] or "127.0.0.1"
            port = settings["PORT"] or 5432
            self.url = f"postgres://{user}@{host}:{port}/{settings['NAME']}"
            self.file = None
        else:
            self.file = folder / "tipnet.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(self.file)
            connection.connection.backup(copy)
            copy.close()
            self.url = f"sqlite:///{self.file}"

    def one(self, sql: str) -> tuple:
        if self.file is None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()
        with sqlite3.connect(self.file, timeout=30) as db:
            return db.execute(sql).fetchone()

    def cases(self) -> int:
        return self.one("SELECT COUNT(*) FROM cases_case")[0]

    def job(self) -> tuple[str, str, int]:
        return self.one("SELECT status, phase, attempts FROM jobs_job")


def _runner(db: Database, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tipnet.test_settings",
           "DATABASE_URL": db.url, "TIPNET_JOB_HEARTBEAT_SECONDS": "1"}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "tipnet.cli", "worker", "--no-schedule", "--interval", "0.2"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _wait(what, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not what():
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.05)


def test_it_writes_nothing_when_the_runner_is_killed_and_imports_all_on_the_next_run(
    cast, flushable_audit
):
    ensure_offences()  # a browser test's flush before this one empties the seeded offences
    data = _csv(ROWS // 4)
    job = start_import(Actor.command(cast.users["police"]), data)
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder))
        log = Path(folder) / "runner.log"
        runner = _runner(db, log)
        try:
            # Killed while it writes: the transaction is open, nothing is committed yet.
            _wait(lambda: db.job()[1] == "writing" or db.job()[0] in ("succeeded", "failed"),
                  300, log)  # fmt: skip
            time.sleep(0.3)
            runner.send_signal(signal.SIGKILL)
            runner.wait(10)
        finally:
            runner.kill()
        status, phase, attempts = db.job()
        assert (status, phase, attempts) == ("running", "writing", 1), (status, log.read_text())
        assert db.cases() == 0

        runner = _runner(db, log)  # finds the first runner dead and runs the import again
        try:
            _wait(lambda: db.job()[0] in ("succeeded", "failed"), 400, log)
        finally:
            runner.send_signal(signal.SIGTERM)
            runner.wait(30)
        assert db.job()[0::2] == ("succeeded", 2)
        assert db.cases() == ROWS // 4  # two suspects of two charges: four rows a case
    assert job.pk
