"""Recording activities, counts and attendance through the services; the reach of what was
recorded, read back from the database (expected numbers written by hand)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from tipnet.accounts.access import NotAllowed
from tipnet.audit.models import AuditEvent
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.geo.models import Area
from tipnet.prevention import queries, reach, services, totals
from tipnet.prevention.models import Activity, ActivityType, ParticipantCount
from tipnet.prevention.rules import Refused


def _actor(cast: Any, name: str = "prevention") -> Actor:
    return Actor.command(cast.users[name], via="test")


def record(cast: Any, kind: str = "vsn_workshop", place: str = "0110", days: int = 3,
           cells: dict | None = None, user: str = "prevention") -> Activity:  # fmt: skip
    data = {"kind": ActivityType.objects.get(code=kind), "held_on":
            timezone.localdate() - timedelta(days=days), "duration_minutes": 120,
            "place": Area.objects.get(code=place), "venue": "Wat Poipet"}  # fmt: skip
    return services.create_activity(_actor(cast, user), data, cells or {})


def test_it_keeps_the_total_the_sum_of_the_cells(world):
    activity = record(world, cells={("female", "25-59", "teacher"): 4,
                                    ("male", "25-59", "police"): 7,
                                    ("male", "0-11", "child"): 0})  # fmt: skip
    assert activity.counted_total == 11
    assert ParticipantCount.objects.filter(activity=activity).count() == 2
    assert totals.total_problems() == []
    Activity.objects.filter(pk=activity.pk).update(counted_total=12)
    assert totals.total_problems() == [
        f"activity {activity.pk}: stored total 12 != sum of cells 11"
    ]
    assert AuditEvent.objects.filter(object_id=str(activity.pk), action="create").exists()


def test_it_refuses_bad_counts_and_dates_and_writes_nothing(world):
    with pytest.raises(Refused):
        record(world, cells={("female", "25-59", "teacher"): -1})
    with pytest.raises(Refused):
        record(world, cells={("female", "99-100", "teacher"): 1})
    with pytest.raises(Refused), translation.override("en"):
        record(world, days=-2)
    assert not Activity.objects.exists()


def test_it_refuses_a_place_outside_the_jurisdiction(world):
    with pytest.raises(NotAllowed):
        record(world, place="0203")  # Battambang, the officer works in Banteay Meanchey
    with pytest.raises(NotAllowed):
        record(world, user="volunteer", place="011002")  # the commune, not the village
    record(world, user="volunteer", place=world.village.code, kind="village_meeting")
    with pytest.raises(NotAllowed):
        record(world, user="analyst")
    assert Activity.objects.count() == 1


def test_it_detects_a_stale_edit(world):
    activity = record(world, cells={("female", "18-24", "volunteer"): 2})
    data = {"venue": "Commune hall"}
    updated = services.update_activity(_actor(world), activity, data,
                                       {("female", "18-24", "volunteer"): 5}, 1)  # fmt: skip
    assert (updated.version, updated.counted_total, updated.venue) == (2, 5, "Commune hall")
    with pytest.raises(StaleEdit):
        services.update_activity(_actor(world), activity, data, {}, 1)


def test_it_computes_reach_from_the_recorded_attendance(world):
    actor = _actor(world)
    first = record(world, kind="peer_group_session", days=10)
    second = record(world, kind="peer_group_session", days=3,
                    cells={("male", "12-17", "child"): 6})  # fmt: skip
    year = timezone.localdate().year
    srey = services.add_participant(actor, {"name": "Srey Pov", "sex": "female",
                                            "birth_year": year - 13, "role": "child"})  # fmt: skip
    dara = services.add_participant(actor, {"name": "Dara", "sex": "male", "age_band": "0-11",
                                            "role": "child"})  # fmt: skip
    services.add_attendance(actor, first, srey)
    services.add_attendance(actor, second, srey)
    services.add_attendance(actor, second, dara)
    with pytest.raises(Refused):
        services.add_attendance(actor, second, dara)
    attended, counted = queries.facts(queries.activities(world.users["prevention"],
                                                         queries.Filters()))  # fmt: skip
    assert reach.reach(attended, counted) == reach.Reach(
        unique=2, attendances=3, counted_only=6, activities=2
    )
    by_age = reach.reach_by("age_band", attended, counted)
    assert by_age["12-17"] == reach.Reach(1, 2, 6, 2)
    assert by_age["0-11"] == reach.Reach(1, 1, 0, 1)
    # Another organisation's participant cannot be put on this organisation's list.
    other = services.add_participant(
        _actor(world, "volunteer"),
        {"name": "Ms Kanha", "sex": "female", "age_band": "25-59", "role": "village_chief"},
    )
    with pytest.raises(NotAllowed):
        services.add_attendance(actor, second, other)


def test_it_counts_a_parade_of_1500_without_names(world):
    # Anti-Human Trafficking Day: 1,500 people counted by sex, age and role, nobody named.
    cells = {("female", "12-17", "child"): 420, ("male", "12-17", "child"): 380,
             ("female", "25-59", "parent"): 300, ("male", "25-59", "parent"): 200,
             ("female", "25-59", "teacher"): 60, ("male", "25-59", "official"): 40,
             ("unknown", "unknown", "other"): 100}  # fmt: skip
    parade = record(world, kind="public_event", cells=cells)
    assert parade.counted_total == 1500
    attended, counted = queries.facts(queries.activities(world.users["analyst"],
                                                         queries.Filters(province="01")))  # fmt: skip
    assert reach.reach(attended, counted) == reach.Reach(0, 0, 1500, 1)
    by_role = reach.reach_by("role", attended, counted)
    assert by_role["child"].counted_only == 800
    assert by_role["official"].counted_only == 40
    assert totals.total_problems() == []
