"""Reach computed by the database: the same figures as :mod:`tipnet.prevention.reach` (whose
pure functions are the definition, tested with hand-counted literals), as aggregate queries,
so that a national year (about 50,000 activities, a million count cells and 200,000
attendances at the benchmark's scale) is never loaded into Python.

``tests/test_reach_sql.py`` checks, on both databases, that every figure here equals the
pure functions' over the same facts.

Place levels come from the gazetteer path of the activity's place (``02.0214.021405``): its
province, district and commune codes are the path's first three segments, 2, 4 and 6
characters long (official codes at those levels are well-formed; only some villages keep an
old code, which the path never uses for their parents).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Length, Substr

from tipnet.prevention.codes import AgeBand, age_band_of
from tipnet.prevention.models import Activity, Attendance, ParticipantCount
from tipnet.prevention.reach import KEYS, PERSON_KEYS, Reach

_TEXT = CharField()


def _place(prefix: str, key: str) -> Any:
    path = F(f"{prefix}place__path")
    start, length, needs = {"province": (1, 2, 2), "district": (4, 4, 7),
                            "commune": (9, 6, 14)}[key]  # fmt: skip
    return Case(
        When(Q(**{f"{prefix}place__path__isnull": False}) & Q(_len__gte=needs),
             then=Substr(path, start, length)),
        default=Value(""), output_field=_TEXT,
    )  # fmt: skip


def _organiser(prefix: str) -> Any:
    """The organiser's id as text (reach.py's groups are text, as the codes of other keys)."""
    return Cast(f"{prefix}owner_organisation_id", _TEXT)


def _band(prefix: str) -> Any:
    """The participant's age band on the activity's day (rules.age_band_on, in SQL)."""
    age = ExtractYear(f"{prefix}held_on") - F("participant__birth_year")
    return Case(
        When(participant__birth_year__isnull=True, then=F("participant__age_band")),
        When(Q(_age__lt=0), then=Value(AgeBand.UNKNOWN)),
        When(Q(_age__lte=11), then=Value(AgeBand.CHILD)),
        When(Q(_age__lte=17), then=Value(AgeBand.ADOLESCENT)),
        When(Q(_age__lte=24), then=Value(AgeBand.YOUNG)),
        When(Q(_age__lte=59), then=Value(AgeBand.ADULT)),
        default=Value(AgeBand.OLDER), output_field=_TEXT,
    ), age  # fmt: skip


def _attendances(ids: Any) -> QuerySet[Attendance]:
    return Attendance.objects.filter(activity__in=ids)


def _cells(ids: Any) -> QuerySet[ParticipantCount]:
    return ParticipantCount.objects.filter(activity__in=ids)


def _grouped(qs: QuerySet[Any], key: str, of_attendance: bool) -> QuerySet[Any]:
    """``qs`` with a ``g`` column: the group of each row under ``key``."""
    prefix = "activity__"
    if key in ("province", "district", "commune"):
        return qs.annotate(_len=Length("activity__place__path")).annotate(g=_place(prefix, key))
    if key == "kind":
        return qs.annotate(g=F("activity__kind__code"))
    if key == "topic":
        return qs.annotate(g=Coalesce(F("activity__topics__code"), Value(""), output_field=_TEXT))
    if key == "organisation":
        return qs.annotate(g=_organiser(prefix))
    if of_attendance:
        if key == "age_band":
            band, age = _band(prefix)
            return qs.annotate(_age=age).annotate(g=band)
        return qs.annotate(g=F(f"participant__{key}"))
    return qs.annotate(g=F(key))


def _active(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """The activities that reached anyone: with a count cell (their stored total, the sum of
    positive cells, is above zero: totals.total_problems checks it) or an attendance."""
    return qs.filter(
        Q(counted_total__gt=0) | Exists(Attendance.objects.filter(activity=OuterRef("pk")))
    )


def _first_bands(ids: Any) -> dict[str, int]:
    """People by the age band of their first attendance: the band is that of the year of the
    first day they came (rules.age_band_on), so two attendances on one day share it."""
    inner = (Attendance.objects.filter(activity__in=ids)
             .values("participant", "participant__birth_year", "participant__age_band")
             .annotate(first=Min("activity__held_on")).annotate(y=ExtractYear("first"))
             .order_by())  # fmt: skip
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT participant__birth_year, participant__age_band, y, COUNT(*) "  # noqa: S608
            f"FROM ({sql}) x GROUP BY participant__birth_year, participant__age_band, y",
            params,
        )
        rows = cursor.fetchall()
    bands: dict[str, int] = defaultdict(int)
    for birth_year, band, year, n in rows:
        bands[age_band_of(int(year) - birth_year) if birth_year else band or AgeBand.UNKNOWN] += n
    return dict(bands)


def total(qs: QuerySet[Activity]) -> Reach:
    ids = qs.values("pk")
    per_person = Attendance.objects.filter(activity__in=ids).values("participant")
    unique, attendances = _people(per_person, grouped=False).get("", (0, 0))
    acts = _active(qs).aggregate(n=Count("pk"), s=Sum("counted_total"))
    return Reach(unique, attendances, acts["s"] or 0, acts["n"])


def _people(per_person: QuerySet[Any], grouped: bool) -> dict[str, tuple[int, int]]:
    """Per group (``g``, or "" for all), the people and their attendances, from rows of
    (group, participant): grouped twice (people, then groups), which the database hashes,
    instead of COUNT(DISTINCT ...), which it sorts."""
    inner = per_person.annotate(c=Count("id")).order_by()
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:
        return {}
    select, group = ("g", " GROUP BY g") if grouped else ("''", "")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {select}, COUNT(*), SUM(c) FROM ({sql}) x{group}",  # noqa: S608
            params,
        )
        return {g or "": (u, int(n or 0)) for g, u, n in cursor.fetchall() if u}


def _by_activity(key: str, qs: QuerySet[Activity]) -> dict[str, tuple[int, int]]:
    """For a key of the activity (place, type, topic, organiser): per group, the activities
    that reached anyone and their counted participants, from the activities' stored totals."""
    active = _active(qs)
    grouped: QuerySet[Any]
    if key in ("province", "district", "commune"):
        grouped = active.annotate(_len=Length("place__path")).annotate(g=_place("", key))
    elif key == "kind":
        grouped = active.annotate(g=F("kind__code"))
    elif key == "organisation":
        grouped = active.annotate(g=_organiser(""))
    else:
        grouped = active.annotate(g=Coalesce(F("topics__code"), Value(""), output_field=_TEXT))
    rows = grouped.values("g").annotate(n=Count("pk"), s=Sum("counted_total")).order_by()
    return {row["g"] or "": (row["n"], row["s"] or 0) for row in rows}


