"""Import of a court spreadsheet (default 100,000 rows, one charge of one suspect per row)
through tipnet.cases.importer.import_spreadsheet, on top of the synthetic caseload: rows per
second against a bare COPY of the same rows into a staging table of text columns.

    .venv/bin/python bench/importer.py --cases 1000000 --reuse [--rows 100000]
"""

from __future__ import annotations

import csv
import io
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_ROWS_PER_S = 5000.0


def spreadsheet(rows: int, province: str, articles: list[str], seed: int) -> bytes:
    """A UTF-8 CSV in the importer's template: cases of 1-3 rows, suspects of 1-2 charges."""
    from tipnet.cases.importer import COLUMN_NAMES
    from tipnet.synth.names import FAMILY_NAMES, GIVEN_NAMES

    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMN_NAMES))
    writer.writeheader()
    written = 0
    case = 0
    run = f"{int(time.time()):x}"
    while written < rows:
        case += 1
        reported = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000))
        reference = f"BENCH-{run}-{case:06d}"
        base = {
            "case_reference": reference,
            "province_code": province,
            "reported_on": reported.isoformat(),
            "case_title": f"Court file {reference}",
            "source": "court",
            "exploitation_types": rng.choice(["SexualExploitation", "ForcedLabour"]),
        }
        for s in range(rng.choice((1, 1, 2))):
            fam_km, fam_lat = rng.choice(FAMILY_NAMES)
            giv_km, giv_lat, _ = rng.choice(GIVEN_NAMES)
            arrested = reported + timedelta(days=rng.randint(0, 30))
            forwarded = arrested + timedelta(days=rng.randint(1, 20))
            ji = forwarded + timedelta(days=rng.randint(5, 60))
            indicted = ji + timedelta(days=rng.randint(60, 300))
            trial = indicted + timedelta(days=rng.randint(30, 200))
            verdict = trial + timedelta(days=rng.randint(0, 30))
            decided = rng.random() < 0.7
            suspect = {
                "suspect_name_km": f"{fam_km} {giv_km}",
                "suspect_name_latin": f"{rng.choice(fam_lat)} {rng.choice(giv_lat)} {case}-{s}",
                "suspect_gender": rng.choice(["Masculine", "Feminine"]),
                "arrested_on": arrested.isoformat(),
                "forwarded_on": forwarded.isoformat(),
                "judicial_investigation_on": ji.isoformat(),
                "indicted_on": indicted.isoformat(),
                "trial_on": trial.isoformat(),
            }
            for article in rng.sample(articles, rng.choice((1, 1, 2))):
                row = {**base, **suspect, "offence_law": "TIP2008", "offence_article": article,
                       "charged_on": forwarded.isoformat()}  # fmt: skip
                if decided:
                    years = str(rng.choice((2, 5, 7, 10)))
                    row.update(verdict="convicted", verdict_on=verdict.isoformat(),
                               prison_years=years, prison_months="0")  # fmt: skip
                writer.writerow(row)
                written += 1
                if written >= rows:
                    break
            if written >= rows:
                break
    return out.getvalue().encode("utf-8")


def bare_copy(data: bytes, columns: list[str]) -> float:
    """Seconds to COPY the same CSV into an unindexed staging table of text columns."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cols = ", ".join(f'"{c}" text' for c in columns)
        cursor.execute(f"CREATE TEMP TABLE bench_import_rows ({cols}) ON COMMIT DROP")
        start = time.perf_counter()
        with cursor.cursor.copy(
            "COPY bench_import_rows FROM STDIN WITH (FORMAT csv, HEADER true)"
        ) as copy:
            copy.write(data)
        return time.perf_counter() - start


def _timed_phases() -> dict[str, float]:
    """Seconds spent in each phase of the import (reading the file, parsing each row, checking
    the cases against each other and what is recorded, writing; inside writing, the time the
    database takes to store the rows); what is left is the commit, where PostgreSQL checks
    the deferred foreign keys."""
    from tipnet.cases.importer import service
    from tipnet.core import bulk

    spent: dict[str, float] = dict.fromkeys(
        ["reading", "parsing", "checking", "writing (Python)", "writing (database COPY)"], 0.0
    )

    def timing(owner: object, name: str, phase: str) -> None:
        original = getattr(owner, name)

        def timed_call(*a, **k):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                spent[phase] += time.perf_counter() - started

        setattr(owner, name, timed_call)

    timing(service, "read_table", "reading")
    timing(service, "parse_rows", "parsing")
    timing(service, "group_rows", "checking")
    timing(service, "check_recorded", "checking")
    timing(service, "write", "writing (Python)")
    copy_rows = bulk.copy_rows

    def copy_timed(table, columns, rows, using="default"):  # type: ignore[no-untyped-def]
        rows = list(rows)  # the values are made (Python) before the clock starts
        started = time.perf_counter()
        try:
            return copy_rows(table, columns, rows, using)
        finally:
            elapsed = time.perf_counter() - started
            spent["writing (database COPY)"] += elapsed
            spent["writing (Python)"] -= elapsed

    bulk.copy_rows = copy_timed
    return spent


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--user", default="synth_12_prosecutor")
    args = p.parse_args()
    common.setup(args)
    try:
        from tipnet.cases import importer
    except ImportError:
        print("importer benchmark skipped: tipnet.cases.importer is not available")
        return 0
    from tipnet.accounts.models import User
    from tipnet.cases.models import Offence
    from tipnet.core.actor import Actor

    user = User.objects.get(username=args.user)
    province = (user.jurisdiction_id or "12")[:2]
    articles = list(
        Offence.objects.filter(law="TIP2008", is_active=True).values_list("article", flat=True)
    )
    data = spreadsheet(args.rows, province, articles[:6], args.seed)
    copy_seconds = bare_copy(data, list(importer.COLUMN_NAMES))
    request = Actor.command(user, via="bench")
    phases = _timed_phases()
    start = time.perf_counter()
    result = importer.import_spreadsheet(request, data)
    seconds = time.perf_counter() - start
    notes = [
        f"{args.rows} rows ({len(data) / 1e6:.1f} MB CSV) as {args.user}: "
        f"{result.cases_created} cases created, {result.cases_updated} updated, "
        f"{seconds:.1f} s (bare COPY {copy_seconds:.2f} s)"
    ]
    phases["commit and the rest"] = seconds - sum(phases.values())
    notes.append(
        "share of the time: "
        + ", ".join(f"{name} {100 * s / seconds:.0f}% ({s:.1f} s)" for name, s in phases.items())
    )
    if not result.ok:
        for error in result.errors[:10]:
            notes.append(f"row {error.row} {error.column}: {error.message}")
        common.report("Court spreadsheet import", [], args, notes)
        print("the import was refused: the benchmark's spreadsheet has errors")
        return 1
    rate = args.rows / seconds
    bound = args.rows / copy_seconds
    rows = [
        common.Row("import rows per second", rate, bound, "rows/s",
                   f">{TARGET_ROWS_PER_S:.0f} rows/s", rate > TARGET_ROWS_PER_S),
    ]  # fmt: skip
    notes.append("ratio < 1: the import is that fraction of the speed of a bare COPY.")
    return common.report("Court spreadsheet import", rows, args, notes)


if __name__ == "__main__":
    sys.exit(main())
