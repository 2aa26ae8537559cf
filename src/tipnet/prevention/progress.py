"""Progress against targets: what a project's or a campaign's activities achieved, target by
target, as pure functions over frozen facts (queries_campaigns.py loads them).

A target counts **sessions** (the activities held in its province, or anywhere for a target of
the whole) or **people reached** (of one sex and age band, or everyone). People reached is
compared to the *participants*: the unique known participants (on attendance lists, each once
however often they came) plus the participants counted only as numbers. The two are kept and
shown apart; their sum is the figure the target is compared to, labelled "participants"
(counted participants cannot be told apart from one activity to the next, so someone counted at
two sessions is two participants: the page says so). A known participant counts in the sex and
age band of their first attendance within the target's province (reach.py's rule)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tipnet.prevention.reach import Attended, Counted

SESSIONS = "sessions"
PEOPLE = "people"


@dataclass(frozen=True)
class Goal:
    """One target: ``province`` "" for the whole, ``sex`` and ``age_band`` "" for everyone."""

    id: int
    province: str
    measure: str
    sex: str
    age_band: str
    number: int


@dataclass(frozen=True)
class Session:
    """One activity that counts towards the targets, with its province."""

    activity: int
    province: str


@dataclass(frozen=True)
class Progress:
    goal: Goal
    # Sessions: the activities; people: unique known + counted only.
    achieved: int
    unique: int
    counted_only: int

    @property
    def percent(self) -> int | None:
        """Whole percent of the target achieved, rounded down (100 only once reached)."""
        if self.goal.number <= 0:
            return None
        return self.achieved * 100 // self.goal.number


def _in(province: str, fact_province: str) -> bool:
    return not province or province == fact_province


def _who(goal: Goal, sex: str, age_band: str) -> bool:
    return (not goal.sex or sex == goal.sex) and (not goal.age_band or age_band == goal.age_band)


def _unique(goal: Goal, attended: list[Attended]) -> int:
    first: dict[int, Attended] = {}
    for a in sorted(attended, key=lambda a: (a.held_on, a.activity)):
        if _in(goal.province, a.province):
            first.setdefault(a.person, a)
    return sum(1 for a in first.values() if _who(goal, a.sex, a.age_band))


def _counted(goal: Goal, counted: list[Counted]) -> int:
    return sum(
        c.count for c in counted if _in(goal.province, c.province) and _who(goal, c.sex, c.age_band)
    )


def progress(
    goals: Iterable[Goal],
    sessions: Iterable[Session],
    attended: Iterable[Attended],
    counted: Iterable[Counted],
) -> list[Progress]:
    """Each goal with what was achieved towards it (same order as ``goals``)."""
    sessions, attended, counted = list(sessions), list(attended), list(counted)
    out = []
    for goal in goals:
        if goal.measure == SESSIONS:
            held = sum(1 for s in sessions if _in(goal.province, s.province))
            out.append(Progress(goal, held, 0, 0))
        else:
            unique, only = _unique(goal, attended), _counted(goal, counted)
            out.append(Progress(goal, unique + only, unique, only))
    return out


@dataclass(frozen=True)
class ProvinceReach:
    province: str
    sessions: int
    unique: int
    attendances: int
    counted_only: int

    @property
    def participants(self) -> int:
        return self.unique + self.counted_only


def by_province(
    sessions: Iterable[Session], attended: Iterable[Attended], counted: Iterable[Counted]
) -> list[ProvinceReach]:
    """Sessions and reach per province (each province's unique reach computed on its own)."""
    sessions, attended, counted = list(sessions), list(attended), list(counted)
    provinces = sorted({s.province for s in sessions} | {a.province for a in attended}
                       | {c.province for c in counted})  # fmt: skip
    return [
        ProvinceReach(
            province=p,
            sessions=sum(1 for s in sessions if s.province == p),
            unique=len({a.person for a in attended if a.province == p}),
            attendances=sum(1 for a in attended if a.province == p),
            counted_only=sum(c.count for c in counted if c.province == p),
        )
        for p in provinces
    ]


Cells = dict[tuple[str, str, str], int]  # (province, sex, age band): people


def _sum_who(goal: Goal, cells: Cells, province: str | None) -> int:
    return sum(n for (p, sex, band), n in cells.items()
               if (province is None or p == province) and _who(goal, sex, band))  # fmt: skip


def progress_of(
    goals: Iterable[Goal],
    sessions: dict[str, int],
    firsts_whole: Cells,
    firsts_by_province: Cells,
    counted: Cells,
) -> list[Progress]:
    """:func:`progress` from aggregates (reach_sql loads them): sessions per province, known
    participants by the province, sex and age band of their first attendance (over the whole,
    and within each province), counted participants per province, sex and age band."""
    out = []
    for goal in goals:
        if goal.measure == SESSIONS:
            held = sum(n for p, n in sessions.items() if _in(goal.province, p))
            out.append(Progress(goal, held, 0, 0))
            continue
        where = goal.province or None
        unique = _sum_who(goal, firsts_by_province if where else firsts_whole, where)
        only = _sum_who(goal, counted, where)
        out.append(Progress(goal, unique + only, unique, only))
    return out