def _rows(qs: QuerySet[Any], outer: str) -> list[tuple[Any, ...]]:
    """``outer`` (with ``{sql}`` for the queryset's SQL as a subquery ``x``) run over ``qs``."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(outer.format(sql=sql), params)
        return cursor.fetchall()


def _person_groups(key: str, ids: Any) -> tuple[dict[str, int], dict[str, int]]:
    """For sex, age band or role: per group, the activities with a cell or an attendee in it,
    and the counted participants. One read of the cells (per group and activity: its sum),
    then the activities with an attendee of the group but no cell of it."""
    cells = (_grouped(_cells(ids), key, False).values("g", "activity_id")
             .annotate(s=Sum("count")).order_by())  # fmt: skip
    activities: dict[str, int] = defaultdict(int)
    counted: dict[str, int] = {}
    for g, n, total_ in _rows(cells, "SELECT g, COUNT(*), SUM(s) FROM ({sql}) x GROUP BY g"):
        activities[g or ""] += n
        counted[g or ""] = int(total_ or 0)
    no_cell = ParticipantCount.objects.filter(
        activity=OuterRef("activity_id"), **{key: OuterRef("g")}
    )
    listed = (_grouped(_attendances(ids), key, True).filter(~Exists(no_cell))
              .values("g", "activity_id").distinct().order_by())  # fmt: skip
    for g, n in _rows(listed, "SELECT g, COUNT(*) FROM ({sql}) x GROUP BY g"):
        activities[g or ""] += n
    return dict(activities), counted


def by(key: str, qs: QuerySet[Activity]) -> dict[str, Reach]:
    """Reach per value of ``key`` (one of reach.KEYS), as reach.reach_by computes it."""
    if key not in KEYS:
        raise ValueError(f"unknown key {key!r}")
    ids = qs.values("pk")
    attendances: dict[str, int] = defaultdict(int)
    unique: dict[str, int] = defaultdict(int)
    counted: dict[str, int] = defaultdict(int)
    per_person = _grouped(_attendances(ids), key, True).values("g", "participant")
    for g, (u, n) in _people(per_person, grouped=True).items():
        attendances[g] += n
        unique[g] += u
    if key == "age_band":
        # A person counts once, in the age band of their first attendance; sex and role do
        # not change from one attendance to the next, so their groups already count each
        # person once where they first came.
        unique = defaultdict(int, _first_bands(ids))
    if key in PERSON_KEYS:
        activities, by_cells = _person_groups(key, ids)
        counted.update(by_cells)
    else:
        per_activity = _by_activity(key, qs)
        activities = {g: n for g, (n, _s) in per_activity.items()}
        counted.update({g: s for g, (_n, s) in per_activity.items() if s})
    groups = sorted(set(attendances) | set(counted) | set(activities))
    return {g: Reach(unique.get(g, 0), attendances.get(g, 0), counted.get(g, 0),
                     activities.get(g, 0)) for g in groups}  # fmt: skip


# Progress against targets (progress.py defines it over the facts): the aggregates it needs.


def _province() -> Any:
    return Substr("activity__place__path", 1, 2)


def sessions_by_province(qs: QuerySet[Activity]) -> dict[str, int]:
    rows = qs.annotate(p=Substr("place__path", 1, 2)).values("p").annotate(n=Count("pk"))
    return {row["p"]: row["n"] for row in rows.order_by()}


def counted_by_cell(qs: QuerySet[Activity]) -> dict[tuple[str, str, str], int]:
    """Counted participants per province, sex and age band."""
    rows = (_cells(qs.values("pk")).annotate(p=_province()).values("p", "sex", "age_band")
            .annotate(n=Sum("count")).order_by())  # fmt: skip
    return {(row["p"], row["sex"], row["age_band"]): row["n"] for row in rows}


def firsts_by_cell(qs: QuerySet[Activity], per_province: bool) -> dict[tuple[str, str, str], int]:
    """Known participants per province, sex and age band of their first attendance: over all
    these activities (``per_province=False``: the province is "") or within each province (a
    person who came in two provinces is first somewhere in each)."""
    ids = qs.values("pk")
    earlier = Attendance.objects.filter(participant=OuterRef("participant"), activity__in=ids)
    if per_province:
        earlier = earlier.annotate(_p=_province()).filter(
            _p=Substr(OuterRef("activity__place__path"), 1, 2)
        )
    earlier = earlier.filter(
        Q(activity__held_on__lt=OuterRef("activity__held_on"))
        | Q(activity__held_on=OuterRef("activity__held_on"),
            activity_id__lt=OuterRef("activity_id"))
    )  # fmt: skip
    band, age = _band("activity__")
    rows = (_attendances(ids).filter(~Exists(earlier)).annotate(_age=age)
            .annotate(b=band, p=_province() if per_province else Value("", output_field=_TEXT))
            .values("p", "participant__sex", "b").annotate(n=Count("id")).order_by())  # fmt: skip
    return {(row["p"], row["participant__sex"], row["b"]): row["n"] for row in rows}


# Keys under which every activity, and so every attendance, falls in exactly one group.
SINGLE = ("province", "district", "commune", "kind", "organisation")


def total_and_by(key: str, qs: QuerySet[Activity]) -> tuple[Reach, dict[str, Reach]]:
    """:func:`total` and :func:`by` together, the attendances read once where every activity
    falls in one group (:data:`SINGLE`): the people per group and over all are counted from
    one set of (group, person, attendances) rows. Other keys: the two, one after the other."""
    if key not in SINGLE:
        return total(qs), by(key, qs)
    ids = qs.values("pk")
    inner = (_grouped(_attendances(ids), key, True).values("g", "participant")
             .annotate(c=Count("id")).order_by())  # fmt: skip
    people: dict[str | None, tuple[int, int]] = {}
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:
        sql = ""
    if sql:
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH x AS ({sql}) SELECT g, COUNT(*), SUM(c) FROM x GROUP BY g "  # noqa: S608
                "UNION ALL SELECT NULL, COUNT(DISTINCT participant), SUM(c) FROM x",
                params,
            )
            people = {g: (u, int(n or 0)) for g, u, n in cursor.fetchall()}
    unique, attendances = people.pop(None, (0, 0))
    per_activity = _by_activity(key, qs)
    groups = sorted({g or "" for g in people if people[g][0]} | set(per_activity))
    rows = {g: Reach(people.get(g, (0, 0))[0], people.get(g, (0, 0))[1],
                     per_activity.get(g, (0, 0))[1], per_activity.get(g, (0, 0))[0])
            for g in groups}  # fmt: skip
    whole = Reach(unique, attendances, sum(s for _n, s in per_activity.values()),
                  sum(n for n, _s in per_activity.values()))  # fmt: skip
    return whole, rows
