"""Pipeline numbers (cases and suspects by stage, convictions, arrest-to-verdict median) for
the nation and for one province: the full response against the same SQL executed bare.

    .venv/bin/python bench/pipeline.py --cases 1000000 [--reuse]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_NATION_MS = 500.0
TABLES = ["cases_case", "cases_caseperson", "cases_charge", "cases_proceedingstep"]


def main() -> int:
    args = common.parser(__doc__.splitlines()[0]).parse_args()
    common.setup(args)
    from django.utils import timezone

    this_year = timezone.localdate().year
    figures = [
        ("pipeline, nation, this year", "synth_analyst", "/cases/pipeline/", True),
        ("pipeline, nation, last year", "synth_analyst",
         f"/cases/pipeline/?year={this_year - 1}", True),
        ("pipeline, nation view of province 12", "synth_analyst",
         f"/cases/pipeline/?year={this_year - 1}&province=12", False),
        ("pipeline, PCCT of province 12", "synth_12_pcct",
         f"/cases/pipeline/?year={this_year - 1}", False),
    ]  # fmt: skip
    rows: list[common.Row] = []
    notes: list[str] = []
    runs = max(3, args.runs // 3)
    for label, username, url, national in figures:
        client = common.client_for(username)

        def get(client=client, url=url):  # type: ignore[no-untyped-def]
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            return response

        sql = common.captured_sql(get, TABLES)
        web = common.timed(get, runs, warmup=1)
        raw = common.timed(common.bare(sql), runs, warmup=1)
        p50, raw50 = common.pct(web, 50), common.pct(raw, 50)
        p95, raw95 = common.pct(web, 95), common.pct(raw, 95)
        target = f"<{TARGET_NATION_MS:.0f} ms" if national else ""
        rows.append(common.Row(f"{label} p50", p50, raw50, "ms", "", None))
        rows.append(
            common.Row(f"{label} p95", p95, raw95, "ms", target,
                       (p95 < TARGET_NATION_MS) if national else None)
        )  # fmt: skip
        if args.verbose_sql:
            for statement in sql:
                notes.append(common.explain(statement))
    return common.report("Pipeline", rows, args, notes)


if __name__ == "__main__":
    sys.exit(main())
