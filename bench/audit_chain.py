"""Audited writes under concurrency: how many events per second the audit chain takes from one
writer and from N (default 20) writers at once, how many of the writers' database sessions wait
on a lock meanwhile (sampled from pg_stat_activity), and whether the chain verifies afterwards.

Each write is what a page view of a person's record does: one audit event in its own
transaction. The lower bound is the same number of threads inserting the same rows with no
chain at all (plain INSERTs into a scratch table of the same shape).

    .venv/bin/python bench/audit_chain.py --cases 1000 --db tipnet_bench_audit --reuse
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common


class LockSampler(threading.Thread):
    """Every 50 ms: the active sessions of the benchmark database, and those waiting on a lock."""

    def __init__(self, dsn: str, db: str) -> None:
        super().__init__(daemon=True)
        self.dsn, self.db = dsn, db
        self.samples = self.active = self.waiting = 0
        self.stop = threading.Event()

    def run(self) -> None:
        import psycopg

        sql = ("SELECT count(*) FILTER (WHERE state = 'active'), count(*) FILTER (WHERE state = "
               "'active' AND wait_event_type = 'Lock') FROM pg_stat_activity "
               "WHERE datname = %s AND pid <> pg_backend_pid()")  # fmt: skip
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.stop.is_set():
                active, waiting = conn.execute(sql, [self.db]).fetchone()
                if active:
                    self.samples += 1
                    self.active += active
                    self.waiting += waiting
                time.sleep(0.05)

    def means(self) -> tuple[float, float]:
        n = max(self.samples, 1)
        return self.active / n, self.waiting / n


def hammer(clients: int, seconds: float, write) -> float:  # type: ignore[no-untyped-def]
    from django.db import connection

    done = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(n: int) -> None:
        count = 0
        while time.monotonic() < deadline:
            write(n, count)
            count += 1
        with lock:
            done[0] += count
        connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0] / (time.monotonic() - start)


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--seconds", type=float, default=10.0)
    args = p.parse_args()
    env = common.setup(args)
    common.tipnet(env, "migrate", "--no-input", "-v", "0")
    from django.db import connection

    from tipnet.audit.models import AuditEvent
    from tipnet.audit.services import record_event, verify_chain

    def audited(n: int, i: int) -> None:
        record_event(None, "view", object_type="people.person", object_id=f"{n}-{i}",
                     detail="bench", changes={"n": n})  # fmt: skip

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_event")
        cursor.execute("CREATE TABLE bench_plain_event (LIKE audit_auditevent INCLUDING DEFAULTS)")
        cursor.execute("ALTER TABLE bench_plain_event DROP CONSTRAINT IF EXISTS "
                       "bench_plain_event_pkey")  # fmt: skip

    def plain(n: int, i: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_plain_event (id, chain, sequence, timestamp, actor_username, "
                "action, object_type, object_id, changes, detail, path, previous_hash, hash, "
                "key_id) "
                "VALUES (0, 1, 0, now(), '', 'view', 'people.person', %s, '{}', 'bench', '', "
                "'', md5(random()::text), '')",
                [f"{n}-{i}"],
            )

    before = AuditEvent.objects.count()
    one = hammer(1, args.seconds, audited)
    sampler = LockSampler(f"postgres://{args.pg}/postgres", args.db)
    sampler.start()
    many = hammer(args.clients, args.seconds, audited)
    sampler.stop.set()
    sampler.join()
    active, waiting = sampler.means()
    bound = hammer(args.clients, args.seconds, plain)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain_event")
    started = time.monotonic()
    problems = verify_chain()
    verify_s = time.monotonic() - started
    events = AuditEvent.objects.count()
    rows = [
        common.Row("audited writes, 1 writer", one, None, "events/s", "", None),
        common.Row(f"audited writes, {args.clients} writers", many, bound, "events/s", "", None),
        common.Row("writer sessions active (mean)", active, None, "", "", None),
        common.Row("of them waiting on a lock (mean)", waiting, None, "", "", None),
        common.Row("chain problems after the run", len(problems), None, "", "0", not problems),
        common.Row(f"tipnet audit verify ({events:,} events)", verify_s, None, "s", "", None),
    ]
    notes = [
        f"{events - before:,} events written; lower bound: {args.clients} threads inserting the "
        "same rows into a plain table (no chain, no lock)",
        *[p.message for p in problems[:5]],
    ]
    return common.report("Audit chain under concurrent writers", rows, args, notes) or (
        1 if problems else 0
    )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
