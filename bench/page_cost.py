"""The fixed cost of a page: an authenticated page that shows no records (session, user and
roles, menu, middleware, forms, template), through the Django test client as the other benches
do, against its lower bound in the same run: the SQL every signed-in request runs (the session,
the user, their roles and second factor), executed bare. Target: under 10 ms.

    .venv/bin/python bench/page_cost.py --cases 1000 [--reuse] [--profile]

``--profile`` prints where the time goes (cProfile, cumulative) for each page.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_MS = 10.0


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--profile", action="store_true", help="print a profile of each page")
    args = p.parse_args()
    common.setup(args)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # (figure, user, url): pages with no records of their own
    figures = [
        ("password page, police 12", "synth_12_police1", "/accounts/password/"),
        ("search page, no query, police 12", "synth_12_police1", "/search/"),
        ("search page, no query, national analyst", "synth_analyst", "/search/"),
        ("home page, national analyst", "synth_analyst", "/"),
    ]
    rows: list[common.Row] = []
    notes: list[str] = []
    for label, username, url in figures:
        client = common.client_for(username)

        def get(client=client, url=url):  # type: ignore[no-untyped-def]
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        get()
        with CaptureQueriesContext(connection) as ctx:
            get()
        statements = [q["sql"] for q in ctx.captured_queries]
        reads = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
        page = common.timed(get, args.runs)
        bound = common.timed(common.bare(reads), args.runs)
        p95 = common.pct(page, 95)
        rows.append(
            common.Row(f"{label} p50", common.pct(page, 50), common.pct(bound, 50), "ms", "-", None)
        )
        rows.append(
            common.Row(
                f"{label} p95", p95, common.pct(bound, 95), "ms",
                f"< {TARGET_MS:.0f} ms", p95 < TARGET_MS,
            )
        )  # fmt: skip
        writes = len(statements) - len(reads)
        notes.append(f"{label}: {len(reads)} reads (the bound) and {writes} other statements")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.runs):
                get()
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
            print(f"\n### profile: {label} ({args.runs} requests)\n{out.getvalue()}")
    return common.report("Fixed cost of a page", rows, args, notes)


if __name__ == "__main__":
    raise SystemExit(main())
