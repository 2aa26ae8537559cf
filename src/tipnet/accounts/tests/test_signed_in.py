"""The signed-in user is loaded in one query with their roles, organisations and devices
(accounts/backends.py); nothing of them outlives a request: a change of roles, organisation,
jurisdiction or devices counts from the next page on."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tipnet.accounts.backends import load_user
from tipnet.accounts.models import User
from tipnet.accounts.roles import OrganisationKind
from tipnet.accounts.roles import RoleCode as R
from tipnet.testing import login, make_org, make_person, make_user

# The statements of a signed-in page that shows no records: the session and the user (with
# roles, organisations and devices). docs/performance.md, "the fixed cost of a page".
EMPTY_PAGE_STATEMENTS = 2


def _menu(page: str) -> set[str]:
    return set(re.findall(r'data-nav="([a-z_]+)"', page))


def test_it_loads_the_user_as_the_orm_does(cast):
    loner = make_user("loner", [])  # no organisation, no jurisdiction, no roles, no device
    TOTPDevice.objects.create(user=cast.users["police"], name="new phone", confirmed=False)
    for user in [*cast.users.values(), loner]:
        loaded = load_user(user.pk)
        fresh = User.objects.get(pk=user.pk)
        assert loaded is not None
        for field in User._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name
        assert loaded.organisation == fresh.organisation
        assert loaded.jurisdiction == fresh.jurisdiction
        assert loaded.role_codes() == frozenset(fresh.roles.values_list("code", flat=True))
        assert list(loaded.roles.all()) == list(fresh.roles.all())
        expected = fresh.organisation.subtree_ids() if fresh.organisation else set()
        assert loaded._org_subtree == expected
        assert loaded._confirmed_totp_ids == frozenset(
            TOTPDevice.objects.filter(user=fresh, confirmed=True).values_list("pk", flat=True)
        )
    assert load_user(10**9) is None


def test_an_empty_page_runs_two_statements(cast, client):
    for name in ("police", "analyst", "auditor", "socialworker"):
        client.logout()
        login(client, cast.users[name])
        client.get("/search/")  # the first page after login refreshes the session
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/search/")
        assert page.status_code == 200, name
        # Each statement's own table: the last FROM (the user's subqueries come first).
        tables = [re.findall(r'FROM "?(\w+)', q["sql"])[-1] for q in ctx.captured_queries]
        assert len(tables) <= EMPTY_PAGE_STATEMENTS, (name, tables)
        assert tables == ["django_session", "accounts_user"], name
    # The password page also asks whether the account is locked: the three counts at once.
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/accounts/password/").status_code == 200
    assert len(ctx.captured_queries) == EMPTY_PAGE_STATEMENTS + 1


def test_the_next_page_follows_a_change_of_roles(cast, client):
    police = cast.users["police"]
    login(client, police)
    page = client.get("/").text
    assert "cases" in _menu(page) and "protection" not in _menu(page)
    assert 'data-role="police_investigator"' in page
    police.roles.set([R.SOCIAL_WORKER])
    page = client.get("/").text
    assert {"cases", "protection", "referrals"} <= _menu(page)
    assert 'data-role="social_worker"' in page and "police_investigator" not in page
    police.roles.set([R.PREVENTION_OFFICER])
    page = client.get("/").text
    assert _menu(page) == {"home", "prevention"}
    assert client.get("/people/").status_code == 403


def test_the_next_page_follows_a_change_of_organisation(cast, client):
    police, person = cast.users["police"], cast.people["bmc_poipet"]
    login(client, police)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    assert "· Police BMC" in client.get("/").text
    police.organisation = cast.orgs["police_btb"]
    police.save(update_fields=["organisation"])
    assert client.get(f"/people/{person.pk}/").status_code == 403
    assert "· Police BTB" in client.get("/").text


def test_the_next_page_follows_a_change_of_jurisdiction(cast, client):
    police, person = cast.users["police"], cast.people["bmc_poipet"]
    login(client, police)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    police.jurisdiction_id = "02"
    police.save(update_fields=["jurisdiction"])
    assert client.get(f"/people/{person.pk}/").status_code == 403
    police.jurisdiction_id = None  # national
    police.save(update_fields=["jurisdiction"])
    assert client.get(f"/people/{person.pk}/").status_code == 200
    assert "<strong>National</strong>" in client.get("/").text


def test_the_next_page_follows_a_change_of_the_organisation_tree(cast, client):
    police = cast.users["police"]
    post = make_org("Border post", OrganisationKind.POLICE_UNIT, "01")
    person = make_person(post, cast.village.code, name_latin="Keo Dara")
    login(client, police)
    assert client.get(f"/people/{person.pk}/").status_code == 403
    post.parent = cast.orgs["police_bmc"]  # the post now reports to the user's unit
    post.save(update_fields=["parent"])
    assert client.get(f"/people/{person.pk}/").status_code == 200
    post.parent = None
    post.save(update_fields=["parent"])
    assert client.get(f"/people/{person.pk}/").status_code == 403


def test_a_session_counts_as_verified_only_by_a_confirmed_device_of_its_user(cast, client):
    police, other = cast.users["police"], cast.users["prosecutor"]
    login(client, police)
    assert client.get("/people/").status_code == 200
    # Another user's device in the session: not verified, and the session forgets it.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=other).persistent_id
    session.save()
    assert client.get("/people/")["Location"].startswith("/accounts/two-factor/verify/")
    assert DEVICE_ID_SESSION_KEY not in client.session
    # The user's own device, once no longer confirmed: not verified either.
    login(client, police)
    TOTPDevice.objects.filter(user=police).update(confirmed=False)
    assert client.get("/people/")["Location"].startswith("/accounts/two-factor/setup/")
    TOTPDevice.objects.filter(user=police).update(confirmed=True)
    login(client, police)
    assert client.get("/people/").status_code == 200


def test_the_verified_device_is_the_sessions(cast, rf):
    from django.contrib.sessions.backends.db import SessionStore

    from tipnet.accounts.middleware import OTPMiddleware

    police = cast.users["police"]
    device = TOTPDevice.objects.get(user=police)
    request = rf.get("/")
    request.session = SessionStore()
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    request.user = load_user(police.pk)
    OTPMiddleware(lambda r: None)._install_lazy_accessors(request)
    assert request.user.is_verified()
    assert request.user.otp_device == device and request.user.otp_device.name == "tipnet"
