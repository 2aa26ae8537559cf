"""People's stored access keys (people/keys.py) against the access module's rules: over the
leak world (every role, a case before a prosecutor, protection cases, referrals, a transfer,
a restricted person) and the synthetic data with its users, every person as every user is
listed by the keys exactly when the rules let the user view them, and identified exactly when
the rules let the user identify them; every write path leaves the keys as their records give."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tipnet.accounts.access import (
    Action,
    Resource,
    can,
    identifiable,
    identify_mode,
    may_identify,
    visible,
)
from tipnet.accounts.models import User
from tipnet.core.tests.leakworld import as_actor, build_world
from tipnet.people.keys import key_problems, refresh_all
from tipnet.people.models import Person

pytestmark = pytest.mark.django_db


def _compare_every_person_and_user() -> dict[str, tuple[set[int], set[int]]]:
    """For every user: the people listed and identified by the keys, asserted equal to those
    the rules give one by one. Returns them by username."""
    people = list(Person.objects.select_related("place").order_by("pk"))
    found = {}
    for user in User.objects.order_by("pk"):
        listed = set(
            visible(user, Resource.PERSON, Person.objects.all()).values_list("pk", flat=True)
        )
        viewed = set(
            visible(user, Resource.PERSON, Person.objects.all(), Action.VIEW).values_list(
                "pk", flat=True
            )
        )
        named = set(
            identifiable(user, Resource.PERSON, Person.objects.all()).values_list("pk", flat=True)
        )
        by_rules = {p.pk for p in people if can(user, Action.VIEW, Resource.PERSON, p)}
        named_by_rules = {p.pk for p in people if may_identify(user, Resource.PERSON, p)}
        assert listed == by_rules, (user.username, sorted(listed ^ by_rules))
        assert viewed == by_rules, user.username
        assert named == named_by_rules, (user.username, sorted(named ^ named_by_rules))
        mode = identify_mode(user, Resource.PERSON)
        if mode == "none":
            assert not named, user.username
        if mode == "all":
            assert named == listed, user.username
        found[user.username] = (listed, named)
    return found


def test_it_lists_and_identifies_people_by_their_keys_as_the_rules_do(gazetteer: Any) -> None:
    w = build_world()
    call_command("synth", cases=40, seed=7, stdout=StringIO())
    assert key_problems() == []
    found = _compare_every_person_and_user()
    people = w.people
    # Not a vacuous agreement: the ways to see a person are all at work.
    prosecutor_sees, prosecutor_names = found["prosecutor"]
    assert people["v"].pk in prosecutor_names  # in a case before their office (police's)
    assert people["r"].pk not in prosecutor_sees  # restricted: only its owner organisation
    police_sees, _names = found["police"]
    assert people["r"].pk in police_sees
    assert people["b"].pk not in police_sees  # another province's police's person
    synthetic = [u for u in found if u.startswith("synth_") and u.endswith("_social")]
    assert synthetic and all(found[u][1] for u in synthetic)  # their protection cases' people
    analyst_sees, analyst_names = found["synth_analyst"]
    assert len(analyst_sees) > 50 and not analyst_names  # counts, never identifies


def test_it_keeps_the_keys_true_on_every_write_path(gazetteer: Any) -> None:
    from tipnet.cases import corrections
    from tipnet.cases import services as cases
    from tipnet.cases.models import Case, CasePerson
    from tipnet.geo.models import Area
    from tipnet.people.services import update_person
    from tipnet.protection.models import ProtectionCase

    w = build_world()
    police = w.users["police"]
    case = Case.objects.filter(owner_organisation=police.organisation).order_by("pk").first()
    assert case is not None
    # The case becomes restricted, then its place is set to another in the province.
    cases.update_case(as_actor(police), case, {"sensitivity": "restricted"}, case.version)
    assert key_problems() == []
    case.refresh_from_db()
    case.place = Area.objects.get(code="0110")
    case.save(update_fields=["place"])
    assert key_problems() == []
    # A person of the case is withdrawn from it.
    link = (
        CasePerson.objects.filter(case=case, role="witness").first()
        or CasePerson.objects.filter(case=case).first()
    )
    assert link is not None
    corrections.withdraw_link(as_actor(police), link, link.version, "recorded in the wrong case")
    assert key_problems() == []
    # A person moves home and becomes restricted.
    person = w.people["s"]
    update_person(
        as_actor(police), person, {"place": Area.objects.get(code="011002"), "sensitivity": "restricted"},
        Person.objects.get(pk=person.pk).version,
    )  # fmt: skip
    assert key_problems() == []
    # A bulk write that forgot the keys is found, and repaired by the command.
    ProtectionCase.objects.update(owner_organisation=police.organisation)
    assert key_problems()
    with pytest.raises(CommandError):
        call_command("check_access_keys", stdout=StringIO(), stderr=StringIO())
    call_command("check_access_keys", fix=True, stdout=StringIO())
    assert key_problems() == []
    assert refresh_all() == 0
    _compare_every_person_and_user()


def test_it_writes_the_keys_of_imported_people(cast: Any, client: Any) -> None:
    from tipnet.cases.tests.test_import import _post, _rows, _xlsx
    from tipnet.testing import login

    login(client, cast.users["police"])
    before = set(Person.objects.values_list("pk", flat=True))
    response = _post(client, _xlsx(_rows(5)))
    assert response.status_code == 302
    imported = Person.objects.exclude(pk__in=before)
    assert imported.count() == 10
    assert key_problems(imported) == []
    police = cast.users["police"]
    assert set(imported.values_list("pk", flat=True)) <= set(
        identifiable(police, Resource.PERSON, Person.objects.all()).values_list("pk", flat=True)
    )
