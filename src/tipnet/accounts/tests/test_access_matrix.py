"""Each role against records inside and outside its organisation and jurisdiction, for list,
view, change and export: no leak and no missing access. Checked in the access module and
through the web pages."""

from __future__ import annotations

import csv
import io

import pytest

from tipnet.accounts.access import Action, Resource, can, may_identify, visible
from tipnet.people.models import Person
from tipnet.testing import login

ALL = {"bmc_poipet", "bmc_ouchrov", "bmc_restricted", "bmc_abroad", "btb_ngo", "ccwc_poipet"}
POLICE_BMC = {"bmc_poipet", "bmc_ouchrov", "bmc_restricted", "bmc_abroad"}
NATIONAL_STANDARD = ALL - {"bmc_restricted"}

# user -> action -> the people that user may act on
EXPECTED: dict[str, dict[Action, set[str]]] = {
    "admin": {},
    "analyst": {Action.LIST: NATIONAL_STANDARD, Action.VIEW: NATIONAL_STANDARD},
    "pcct": {
        Action.LIST: {"bmc_poipet", "bmc_ouchrov", "ccwc_poipet"},
        Action.VIEW: {"bmc_poipet", "bmc_ouchrov", "ccwc_poipet"},
    },
    "police": {a: POLICE_BMC for a in (Action.LIST, Action.VIEW, Action.CHANGE, Action.EXPORT)},
    "police_other": {},
    "prosecutor": {},
    "socialworker": {
        a: {"btb_ngo"} for a in (Action.LIST, Action.VIEW, Action.CHANGE, Action.EXPORT)
    },
    "focalpoint": {
        Action.LIST: {"bmc_poipet", "ccwc_poipet"},
        Action.VIEW: {"bmc_poipet", "ccwc_poipet"},
        Action.CHANGE: {"ccwc_poipet"},
    },
    "volunteer": {},
    "prevention": {},
    "auditor": {Action.LIST: NATIONAL_STANDARD, Action.VIEW: NATIONAL_STANDARD},
}
IDENTIFIES = {"police", "police_other", "prosecutor", "socialworker", "focalpoint"}
# Roles that work with people at all (they get the pages, maybe with nothing in them).
PEOPLE_ROLES = IDENTIFIES | {"analyst", "pcct", "auditor"}
EXPORTERS = {"police", "police_other", "prosecutor", "socialworker"}
ACTIONS = (Action.LIST, Action.VIEW, Action.CHANGE, Action.EXPORT)


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_it_decides_each_record_for_each_action(cast, username):
    user = cast.users[username]
    for action in ACTIONS:
        expected = EXPECTED[username].get(action, set())
        allowed = {k for k, p in cast.people.items() if can(user, action, Resource.PERSON, p)}
        assert allowed == expected, f"{username} {action}"
        listed = set(visible(user, Resource.PERSON, Person.objects.all(), action))
        assert listed == {cast.people[k] for k in expected}, f"{username} {action} (query)"


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_it_hides_identities_from_roles_that_only_count(cast, username):
    user = cast.users[username]
    assert may_identify(user, Resource.PERSON) == (username in IDENTIFIES)


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_it_serves_exactly_the_allowed_pages(cast, client, username):
    user = cast.users[username]
    login(client, user)
    expected = EXPECTED[username]
    listing = client.get("/people/")
    if username not in PEOPLE_ROLES:
        assert listing.status_code == 403
    else:
        assert listing.status_code == 200
        shown = {k for k, p in cast.people.items() if f'data-person="{p.pk}"' in listing.text}
        assert shown == expected.get(Action.LIST, set())
    for key, person in cast.people.items():
        page = client.get(f"/people/{person.pk}/")
        assert page.status_code == (200 if key in expected.get(Action.VIEW, set()) else 403), key
        if page.status_code == 200:
            assert (person.name_latin in page.text) == (username in IDENTIFIES)
            assert ("012 345 678" in page.text) == (username in IDENTIFIES and key == "bmc_poipet")
        edit = client.get(f"/people/{person.pk}/edit/")
        assert edit.status_code == (200 if key in expected.get(Action.CHANGE, set()) else 403), key
    export = client.get("/people/export.csv")
    if username not in EXPORTERS:
        assert export.status_code == 403
    else:
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
        exported = {r[2] for r in rows[1:]}
        assert exported == {cast.people[k].name_latin for k in expected.get(Action.EXPORT, set())}


def test_it_lets_users_with_two_roles_do_what_either_allows(cast):
    from tipnet.accounts.roles import RoleCode

    user = cast.users["pcct"]
    user.roles.add(RoleCode.AUDITOR)
    user._role_codes = None
    assert can(user, Action.LIST, Resource.AUDIT)
    assert can(user, Action.VIEW, Resource.PERSON, cast.people["bmc_poipet"])


def test_it_gives_nothing_to_inactive_or_anonymous_users(cast):
    from django.contrib.auth.models import AnonymousUser

    police = cast.users["police"]
    police.is_active = False
    assert not can(police, Action.VIEW, Resource.PERSON, cast.people["bmc_poipet"])
    assert not can(AnonymousUser(), Action.LIST, Resource.PERSON)


def test_it_keeps_the_admin_site_to_administrators(cast, client):
    for username in EXPECTED:
        client.logout()
        login(client, cast.users[username])
        response = client.get("/admin/")
        if username == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
