"""Reach: how many people prevention work reached, as three figures that are never mixed.

- ``unique``: known participants (on an attendance list), each counted once however many
  activities they attended;
- ``attendances``: the same people, counted every time they came;
- ``counted_only``: participants known only as counts (the cells of sex x age band x role),
  who cannot be told apart across activities: a separate, labelled figure, never added into
  unique reach.

Pure functions over frozen facts (queries.py loads them). The unique reach of a group (a
province, an activity type, the nation) is computed from the facts of that group, never summed
from smaller groups: a volunteer who came to sessions in two provinces is one person in each
province's reach and one person in the nation's (so too for districts and communes).

For the breakdowns by sex, age band and role a known person counts once, in the group of their
first attendance (their age band then); by place, activity type, topic or organiser they count
once in each group they attended in (an activity of two topics counts under both; a person who
came to activities of two organisations counts once in each, and once in the whole).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

KEYS = ("province", "district", "commune", "kind", "topic", "sex", "age_band", "role",
        "organisation")  # fmt: skip
# Keys of what a person is (one value per person), not of where they came.
PERSON_KEYS = frozenset({"sex", "age_band", "role"})


@dataclass(frozen=True)
class Attended:
    """One attendance of a known participant."""

    person: int
    activity: int
    held_on: date
    province: str
    kind: str
    sex: str
    age_band: str
    role: str
    # The activity's district and commune ("" when it was placed above that level).
    district: str = ""
    commune: str = ""
    # The activity's topics (codes): by topic, an activity counts under each of them.
    topics: tuple[str, ...] = ()
    # The organiser (the activity's owner organisation), its id as text as the other keys' codes.
    organisation: str = ""


@dataclass(frozen=True)
class Counted:
    """One cell of an activity's counts: ``count`` unnamed participants."""

    activity: int
    province: str
    kind: str
    sex: str
    age_band: str
    role: str
    count: int
    district: str = ""
    commune: str = ""
    topics: tuple[str, ...] = ()
    organisation: str = ""


@dataclass(frozen=True)
class Reach:
    unique: int
    attendances: int
    counted_only: int
    activities: int

    @property
    def participations(self) -> int:
        """Every time anybody took part: attendances and counted participants (a total of
        participations, not of people)."""
        return self.attendances + self.counted_only


def reach(attended: Iterable[Attended], counted: Iterable[Counted]) -> Reach:
    attended, counted = list(attended), list(counted)
    return Reach(
        unique=len({a.person for a in attended}),
        attendances=len(attended),
        counted_only=sum(c.count for c in counted),
        activities=len({a.activity for a in attended} | {c.activity for c in counted}),
    )


def _first_attendances(attended: list[Attended]) -> list[Attended]:
    first: dict[int, Attended] = {}
    for a in sorted(attended, key=lambda a: (a.held_on, a.activity)):
        first.setdefault(a.person, a)
    return list(first.values())


def reach_by(
    key: str, attended: Iterable[Attended], counted: Iterable[Counted]
) -> dict[str, Reach]:
    """Reach per value of ``key`` (one of :data:`KEYS`), each group computed on its own."""
    if key not in KEYS:
        raise ValueError(f"unknown key {key!r}")

    def values(fact: Attended | Counted) -> tuple[str, ...]:
        if key == "topic":
            return fact.topics or ("",)
        return (getattr(fact, key),)

    attended, counted = list(attended), list(counted)
    groups_a: dict[str, list[Attended]] = defaultdict(list)
    groups_c: dict[str, list[Counted]] = defaultdict(list)
    for a in attended:
        for v in values(a):
            groups_a[v].append(a)
    for c in counted:
        for v in values(c):
            groups_c[v].append(c)
    firsts: dict[str, set[int]] = defaultdict(set)
    if key in PERSON_KEYS:
        for a in _first_attendances(attended):
            firsts[values(a)[0]].add(a.person)
    result = {}
    for group in sorted(set(groups_a) | set(groups_c)):
        figures = reach(groups_a[group], groups_c[group])
        if key in PERSON_KEYS:
            figures = Reach(len(firsts[group]), figures.attendances, figures.counted_only,
                            figures.activities)  # fmt: skip
        result[group] = figures
    return result
