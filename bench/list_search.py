"""Case list with filters, people and protection lists, and name search (Latin and Khmer,
spelling variants): p50/p95 of the full response (Django test client: middleware, session,
ORM, template) against the same SQL statements executed bare.

    .venv/bin/python bench/list_search.py --cases 1000000 [--reuse]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_MS = 150.0
TARGET_RATIO = 2.0


def main() -> int:
    args = common.parser(__doc__.splitlines()[0]).parse_args()
    common.setup(args)
    from django.utils import timezone

    year = timezone.localdate().year - 1
    # (figure, user, url, tables whose queries are the page's own work)
    figures = [
        ("case list, nation, page 1", "synth_analyst", "/cases/", ["cases_case"]),
        ("case list, nation, province+year+stage", "synth_analyst",
         f"/cases/?province=12&year={year}&stage=trial", ["cases_case"]),
        ("case list, nation, exploitation+sort", "synth_analyst",
         "/cases/?exploitation=KH_ForcedCriminalityScam&sort=number", ["cases_case"]),
        ("case list, province (PCCT 12), year", "synth_12_pcct",
         f"/cases/?year={year}", ["cases_case"]),
        ("case list, police 12, number search", "synth_12_police1",
         f"/cases/?q=12-{year}-0001", ["cases_case"]),
        ("protection list, social worker 12", "synth_12_social", "/protection/",
         ["protection_protectioncase"]),
        ("protection list, nation", "synth_analyst", "/protection/",
         ["protection_protectioncase"]),
        ("people list, police 12, page 1", "synth_12_police1", "/people/", ["people_person"]),
        ("people list, police 12, birth date", "synth_12_police1",
         "/people/?born=1990-05-05", ["people_person"]),
        ("name search, police 12, Latin 'Srei Neang'", "synth_12_police1",
         "/people/?q=Srei+Neang", ["people_person"]),
        ("name search, police 12, Latin 'Chann Sokhar'", "synth_12_police1",
         "/people/?q=Chann+Sokhar", ["people_person"]),
        ("name search, police 12, Khmer 'សុខ ស្រីនាង'", "synth_12_police1",
         "/people/?q=%E1%9E%9F%E1%9E%BB%E1%9E%81+%E1%9E%9F%E1%9F%92%E1%9E%9A%E1%9E%B8"
         "%E1%9E%93%E1%9E%B6%E1%9E%84", ["people_person"]),
    ]  # fmt: skip
    rows: list[common.Row] = []
    notes: list[str] = []
    clients: dict[str, object] = {}
    for label, username, url, tables in figures:
        client = clients.setdefault(username, common.client_for(username))

        def get(client=client, url=url):  # type: ignore[no-untyped-def]
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            return response

        sql = common.captured_sql(get, tables)
        if not sql:
            raise SystemExit(f"{url}: no query on {tables} captured")
        web = common.timed(get, args.runs)
        raw = common.timed(common.bare(sql), args.runs)
        p95, raw95 = common.pct(web, 95), common.pct(raw, 95)
        p50, raw50 = common.pct(web, 50), common.pct(raw, 50)
        rows.append(common.Row(f"{label} p50", p50, raw50, "ms", "", None))
        rows.append(
            common.Row(
                f"{label} p95", p95, raw95, "ms", f"<{TARGET_MS:.0f} ms, <={TARGET_RATIO}x",
                p95 < TARGET_MS and p95 <= TARGET_RATIO * max(raw95, 1e-9),
            )
        )  # fmt: skip
        if args.verbose_sql:
            notes.append(f"{label}: {len(sql)} statements")
            for statement in sql:
                notes.append(common.explain(statement))
    return common.report("Case list and name search", rows, args, notes)


if __name__ == "__main__":
    sys.exit(main())
