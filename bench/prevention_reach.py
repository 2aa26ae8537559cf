"""Prevention reach at national scale: the reach page for a year (by province and every other
breakdown) as the national analyst and as a provincial committee, the nation by organisation and
one organisation's summary (``?organiser=``, its figures and spending), and the unique reach of
one year's national campaign; the full response against the same SQL executed bare.

    .venv/bin/python bench/prevention_reach.py --cases 1000 --activities 500000 [--reuse]

With ``--reuse`` the database is topped up to ``--activities`` synthetic activities
(``tipnet synth --prevention N --fill``), so the script runs after the other benches on their
database.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_MS = 500.0
TABLES = ["prevention_activity", "prevention_participantcount", "prevention_attendance",
          "prevention_activity_topics"]  # fmt: skip


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--activities", type=int, default=500_000, help="synthetic activities")
    args = p.parse_args()
    env = common.setup(args)
    started = time.monotonic()
    common.tipnet(env, "synth", "--cases", "0", "--prevention", str(args.activities), "--fill",
                  "--seed", str(args.seed))  # fmt: skip
    loaded = time.monotonic() - started
    from django.db.models import Count

    from tipnet.prevention.models import Activity, Attendance, Campaign, ParticipantCount

    year = Activity.objects.order_by("-held_on").values_list("held_on", flat=True)[0].year - 1
    campaign = (Campaign.objects.filter(is_synthetic=True, starts_on__year=year)
                .annotate(n=Count("activities")).order_by("-n").first())  # fmt: skip
    province = "12"
    busiest = (Activity.objects.filter(held_on__year=year).values("owner_organisation")
               .annotate(n=Count("pk")).order_by("-n").first())  # fmt: skip
    figures = [
        ("reach, nation, one year", "synth_analyst",
         f"/prevention/reach/?start={year}-01-01&end={year}-12-31", True),
        ("reach, nation view of province 12, one year", "synth_analyst",
         f"/prevention/reach/?start={year}-01-01&end={year}-12-31&province={province}", True),
        ("reach, nation, one year, by age band (no target)", "synth_analyst",
         f"/prevention/reach/?start={year}-01-01&end={year}-12-31&by=age_band", False),
        (f"reach, PCCT of province {province}, one year", f"synth_{province}_pcct",
         f"/prevention/reach/?start={year}-01-01&end={year}-12-31", True),
        ("reach, nation, one year, by organisation (no target)", "synth_analyst",
         f"/prevention/reach/?start={year}-01-01&end={year}-12-31&by=organisation", False),
    ]  # fmt: skip
    if busiest is not None:
        figures.append(("reach, nation view of the busiest organisation, one year (no target)",
                        "synth_analyst", f"/prevention/reach/?start={year}-01-01&end={year}-12-31"
                        f"&organiser={busiest['owner_organisation']}", False))  # fmt: skip
    if campaign is not None:
        figures.append((f"campaign {year}: unique reach and progress", "synth_analyst",
                        f"/prevention/campaigns/{campaign.pk}/", True))  # fmt: skip
    rows: list[common.Row] = []
    notes = [
        f"{Activity.objects.count():,} activities, {ParticipantCount.objects.count():,} count "
        f"cells, {Attendance.objects.count():,} attendances; topped up in {loaded:.0f} s",
        f"one year: {Activity.objects.filter(held_on__year=year).count():,} activities",
    ]
    runs = max(3, args.runs // 3)
    for label, username, url, has_target in figures:
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
        target = f"<{TARGET_MS:.0f} ms" if has_target else ""
        rows.append(common.Row(f"{label} p50", p50, raw50, "ms", "", None))
        rows.append(common.Row(f"{label} p95", p95, raw95, "ms", target,
                               (p95 < TARGET_MS) if has_target else None))  # fmt: skip
        if args.verbose_sql:
            for statement in sql:
                notes.append(common.explain(statement))
    return common.report("Prevention reach", rows, args, notes)


if __name__ == "__main__":
    sys.exit(main())
