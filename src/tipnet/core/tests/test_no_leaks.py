"""The role x URL matrix: a unique marker sits in every identifying field of a small world
(leakworld.py); no response to a user who may not identify a record (page, fragment, export,
download, headers) holds a marker of it, and each marker reaches someone who may."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tipnet.core.tests import leakworld as lw
from tipnet.core.tests.url_matrix import MATRIX, expected
from tipnet.testing import login

# Known leaks, one entry per (user, URL name) with its reason: delete an entry once its leak
# is fixed (while the entry stays, a fixed leak fails as XPASS(strict)). None open today.
XFAIL: dict[tuple[str, str], str] = {}
# The other way: a user who may identify does not see what they may.
POSITIVE_XFAIL: dict[str, str] = {}


ROUTES = lw.routes()
ROUTE_NAMES = [r.name for r in ROUTES] + ["admin"]


def _cases() -> list[Any]:
    params = []
    for user in lw.USERS:
        for name in ROUTE_NAMES:
            reason = XFAIL.get((user, name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(user, name, marks=marks, id=f"{user}-{name}"))
    return params


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[lw.World]:
    """Built once for the module inside a transaction rolled back at its end; each test runs
    in a savepoint of it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield lw.build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _visits(world: lw.World, name: str) -> list[lw.Visit]:
    if name == "admin":
        return lw.admin_visits(world)
    route = next(r for r in ROUTES if r.name == name)
    return lw.visits(world, route)


def _fetch(client: Client, visit: lw.Visit) -> Any:
    headers = {"HX-Request": "true"} if visit.hx else {}
    return client.get(visit.url, headers=headers)


def _client(world: lw.World, user: str) -> Client:
    client = Client()
    client.cookies["tipnet_language"] = "en"
    login(client, world.users[user])
    return client


@pytest.mark.parametrize(("user", "name"), _cases())
def test_no_marker_reaches_who_may_not_identify(
    world: lw.World, db: Any, user: str, name: str
) -> None:
    """No page, fragment, export or download shows a marker to a user who may not identify
    it; and every user gets the status the role x URL matrix gives (url_matrix.py)."""
    client = _client(world, user)
    allowed = lw.ALLOWED[user]
    leaks: list[str] = []
    visits = _visits(world, name)
    statuses: list[int] = []
    for visit in visits:
        response = _fetch(client, visit)
        statuses.append(response.status_code)
        found = lw.found_markers(lw.response_text(response)) - allowed - visit.echoed
        if found:
            hx = " (HX)" if visit.hx else ""
            leaks.append(f"{visit.url}{hx} [{response.status_code}]: {sorted(found)}")
    assert not leaks, f"{user} may not see these markers:\n" + "\n".join(leaks)
    got = " ".join(map(str, statuses))
    assert statuses == expected(MATRIX, name, user, len(visits)), f"{user} {name}: got {got!r}"


# Markers no page shows to anyone (yet): a field the interface does not display is no leak,
# but it stays planted so that a page that starts showing it is checked.
NOT_DISPLAYED = {
    "c_doc_filename",  # downloads are named case-<number>-doc-<pk>
    "c_step_notes",
    "pc_id_notes",
    "pc_visit_notes",
    "pc_withdrawal",
    "pc_assisted",
    "p_alias",  # the referral page names the person without their aliases
}


def _positive_cases() -> list[Any]:
    return [
        pytest.param(
            user,
            marks=[pytest.mark.xfail(strict=True, reason=POSITIVE_XFAIL[user])]
            if user in POSITIVE_XFAIL
            else [],
            id=user,
        )
        for user in lw.USERS
        if lw.ALLOWED[user]
    ]


@pytest.mark.parametrize("user", _positive_cases())
def test_markers_reach_who_may_identify(world: lw.World, db: Any, user: str) -> None:
    """Not vacuous: every marker this user may see appears in some response to them."""
    client = _client(world, user)
    seen: set[str] = set()
    for name in ROUTE_NAMES:
        if name.startswith("audit:"):
            continue
        for visit in _visits(world, name):
            seen |= lw.found_markers(lw.response_text(_fetch(client, visit))) - visit.echoed
    missing = lw.ALLOWED[user] - seen - NOT_DISPLAYED
    assert not missing, f"{user} should see {sorted(missing)} somewhere"
