"""Synthetic prevention work: ten years of activities of the synthetic NGOs and provincial
committees, with their participant counts, known participants and attendance lists, a project
per NGO and a national information campaign per year with targets per province.

At the issue's scale (``tipnet synth --cases 0 --prevention 500000``): 500,000 activities,
about 10 million count cells, 200,000 known participants and 2 million attendances, written
by ``COPY`` (``core.bulk.copy_rows``) in chunks. Each activity follows the rules the services
apply (``prevention.rules``): dated in the past, a duration within bounds, cells of known sex,
age band and role with positive counts, ``counted_total`` the sum of its cells (checked by
``prevention.totals.total_problems``), an attendance list of participants of its own
organisation, each once. Everything is marked ``is_synthetic``; no victim data lives here.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from tipnet.accounts.models import Organisation
from tipnet.core.bulk import copy_rows
from tipnet.prevention.codes import AgeBand, Sex
from tipnet.prevention.models import (
    Activity,
    ActivityType,
    Attendance,
    Campaign,
    KnownParticipant,
    ParticipantCount,
    Project,
    Target,
    Topic,
)
from tipnet.synth.generate import _adapt, _drop_secondary_indexes, _recreate_indexes
from tipnet.synth.names import FAMILY_NAMES, GIVEN_NAMES

YEARS = 10
CHUNK = 20_000  # activities per transaction
BULK = 100_000  # from this many, the plain indexes are built once at the end
# Per activity: about 20 count cells, and one activity in five with an attendance list of
# about 20 known participants (2 million attendances for 500,000 activities).
CELLS = (14, 32)
CELLS_RANGE = CELLS[1] - CELLS[0] + 1
SMALL = tuple(range(1, 13))  # people in one cell of a village session
BIG = tuple(range(20, 401))  # of a parade or a broadcast
BIG_KINDS = frozenset({"public_event", "media_broadcast"})
LISTED_SHARE = 0.2
LISTED = (15, 35)
PARTICIPANTS_PER_ACTIVITY = 0.4  # known participants: 200,000 for 500,000 activities
CAMPAIGN_SHARE = 0.1
PROJECT_SHARE = 0.6
BUDGET_SHARE = 0.5
# Activity types with their weight, and the roles that come to them.
KINDS: dict[str, tuple[int, tuple[str, ...]]] = {
    "awareness_session": (20, ("parent", "migrant", "other", "village_chief", "child")),
    "village_meeting": (20, ("parent", "village_chief", "commune_council", "other")),
    "vsn_workshop": (6, ("village_chief", "commune_council", "police", "religious_leader")),
    "peer_group_session": (14, ("child", "teacher", "parent", "volunteer")),
    "school_session": (10, ("child", "teacher", "school_director", "parent")),
    "public_event": (3, ("parent", "child", "other", "official", "police")),
    "training": (5, ("volunteer", "police", "official", "health_worker")),
    "refresher_training": (3, ("volunteer", "police", "official")),
    "workshop": (3, ("official", "police", "commune_council")),
    "campaign_activity": (6, ("parent", "migrant", "other", "child", "village_chief")),
    "media_broadcast": (2, ("other", "parent", "migrant", "child")),
    "door_to_door": (8, ("parent", "migrant", "child", "other")),
}
LISTED_KINDS = frozenset({"peer_group_session", "training", "refresher_training",
                          "vsn_workshop", "school_session"})  # fmt: skip
BANDS = [b for b in AgeBand.values if b != AgeBand.UNKNOWN]
ADULT_BANDS = ["18-24", "25-59", "60+"]
CHILD_BANDS = ["0-11", "12-17"]
SEXES = [Sex.FEMALE, Sex.MALE]
TABLES = (Activity, ParticipantCount, KnownParticipant, Attendance, Activity.topics.through)


@dataclass
class PreventionResult:
    activities: int = 0
    cells: int = 0
    participants: int = 0
    attendances: int = 0
    topics: int = 0
    seconds: float = 0.0


@dataclass
class Organiser:
    org: int
    province: str
    places: list[str]  # communes of the province, and its districts
    user: int | None
    project: int | None = None
    pool: list[tuple[int, int | None, str]] | None = None  # participant id, birth year, role


def _table(model: Any) -> tuple[str, list[str]]:
    return model._meta.db_table, [f.column for f in model._meta.concrete_fields]


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0]) + 1


def _reset_sequence(table: str) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


def _write(model: Any, rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    table, columns = _table(model)
    if connection.vendor != "postgresql":
        ops = connection.ops
        rows = [tuple(_adapt(ops, v) for v in row) for row in rows]
    copy_rows(table, columns, rows)


def _organisers(rng: random.Random) -> list[tuple[Organiser, int]]:
    """The synthetic NGOs and provincial committees with their province's weight (the synthetic
    world of ``generate.build_world``), each with one of its users as recorder."""
    from tipnet.accounts.models import User
    from tipnet.synth.generate import Result, build_world

    with transaction.atomic():
        world = build_world(rng, None, Result())
    first_user: dict[int, int] = {}
    for pk, org_id in User.objects.filter(is_synthetic=True).values_list("pk", "organisation_id"):
        first_user.setdefault(org_id, pk)
    out = []
    for p in world.provinces:
        places = p.homes + p.places
        for org, weight in ((p.ngo, 3 * p.weight), (p.pcct, p.weight)):
            if org:
                out.append((Organiser(org, p.area.code, places, first_user.get(org)), weight))
    return out


def _projects(organisers: list[Organiser], start: date, today: date) -> None:
    ngos = set(Organisation.objects.filter(pk__in=[o.org for o in organisers], kind="ngo")
               .values_list("pk", flat=True))  # fmt: skip
    for o in organisers:
        if o.org not in ngos:
            continue
        project, _ = Project.objects.get_or_create(
            owner_organisation_id=o.org, name="Safe migration programme (synthetic)",
            defaults={"donor": "Synthetic donor", "starts_on": start, "ends_on": today,
                      "budget": Decimal(500_000), "is_synthetic": True},
        )  # fmt: skip
        o.project = project.pk


def _campaigns(start: date, today: date) -> dict[int, int]:
    """A national information campaign per year, led by the synthetic NCCT, with targets per
    province for sessions and people reached."""
    ncct = Organisation.objects.filter(is_synthetic=True, kind="national_committee").first()
    if ncct is None:
        return {}
    provinces = list(
        Organisation.objects.filter(is_synthetic=True, kind="provincial_committee")
        .values_list("coverage_id", flat=True)
    )  # fmt: skip
    by_year = {}
    for year in range(start.year, today.year + 1):
        campaign, created = Campaign.objects.get_or_create(
            owner_organisation=ncct, name=f"National information campaign {year} (synthetic)",
            defaults={"starts_on": date(year, 1, 1), "ends_on": date(year, 12, 31),
                      "is_synthetic": True},
        )  # fmt: skip
        if created:
            Target.objects.bulk_create(
                [Target(campaign=campaign, province_id=code, measure=measure, number=number)
                 for code in provinces if code
                 for measure, number in (("sessions", 150), ("people", 6000))]
            )  # fmt: skip
        by_year[year] = campaign.pk
    return by_year


def _participants(
    rng: random.Random, organisers: list[Organiser], count: int, next_id: int, today: date
) -> list[tuple[Any, ...]]:
    rows = []
    now = datetime.now(UTC)
    weights = [len(o.places) + 1 for o in organisers]
    for pk in range(next_id, next_id + count):
        o = rng.choices(organisers, weights)[0]
        role = rng.choice(("child", "child", "child", "volunteer", "volunteer", "teacher",
                           "village_chief", "police", "official", "parent"))  # fmt: skip
        age = rng.randint(8, 17) if role == "child" else rng.randint(20, 65)
        birth_year = today.year - YEARS // 2 - age
        sex = rng.choice(SEXES)
        family = rng.choice(FAMILY_NAMES)
        given = rng.choice(GIVEN_NAMES)
        name = f"{rng.choice(family[1])} {rng.choice(given[1])}"
        rows.append((pk, name, sex, birth_year, "unknown", role, "", o.org, o.user, now, True))
        if o.pool is None:
            o.pool = []
        o.pool.append((pk, birth_year, role))
    return rows


@dataclass
class Plan:
    """What every activity of a run is drawn from."""

    organisers: list[Organiser]
    weights: list[int]
    kinds: dict[str, int]  # code: id
    names: list[str]
    kind_weights: list[int]
    combos: dict[str, list[tuple[str, str, str]]]
    topics: list[int]
    campaigns: dict[int, int]  # year: id
    start: date
    span: int
    now: datetime


def generate_prevention(
    activities: int,
    seed: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> PreventionResult:
    """Add ``activities`` synthetic activities over the last ten years, with what they hold."""
    started = time.monotonic()
    rng = random.Random(seed)
    result = PreventionResult()
    today = timezone.localdate()
    start = today - timedelta(days=365 * YEARS)
    weighted = _organisers(rng)
    if not weighted or activities <= 0:
        return result
    organisers = [o for o, _ in weighted]
    _projects(organisers, start, today)
    kinds = {t.code: t.pk for t in ActivityType.objects.all()}
    names = [code for code in KINDS if code in kinds]
    plan = Plan(
        organisers=organisers, weights=[w for _, w in weighted], kinds=kinds, names=names,
        kind_weights=[KINDS[code][0] for code in names],
        combos={code: [(s, b, r) for r in KINDS[code][1] for s in SEXES
                       for b in (CHILD_BANDS if r == "child" else ADULT_BANDS)]
                for code in names},
        topics=list(Topic.objects.values_list("pk", flat=True)),
        campaigns=_campaigns(start, today), start=start, span=(today - start).days,
        now=datetime.now(UTC),
    )  # fmt: skip
    ids = {m: _next_id(m._meta.db_table) for m in TABLES}
    people = max(1, int(activities * PARTICIPANTS_PER_ACTIVITY))
    with transaction.atomic():
        _begin()
        rows = _participants(rng, organisers, people, ids[KnownParticipant], today)
        _write(KnownParticipant, rows)
    result.participants = people
    big = activities >= BULK and not connection.in_atomic_block
    rebuild = _drop_secondary_indexes([m._meta.db_table for m in TABLES]) if big else []

    def report(done: int) -> None:
        if progress and (done % (CHUNK * 5) == 0 or done == activities):
            progress(f"{done:,} activities, {result.cells:,} cells, {result.attendances:,} "
                     f"attendances generated in {time.monotonic() - started:,.0f} s")  # fmt: skip

    try:
        _write_all(rng, plan, activities, ids, result, report)
    finally:
        _recreate_indexes(rebuild, progress)
    for model in TABLES:
        _reset_sequence(model._meta.db_table)
    _analyze()
    result.seconds = time.monotonic() - started
    return result


def _rows(
    rng: random.Random, plan: Plan, size: int, ids: dict[Any, int], result: PreventionResult
) -> dict[Any, list[tuple[Any, ...]]]:
    """The rows of ``size`` activities with their cells, topics and attendances. Tight loops
    (ten million cells at the benchmark's scale): local names, one draw per list."""
    through = Activity.topics.through
    acts: list[tuple[Any, ...]] = []
    cells_out: list[tuple[Any, ...]] = []
    topics_out: list[tuple[Any, ...]] = []
    listed_out: list[tuple[Any, ...]] = []
    now, start, span, topics = plan.now, plan.start, plan.span, plan.topics
    uniform = rng.random
    org_cum = list(accumulate(plan.weights))
    kind_cum = list(accumulate(plan.kind_weights))
    cell_id, topic_id, attendance_id = ids[ParticipantCount], ids[through], ids[Attendance]
    organisers = rng.choices(plan.organisers, cum_weights=org_cum, k=size)
    codes = rng.choices(plan.names, cum_weights=kind_cum, k=size)
    durations = rng.choices((60, 90, 120, 180, 240), k=size)
    for pk, o, code, minutes in zip(range(ids[Activity], ids[Activity] + size), organisers,
                                    codes, durations, strict=True):  # fmt: skip
        held_on = start + timedelta(days=int(uniform() * span))
        combos = plan.combos[code]
        cells = rng.sample(combos, min(len(combos), CELLS[0] + int(uniform() * CELLS_RANGE)))
        counts = rng.choices(BIG if code in BIG_KINDS else SMALL, k=len(cells))
        for (sex, band, role), n in zip(cells, counts, strict=True):
            cells_out.append((cell_id, pk, sex, band, role, n))
            cell_id += 1
        topics_out.append((topic_id, pk, topics[int(uniform() * len(topics))]))
        topic_id += 1
        if uniform() < 0.3 and len(topics) > 1:
            second = topics[int(uniform() * len(topics))]
            if second != topics_out[-1][2]:
                topics_out.append((topic_id, pk, second))
                topic_id += 1
        if code in LISTED_KINDS and o.pool and uniform() < LISTED_SHARE * 2:
            listed = rng.sample(o.pool, min(len(o.pool), rng.randint(*LISTED)))
            scored = code in ("training", "refresher_training")
            for person, _birth_year, _role in listed:
                pre = 20 + int(uniform() * 60) if scored else None
                post = min(100, pre + int(uniform() * 30)) if pre is not None else None
                listed_out.append((attendance_id, pk, person, pre, post, o.user, now))
                attendance_id += 1
        campaign = plan.campaigns.get(held_on.year) if uniform() < CAMPAIGN_SHARE else None
        project = o.project if uniform() < PROJECT_SHARE else None
        spent = (Decimal(20 + int(uniform() * 1980)) if project and uniform() < BUDGET_SHARE
                 else None)  # fmt: skip
        acts.append((
            pk, plan.kinds[code], o.org, project, campaign, None, None, spent, "USD", held_on,
            minutes, o.places[int(uniform() * len(o.places))], "", "", "", "", "",
            sum(counts), "standard", 1, o.user, now, now, True,
        ))  # fmt: skip
    ids[Activity] += size
    ids[ParticipantCount], ids[through], ids[Attendance] = cell_id, topic_id, attendance_id
    result.activities += size
    result.cells += len(cells_out)
    result.attendances += len(listed_out)
    result.topics += len(topics_out)
    return {Activity: acts, through: topics_out, ParticipantCount: cells_out,
            Attendance: listed_out}  # fmt: skip


def _store(rows: dict[Any, list[tuple[Any, ...]]]) -> None:
    """One chunk in one transaction, parents first."""
    with transaction.atomic():
        _begin()
        for model, chunk in rows.items():
            _write(model, chunk)


def _write_all(
    rng: random.Random,
    plan: Plan,
    activities: int,
    ids: dict[Any, int],
    result: PreventionResult,
    report: Callable[[int], None],
) -> None:
    """Generate chunk n+1 while a writer thread (its own connection) copies chunk n on
    PostgreSQL; one after the other elsewhere (SQLite, or inside a test's transaction)."""
    sizes = [min(CHUNK, activities - done) for done in range(0, activities, CHUNK)]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        for size in sizes:
            _store(_rows(rng, plan, size, ids, result))
            report(result.activities)
        return
    pending: queue.Queue[dict[Any, list[tuple[Any, ...]]] | None] = queue.Queue(maxsize=2)
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while (rows := pending.get()) is not None:
                if failures:
                    continue  # keep taking chunks so that the generator never blocks
                try:
                    _store(rows)
                except BaseException as exc:  # raised again in the main thread
                    failures.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=writer, name="synth-prevention-writer")
    thread.start()
    try:
        for size in sizes:
            if failures:
                break
            pending.put(_rows(rng, plan, size, ids, result))
            report(result.activities)
    finally:
        pending.put(None)
        thread.join()
    if failures:
        raise failures[0]


def _begin() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            # Skip the per-row foreign-key triggers of COPY (superuser only): every row
            # points at what this run wrote before it or read from the database.
            cursor.execute("SET LOCAL session_replication_role = replica")


def _analyze() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in TABLES:
            vacuum = "" if connection.in_atomic_block else "VACUUM "
            cursor.execute(f"{vacuum}ANALYZE {model._meta.db_table}")
