"""The scopes of :mod:`tipnet.accounts.access` in stored form: access keys.

A record that opens another one (a case opens the people in it) is described by its
:class:`Facts`: the resource whose grants apply, its organisations (owner and partners), its
place's path and whether it is restricted. :func:`record_keys` turns them into short strings,
:func:`user_keys` turns a user's scopes into the strings that match, so that "may this user
see a record through one of these" becomes "do the two sets share a key", a condition a
database answers from one index on the row that stores the keys (``people.Person``), with no
lookup per candidate. Both follow ``_scope_filter`` and ``_record_allowed`` scope by scope:

- ``ANY``: every record (``R*``).
- ``JURISDICTION``: a record inside the user's jurisdiction, i.e. whose path holds the
  jurisdiction's code (area codes are unique, so a code in a path is an ancestor or the place
  itself), and not restricted unless one of its organisations is the user's: ``Rj`` (a
  national user), ``Rj:CODE``; restricted: ``Rr<org>``, ``Rr<org>:CODE``.
- ``ORGANISATION``: one of the record's organisations is the user's (or one below it), and the
  record lies inside the jurisdiction or has no place: ``Ro<org>`` (national), ``Ro<org>:CODE``,
  ``Ro<org>:-`` (no place).
- ``SELF_ORGANISATION`` is about organisation records only: no keys.

``R`` is the resource's letter (:data:`LETTERS`), upper-case for a held record
(``access.hold``: seen, identified by nobody), whose keys only a user's seeing keys match.
The test ``people/tests/test_access_keys.py`` checks that the keys give what the rules give,
for every person and every user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tipnet.accounts.access import Action, Resource, Scope, organisation_ids, scopes_for

LETTERS: dict[str, str] = {
    Resource.PERSON: "p",
    Resource.CASE: "c",
    Resource.PROTECTION: "x",
}


@dataclass(frozen=True)
class Facts:
    """What the access rules read of one record (a ``ScopedRecord`` of the access module)."""

    resource: str
    organisations: frozenset[int]
    path: str | None
    restricted: bool
    # Held back (access.hold): seen through the record, identified by nobody.
    held: bool = False


def record_keys(facts: Facts) -> set[str]:
    """The keys through which a user's scopes on ``facts.resource`` reach this record."""
    r = LETTERS[facts.resource].upper() if facts.held else LETTERS[facts.resource]
    codes = facts.path.split(".") if facts.path else []
    keys = {f"{r}*"}
    if facts.restricted:
        for org in facts.organisations:
            keys.add(f"{r}r{org}")
            keys.update(f"{r}r{org}:{code}" for code in codes)
    else:
        keys.add(f"{r}j")
        keys.update(f"{r}j:{code}" for code in codes)
    for org in facts.organisations:
        keys.add(f"{r}o{org}")
        if codes:
            keys.update(f"{r}o{org}:{code}" for code in codes)
        else:
            keys.add(f"{r}o{org}:-")
    return keys


def scope_keys(user: Any, resource: str, scopes: Iterable[Scope], held: bool = False) -> set[str]:
    """The keys a user's ``scopes`` on ``resource`` match (see the module's docstring); with
    ``held``, those of the held records."""
    r = LETTERS[resource].upper() if held else LETTERS[resource]
    orgs = organisation_ids(user)
    code = user.jurisdiction_id
    keys: set[str] = set()
    for scope in scopes:
        if scope == Scope.ANY:
            keys.add(f"{r}*")
        elif scope == Scope.JURISDICTION:
            keys.add(f"{r}j" if code is None else f"{r}j:{code}")
            keys.update(f"{r}r{org}" if code is None else f"{r}r{org}:{code}" for org in orgs)
        elif scope == Scope.ORGANISATION and user.organisation_id:
            for org in orgs:
                keys.update(
                    {f"{r}o{org}"} if code is None else {f"{r}o{org}:{code}", f"{r}o{org}:-"}
                )
    return keys


def user_keys(
    user: Any, resource: str, action: str = Action.LIST, identify: bool = False
) -> set[str]:
    """The keys of the records of ``resource`` the user may ``action`` through their own
    scopes (with ``identify``, only through grants that identify: never a held record)."""
    from tipnet.accounts import access

    scopes = scopes_for(user, action, resource, identify)  # type: ignore[arg-type]
    keys = scope_keys(user, resource, scopes)
    if identify or resource not in getattr(access, "HELD", {}):
        return keys
    return keys | scope_keys(user, resource, scopes, held=True)


def joined(keys: Iterable[str]) -> str:
    """Keys as stored: sorted, space-separated."""
    return " ".join(sorted(set(keys)))
