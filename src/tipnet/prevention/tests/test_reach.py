"""The reach rules over hand-made facts; every expected number is written out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from tipnet.prevention.reach import Attended, Counted, Reach, reach, reach_by


def _a(person: int, activity: int, province: str = "01", on: int = 1, **kw: str) -> Attended:
    facts = {"kind": "peer_group_session", "sex": "female", "age_band": "12-17", "role": "child"}
    facts.update(kw)
    return Attended(person, activity, date(2026, 3, on), province, **facts)


def _c(activity: int, count: int, province: str = "01", **kw: str) -> Counted:
    facts = {"kind": "vsn_workshop", "sex": "male", "age_band": "25-59", "role": "police"}
    facts.update(kw)
    return Counted(activity, province, **facts, count=count)


def test_it_counts_a_child_who_came_twice_once_in_reach_and_twice_in_attendance():
    attended = [_a(1, 10, on=1), _a(1, 11, on=8), _a(2, 10, on=1)]
    assert reach(attended, []) == Reach(unique=2, attendances=3, counted_only=0, activities=2)


def test_it_keeps_counted_participants_out_of_unique_reach():
    figures = reach([_a(1, 10), _a(2, 10)], [_c(20, 30), _c(20, 12, sex="female")])
    assert figures.unique == 2
    assert figures.counted_only == 42
    assert figures.attendances == 2
    assert figures.participations == 44
    assert figures.activities == 2


def test_it_computes_the_nations_unique_reach_instead_of_summing_provinces():
    # Person 1 came in Banteay Meanchey (01) and in Battambang (02).
    attended = [_a(1, 10, "01"), _a(2, 10, "01"), _a(1, 30, "02", on=9), _a(3, 30, "02", on=9)]
    by_province = reach_by("province", attended, [_c(31, 5, "02")])
    assert by_province["01"] == Reach(2, 2, 0, 1)
    assert by_province["02"] == Reach(2, 2, 5, 2)
    nation = reach(attended, [_c(31, 5, "02")])
    assert nation.unique == 3  # not 2 + 2
    assert nation.attendances == 4
    assert nation.counted_only == 5


def test_it_counts_a_person_once_by_sex_and_age_in_their_first_attendance():
    # Person 1 turned 18 between her sessions: one person, in the band she came in first.
    attended = [_a(1, 10, on=1, age_band="12-17"), _a(1, 11, on=20, age_band="18-24"),
                _a(2, 10, on=1, sex="male", age_band="0-11")]  # fmt: skip
    by_age = reach_by("age_band", attended, [_c(20, 7, age_band="60+")])
    assert by_age["12-17"] == Reach(1, 1, 0, 1)
    assert by_age["18-24"] == Reach(0, 1, 0, 1)
    assert by_age["0-11"] == Reach(1, 1, 0, 1)
    assert by_age["60+"] == Reach(0, 0, 7, 1)
    by_sex = reach_by("sex", attended, [])
    assert by_sex == {"female": Reach(1, 2, 0, 2), "male": Reach(1, 1, 0, 1)}


def test_it_counts_a_person_in_each_activity_type_they_came_to():
    attended = [_a(1, 10), _a(1, 40, kind="school_session", on=5)]
    by_kind = reach_by("kind", attended, [_c(20, 3)])
    assert by_kind == {
        "peer_group_session": Reach(1, 1, 0, 1),
        "school_session": Reach(1, 1, 0, 1),
        "vsn_workshop": Reach(0, 0, 3, 1),
    }
    assert reach(attended, []).unique == 1


def test_it_refuses_an_unknown_breakdown():
    with pytest.raises(ValueError):
        reach_by("district_name", [], [])


def test_it_computes_each_district_and_commune_on_its_own():
    # Person 1 came in two districts of Banteay Meanchey; activity 50 was placed at the
    # province only.
    attended = [
        Attended(1, 10, date(2026, 3, 1), "01", "school_session", "female", "12-17", "child",
                 district="0110", commune="011002"),
        Attended(1, 11, date(2026, 3, 2), "01", "school_session", "female", "12-17", "child",
                 district="0102", commune="010201"),
        Attended(2, 11, date(2026, 3, 2), "01", "school_session", "male", "12-17", "child",
                 district="0102", commune="010201"),
    ]  # fmt: skip
    counted = [Counted(50, "01", "public_event", "male", "25-59", "official", 1500)]
    by_district = reach_by("district", attended, counted)
    assert by_district == {
        "": Reach(0, 0, 1500, 1),
        "0102": Reach(2, 2, 0, 1),
        "0110": Reach(1, 1, 0, 1),
    }
    assert reach_by("commune", attended, counted)["011002"] == Reach(1, 1, 0, 1)
    assert reach_by("province", attended, counted)["01"] == Reach(2, 3, 1500, 3)


def test_it_counts_an_activity_under_each_of_its_topics():
    both = ("child_rights", "safe_migration")
    attended = [
        Attended(1, 10, date(2026, 3, 1), "01", "school_session", "female", "12-17", "child",
                 topics=both),
        Attended(1, 11, date(2026, 3, 9), "01", "school_session", "female", "12-17", "child",
                 topics=("safe_migration",)),
    ]  # fmt: skip
    counted = [Counted(12, "01", "media_broadcast", "male", "unknown", "other", 300)]
    by_topic = reach_by("topic", attended, counted)
    assert by_topic == {
        "": Reach(0, 0, 300, 1),
        "child_rights": Reach(1, 1, 0, 1),
        "safe_migration": Reach(1, 2, 0, 2),
    }
    assert reach(attended, counted) == Reach(1, 2, 300, 3)


def test_it_counts_a_person_once_in_each_organisers_reach():
    # Person 1 came to a session of organisation 7 and a meeting of organisation 9.
    attended = [
        Attended(1, 10, date(2026, 3, 1), "01", "school_session", "female", "12-17", "child",
                 organisation="7"),
        Attended(2, 10, date(2026, 3, 1), "01", "school_session", "male", "12-17", "child",
                 organisation="7"),
        Attended(1, 20, date(2026, 3, 4), "02", "awareness_session", "female", "12-17", "child",
                 organisation="9"),
    ]  # fmt: skip
    counted = [Counted(21, "02", "public_event", "male", "25-59", "official", 40,
                       organisation="9")]  # fmt: skip
    by_organiser = reach_by("organisation", attended, counted)
    assert by_organiser == {"7": Reach(2, 2, 0, 1), "9": Reach(1, 1, 40, 2)}
    assert reach(attended, counted) == Reach(2, 3, 40, 3)  # unique 2, not 2 + 1
