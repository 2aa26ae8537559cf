"""Who lists, views, changes and identifies the register, for every role of the cast; the
migrant (a person) is seen as the record is, by the rules and by the stored keys alike."""

from __future__ import annotations

from typing import Any

import pytest

from tipnet.accounts.access import (
    TWO_FACTOR_ROLES,
    Action,
    Resource,
    can,
    identifiable,
    may_identify,
    visible,
)
from tipnet.accounts.roles import RoleCode
from tipnet.community import services
from tipnet.community.models import MigrationRecord
from tipnet.community.tests.conftest import actor, migrant_data
from tipnet.people.keys import key_problems
from tipnet.people.models import Person

pytestmark = pytest.mark.django_db

# user: (records listed of the two villages, identified?, may record and change)
EXPECTED = {
    "volunteer": ({"here"}, True, True),
    "volunteer_other": ({"there"}, True, True),
    "focalpoint": ({"here", "there"}, True, True),
    "analyst": ({"here", "there"}, False, False),
    "pcct": ({"here", "there"}, False, False),
    "auditor": ({"here", "there"}, False, False),
    "admin": (set(), False, False),
    "police": (set(), False, False),
    "police_other": (set(), False, False),
    "prosecutor": (set(), False, False),
    "socialworker": (set(), False, False),
    "prevention": (set(), False, False),
}


@pytest.fixture
def records(register: Any) -> dict[str, MigrationRecord]:
    return {
        "here": services.register_migrant(actor(register.users["volunteer"]),
                                          migrant_data(register.village)),
        "there": services.register_migrant(actor(register.users["volunteer_other"]),
                                           migrant_data(register.other_village,
                                                        name_latin="Chan Dy")),
    }  # fmt: skip


def test_every_role_lists_views_changes_and_identifies_as_the_policy_says(
    register: Any, records: dict[str, MigrationRecord]
) -> None:
    assert set(EXPECTED) == set(register.users)
    for name, (listed, names, writes) in EXPECTED.items():
        user = register.users[name]
        shown = visible(user, Resource.MIGRANT, MigrationRecord.objects.all())
        assert {k for k, r in records.items() if r in shown} == listed, name
        for key, record in records.items():
            inside = key in listed
            assert can(user, Action.VIEW, Resource.MIGRANT, record) is inside, (name, key)
            assert may_identify(user, Resource.MIGRANT, record) is (inside and names), name
            assert can(user, Action.CHANGE, Resource.MIGRANT, record) is (inside and writes)
        assert can(user, Action.CREATE, Resource.MIGRANT) is writes, name


def test_the_migrant_is_seen_as_her_record_by_the_rules_and_by_the_stored_keys(
    register: Any, records: dict[str, MigrationRecord]
) -> None:
    assert key_problems() == []
    migrants = Person.objects.filter(pk__in=[r.person_id for r in records.values()])
    for name in EXPECTED:
        user = register.users[name]
        listed = set(visible(user, Resource.PERSON, migrants).values_list("pk", flat=True))
        named = set(identifiable(user, Resource.PERSON, migrants).values_list("pk", flat=True))
        by_rules = {p.pk for p in migrants if can(user, Action.VIEW, Resource.PERSON, p)}
        named_by_rules = {p.pk for p in migrants if may_identify(user, Resource.PERSON, p)}
        assert listed == by_rules and named == named_by_rules, name
    volunteer = register.users["volunteer"]
    assert identifiable(volunteer, Resource.PERSON, migrants).get() == records["here"].person
    analyst = register.users["analyst"]
    assert visible(analyst, Resource.PERSON, migrants).count() == 2
    assert not identifiable(analyst, Resource.PERSON, migrants).exists()
    # Volunteers see their migrants, never the people of the case file.
    assert not visible(volunteer, Resource.PERSON, Person.objects.exclude(pk__in=migrants))
    assert not can(volunteer, Action.LIST, Resource.PERSON)


def test_a_move_to_another_village_moves_who_sees_the_migrant(
    register: Any, records: dict[str, MigrationRecord]
) -> None:
    focal = register.users["focalpoint"]
    record = records["here"]
    services.update_migrant(actor(focal), record, migrant_data(register.other_village), 1)
    assert key_problems() == []
    person = Person.objects.get(pk=record.person_id)
    assert not can(register.users["volunteer"], Action.VIEW, Resource.PERSON, person)
    assert may_identify(register.users["volunteer_other"], Resource.PERSON, person)


def test_identifying_the_register_makes_volunteers_use_two_factor() -> None:
    assert RoleCode.VILLAGE_VOLUNTEER in TWO_FACTOR_ROLES
