"""Shared setup and timing for the benchmark scripts under bench/.

Each script is run as ``.venv/bin/python bench/<name>.py --cases N [--reuse]``. Without
``--reuse`` it (re)creates its PostgreSQL database (``--db``, default ``tipnet_bench``),
migrates it, loads the gazetteer, collects the static files and runs ``tipnet synth --cases N``
(printing how long the load took). It then measures what the web app does and, in the same run,
a lower bound: the same SQL executed bare, and prints one table of figures.

Everything runs against ``DATABASE_URL=postgres://<user>@<host>:5432/<db>`` with the settings
of production (no DEBUG), secrets and keys in ``var/bench/``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
VAR = Path(os.environ.get("TIPNET_BENCH_VAR", ROOT / "var" / "bench"))
PASSWORD = "bench password 2025"  # noqa: S105 (synthetic users of the bench database only)


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--cases", type=int, default=1000, help="synthetic cases to generate")
    p.add_argument("--reuse", action="store_true", help="reuse the database as it is")
    p.add_argument("--db", default=os.environ.get("BENCH_DB", "tipnet_bench"))
    p.add_argument("--pg", default=os.environ.get("BENCH_PG", "postgres@127.0.0.1:5432"))
    p.add_argument("--runs", type=int, default=30, help="timed repetitions per figure")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    p.add_argument("--verbose-sql", action="store_true", help="print EXPLAIN ANALYZE of each")
    return p


def environment(args: argparse.Namespace) -> dict[str, str]:
    VAR.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{args.pg}/{args.db}",
        TIPNET_VAR_DIR=str(VAR),
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SETTINGS_MODULE="tipnet.settings",
        TIPNET_SYNTH_PASSWORD=PASSWORD,
        DB_CONN_MAX_AGE="600",
    )
    env.pop("DEBUG", None)
    return env


def tipnet(env: dict[str, str], *argv: str) -> None:
    subprocess.run([str(BIN / "tipnet"), *argv], env=env, check=True)  # noqa: S603


def setup(args: argparse.Namespace) -> dict[str, str]:
    """Create and fill the benchmark database (unless --reuse), then set up Django on it."""
    env = environment(args)
    if not args.reuse:
        import psycopg

        user_host = args.pg
        with psycopg.connect(f"postgres://{user_host}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{args.db}"')
        print(f"== database {args.db}: migrate, gazetteer, static files", flush=True)
        tipnet(env, "migrate", "--no-input", "-v", "0")
        tipnet(env, "load_gazetteer")
        started = time.monotonic()
        print(f"== tipnet synth --cases {args.cases}", flush=True)
        tipnet(env, "synth", "--cases", str(args.cases), "--seed", str(args.seed))
        print(f"== load time: {time.monotonic() - started:.1f} s for {args.cases} cases")
    # Every run: a static file added since the last run would be missing from the manifest.
    tipnet(env, "collectstatic", "--no-input", "-v", "0")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    _vacuum_if_needed()
    return env


def _vacuum_if_needed() -> None:
    """Where autovacuum is off (as on the benchmark machine), do its work before measuring:
    the planner's statistics and the visibility map that index-only scans rely on."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        if cursor.fetchone()[0] == "on":
            return
        started = time.monotonic()
        cursor.execute("VACUUM (ANALYZE)")
    print(f"== autovacuum is off here: VACUUM (ANALYZE) done in {time.monotonic() - started:.1f} s")


def client_for(username: str) -> Any:
    """A Django test client logged in as this synthetic user, second factor passed."""
    from django.test import Client

    from tipnet.accounts.models import User
    from tipnet.testing import login

    client = Client()
    login(client, User.objects.get(username=username))
    return client


def timed(fn: Callable[[], Any], runs: int, warmup: int = 2) -> list[float]:
    """Milliseconds of ``runs`` calls, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def captured_sql(fn: Callable[[], Any], tables: Iterable[str]) -> list[str]:
    """The SQL statements ``fn`` runs that read these tables (the work of the page itself,
    not the session, user or menu queries), as executed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    wanted = tuple(f'FROM "{t}"' for t in tables)
    found = [q["sql"] for q in ctx.captured_queries if any(w in q["sql"] for w in wanted)]
    # A server-side cursor (QuerySet.iterator) runs its SELECT inside a DECLARE: the bare
    # lower bound runs the SELECT itself and fetches every row.
    return [_declared_select(sql) for sql in found]


def _declared_select(sql: str) -> str:
    import re

    match = re.match(r'^DECLARE\s+"?[\w]+"?\s+.*?CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+',
                     sql, re.IGNORECASE | re.DOTALL)  # fmt: skip
    return sql[match.end() :] if match else sql


def bare(statements: list[str]) -> Callable[[], None]:
    """Run these SQL statements through the raw database cursor and fetch every row."""
    from django.db import connection

    def run() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(r[0] for r in cursor.fetchall())


@dataclass
class Row:
    figure: str
    measured: float
    bound: float | None
    unit: str
    target: str
    ok: bool | None

    def cells(self) -> list[str]:
        ratio = f"{self.measured / self.bound:.2f}" if self.bound else "-"
        bound = f"{self.bound:,.1f}" if self.bound is not None else "-"
        verdict = "-" if self.ok is None else ("PASS" if self.ok else "FAIL")
        return [
            self.figure,
            f"{self.measured:,.1f} {self.unit}",
            f"{bound} {self.unit}" if self.bound is not None else "-",
            ratio,
            self.target,
            verdict,
        ]


def report(title: str, rows: list[Row], args: argparse.Namespace, notes: list[str] = ()) -> int:
    """Print the table; the exit status is 1 with --strict when a target is missed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        cases = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM people_person")
        persons = cursor.fetchone()[0]
    head = ["figure", "measured", "lower bound", "ratio", "target", "result"]
    table = [head, *[r.cells() for r in rows]]
    widths = [max(len(line[i]) for line in table) for i in range(len(head))]
    print()
    print(f"## {title}: {cases:,} cases, {persons:,} persons (database {args.db})")
    for i, line in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for note in notes:
        print(f"  {note}")
    missed = [r for r in rows if r.ok is False]
    return 1 if missed and args.strict else 0
