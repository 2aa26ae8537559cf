"""One search box for everything a user may find: cases, people and protection cases, each
from what the access module lets the user see, and each looked for only by what the user may
see of it. A number (case number, protection reference) is found by anyone who may list the
record; a name, a title or a court file number only among the records the user identifies (a
masked match would tell that a case with that title, or a person with that name, is recorded),
and never through a restricted person outside their owner organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from tipnet.accounts.access import (
    HELD,
    Action,
    Resource,
    Sensitivity,
    can,
    identifiable,
    identify_mode,
    organisation_ids,
    visible,
)
from tipnet.accounts.seen import Seen, seen_all
from tipnet.people.services import name_condition, search_people

SHOWN = 10  # per section; the section links to its own list for the rest
REFERENCE = re.compile(r"(?:[pP]-?)?0*(\d{1,9})")


@dataclass
class Section:
    key: str
    rows: list[Seen] = field(default_factory=list)
    more: bool = False


def _named(user: Any, text: str) -> Q | None:
    """Case links of people with this name whom the user may identify through the case."""
    from tipnet.people.models import Person

    condition = name_condition(text)
    if condition is None:
        return None
    restricted = Q(sensitivity=Sensitivity.RESTRICTED) & ~Q(
        owner_organisation_id__in=organisation_ids(user)
    )
    return Q(person_id__in=Person.objects.filter(condition).exclude(restricted).values("pk"))


def _identified(user: Any, resource: Resource, qs: QuerySet) -> QuerySet:
    mode = identify_mode(user, resource)
    if mode == "none":
        return qs.none()
    # A held record (access.hold) is identified by nobody: looked for by name only through
    # identifiable(), which leaves it out.
    return qs if mode == "all" and not HELD.get(resource) else identifiable(user, resource, qs)


def case_matches(user: Any, shown: QuerySet, text: str) -> QuerySet:
    """The cases of ``shown`` (cases the user may see) that ``text`` names: by number for
    anyone; by title, court file number or the name of someone in the case only among the
    cases the user identifies."""
    from tipnet.cases.models import CasePerson

    by_number = shown.filter(number__icontains=text)
    by_text = Q(title__icontains=text) | Q(source_reference__iexact=text)
    named = _named(user, text)
    if named is not None:
        by_text |= Q(pk__in=CasePerson.objects.filter(named).values("case_id"))
    # Both parts are conditions on the case row (subqueries, no joins): no duplicates.
    return by_number | _identified(user, Resource.CASE, shown).filter(by_text)


def cases(user: Any, text: str) -> QuerySet:
    from tipnet.cases.models import Case

    shown = visible(user, Resource.CASE, Case.objects.all())
    found = case_matches(user, shown, text)
    return found.order_by("-reported_on", "-id").select_related("place")


def people(user: Any, text: str) -> QuerySet:
    from tipnet.people.models import Person

    # The people a user identifies are among those they see: with "each", that condition
    # alone (one condition on the stored keys, which the database combines with the name index).
    everyone = Person.objects.all()
    each = identify_mode(user, Resource.PERSON) == "each"
    shown = everyone if each else visible(user, Resource.PERSON, everyone)
    return (
        search_people(_identified(user, Resource.PERSON, shown), text)
        .order_by("-updated_at", "-id")
        .select_related("place", "owner_organisation")
    )


def protection_cases(user: Any, text: str) -> QuerySet:
    from tipnet.protection.models import ProtectionCase

    shown = visible(user, Resource.PROTECTION, ProtectionCase.objects.all())
    # The reference is the record's number: "P-00012", "p-12" and "12" all name it.
    number = REFERENCE.fullmatch(text.strip())
    found = shown.filter(pk=int(number.group(1))) if number else shown.none()
    named = _named(user, text)
    if named is not None:
        found = found | _identified(user, Resource.PROTECTION, shown).filter(named)
    return found.order_by("-opened_on", "-id").select_related("person", "place")


def search(user: Any, text: str) -> list[Section]:
    """The sections of the results page the user may have, each its first rows."""
    text = text.strip()[:100]
    sections = []
    for key, resource, query in (
        ("cases", Resource.CASE, cases),
        ("people", Resource.PERSON, people),
        ("protection", Resource.PROTECTION, protection_cases),
    ):
        if not can(user, Action.LIST, resource):
            continue
        rows = list(query(user, text)[: SHOWN + 1]) if text else []
        sections.append(
            Section(key, seen_all(user, resource, rows[:SHOWN]), more=len(rows) > SHOWN)
        )
    return sections
