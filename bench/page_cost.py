"""The fixed cost of a page: authenticated pages that show no records (session, user and roles,
menu, middleware, forms, template), through the Django test client as the other benches do,
against their lower bound in the same run, interleaved (page, bound, page, bound…): the SQL
the page runs (the session, the user with their roles, organisations and second factor; the
password page's lockout counts), executed bare. Target: under 10 ms. The home page is
measured too: its waiting list counts records, so its target is its SQL + 10 ms.

    .venv/bin/python bench/page_cost.py --cases 1000 [--reuse] [--profile] [--breakdown]

Besides the times, each figure's statements and Python function calls per request, which do
not move with the machine's load. ``--profile`` prints where the time goes (cProfile,
cumulative) for each page; ``--breakdown`` the time of each layer (every middleware on its
own, the view, the templates, the SQL), in milliseconds per request.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_MS = 10.0
# (figure, user, url, records): a page with records has the target SQL + 10 ms.
FIGURES = [
    ("password page, police 12", "synth_12_police1", "/accounts/password/", False),
    ("search page, no query, police 12", "synth_12_police1", "/search/", False),
    ("search page, no query, national analyst", "synth_analyst", "/search/", False),
    ("home page, national analyst", "synth_analyst", "/", True),
]
CALL_COUNT_REQUESTS = 5


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--profile", action="store_true", help="print a profile of each page")
    p.add_argument("--breakdown", action="store_true", help="print the time of each layer")
    args = p.parse_args()
    print("== load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    common.setup(args)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows: list[common.Row] = []
    notes: list[str] = []
    pages: list[tuple[str, Any, Callable[[], Any]]] = []
    for label, username, url, records in FIGURES:
        client = common.client_for(username)

        def get(client: Any = client, url: str = url) -> Any:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        pages.append((label, client, get))
        get()
        with CaptureQueriesContext(connection) as ctx:
            get()
        statements = [q["sql"] for q in ctx.captured_queries]
        reads = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
        page, bound = interleaved(get, common.bare(reads), args.runs)
        p95, bound95 = common.pct(page, 95), common.pct(bound, 95)
        target, limit = (
            (f"< SQL + {TARGET_MS:.0f} ms", bound95 + TARGET_MS)
            if records
            else (f"< {TARGET_MS:.0f} ms", TARGET_MS)
        )
        rows.append(
            common.Row(f"{label} p50", common.pct(page, 50), common.pct(bound, 50), "ms", "-", None)
        )
        rows.append(common.Row(f"{label} p95", p95, bound95, "ms", target, p95 < limit))
        notes.append(
            f"{label}: {len(statements)} statements ({len(reads)} reads: the bound), "
            f"{calls_per_request(get):,.0f} Python function calls per request"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.runs):
                get()
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
            print(f"\n### profile: {label} ({args.runs} requests)\n{out.getvalue()}")
    status = common.report("Fixed cost of a page", rows, args, notes)
    if args.breakdown:
        breakdown(pages, max(args.runs, 20))
    return status


def interleaved(page: Callable[[], Any], bound: Callable[[], Any], runs: int) -> tuple:
    """Milliseconds of the page and of its bound, one after the other (A B A B), so that a
    busy machine slows both alike; after two untimed rounds."""
    for _ in range(2):
        page()
        bound()
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        for fn, out in ((page, a), (bound, b)):
            start = time.perf_counter()
            fn()
            out.append((time.perf_counter() - start) * 1000)
    return a, b


def calls_per_request(get: Callable[[], Any]) -> float:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(CALL_COUNT_REQUESTS):
        get()
    profiler.disable()
    return pstats.Stats(profiler).total_calls / CALL_COUNT_REQUESTS  # type: ignore[attr-defined]


def breakdown(pages: list[tuple[str, Any, Callable[[], Any]]], runs: int) -> None:
    """Each layer's own time (without the layers it calls), ms per request: every middleware,
    the view, the templates, the SQL (the database's time and the driver's)."""
    import django.core.handlers.base as handlers
    import django.template.backends.django as backend
    from django.conf import settings
    from django.db import connection
    from django.utils.module_loading import import_string

    stack: list[list[float]] = []  # [start, time of the layers called]
    own: dict[str, float] = defaultdict(float)

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*a: Any, **k: Any) -> Any:
            stack.append([time.perf_counter(), 0.0])
            try:
                return fn(*a, **k)
            finally:
                start, inner = stack.pop()
                spent = time.perf_counter() - start
                own[name] += spent - inner
                if stack:
                    stack[-1][1] += spent

        return run

    for path in settings.MIDDLEWARE:
        cls = import_string(path)
        cls.__call__ = timed(path.rsplit(".", 1)[-1], cls.__call__)
    handlers.BaseHandler._get_response = timed("view", handlers.BaseHandler._get_response)
    backend.Template.render = timed("templates", backend.Template.render)
    sql = timed("SQL", lambda execute, *a: execute(*a))
    print(f"\n## Where the time goes (ms per request, mean of {runs}; each layer on its own)")
    for label, client, get in pages:
        client.handler._middleware_chain = None  # built again, through the timed layers
        get()
        own.clear()
        with connection.execute_wrapper(sql):
            requests = timed("test client and Django's handler", get)
            for _ in range(runs):
                requests()
        layers = sorted(own.items(), key=lambda kv: -kv[1])
        shown = [f"{k} {v / runs * 1000:.2f}" for k, v in layers if v / runs > 5e-5]
        print(f"{label}: " + ", ".join(shown))


if __name__ == "__main__":
    raise SystemExit(main())
