"""Name searches of the People page per role: a common given name alone in Latin letters and
in Khmer script, full names and spelling variants, as a provincial police investigator, an
NGO social worker and the national analyst (who counts and may not search by name: the page
ignores the name and lists what they may see). p50/p95 of the full response (Django test
client) against the page's own SQL on ``people_person`` executed bare through the cursor,
measured interleaved (page, SQL, page, SQL...) so that a busy machine moves both.

    .venv/bin/python bench/name_search.py --cases 1000000 [--reuse] [--runs 20]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_MS = 150.0

QUERIES = [
    ("given name alone, Latin", "Srei Neang"),
    ("given name alone, Khmer", "ស្រីនាង"),
    ("given name variant, joined", "Sreyneang"),
    ("full name, Latin", "Chann Sokhar"),
    ("full name, Khmer", "សុខ ស្រីនាង"),
    ("full name, variant", "Sokh Srey Neang"),
]
ROLES = [
    ("police 12", "synth_12_police1"),
    ("social worker 12", "synth_12_social"),
    ("national analyst", "synth_analyst"),
]


def interleaved(page, sql, runs: int, warmup: int = 2) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """Milliseconds of ``runs`` calls of each, alternating (A B A B), after warm-up calls."""
    for _ in range(warmup):
        page()
        sql()
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        for fn, out in ((page, a), (sql, b)):
            start = time.perf_counter()
            fn()
            out.append((time.perf_counter() - start) * 1000)
    return a, b


def main() -> int:
    args = common.parser(__doc__.splitlines()[0]).parse_args()
    print(f"== load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    common.setup(args)
    rows: list[common.Row] = []
    notes: list[str] = []
    for role, username in ROLES:
        client = common.client_for(username)
        for label, text in QUERIES:
            url = f"/people/?q={quote_plus(text)}"

            def get(client=client, url=url):  # type: ignore[no-untyped-def]
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
                return response

            sql = common.captured_sql(get, ["people_person"])
            if not sql:
                raise SystemExit(f"{url}: no query on people_person captured")
            web, raw = interleaved(get, common.bare(sql), args.runs)
            p50, p95 = common.pct(web, 50), common.pct(web, 95)
            raw50, raw95 = common.pct(raw, 50), common.pct(raw, 95)
            figure = f"{role}, {label} '{text}'"
            rows.append(common.Row(f"{figure} p50", p50, raw50, "ms", "", None))
            rows.append(
                common.Row(
                    f"{figure} p95", p95, raw95, "ms", f"<{TARGET_MS:.0f} ms", p95 < TARGET_MS
                )
            )
            if args.verbose_sql:
                notes.append(f"{figure}: {len(sql)} statements")
                notes.extend(common.explain(statement) for statement in sql)
    print(f"== load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return common.report("Name search per role", rows, args, notes)


if __name__ == "__main__":
    sys.exit(main())
