"""Domain rules for persons: creating and changing them, always audited, never losing an edit."""

from __future__ import annotations

from copy import copy
from typing import Any, cast

from django.db import transaction
from django.db.models import Field, Q

from tipnet.accounts.access import Action, Resource, check_write
from tipnet.audit.models import AuditAction
from tipnet.audit.services import field_changes, record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.people.documents import number_index, record_first_document
from tipnet.people.matching import likely_matches, likely_matches_for
from tipnet.people.models import IdentityDocument, Person
from tipnet.people.names import name_key, words

EDITABLE = [
    "name_km", "name_latin", "aliases", "gender", "date_of_birth", "estimated_age", "nationality",
    "other_nationalities", "languages", "country", "place", "phone", "notes", "sensitivity",
    "photo", "photo_type",
]  # fmt: skip
# A new person's first document, entered with them (see documents.record_first_document).
FIRST_DOCUMENT = ("id_document_type", "id_number")


def _snapshot(person: Person) -> dict[str, Any]:
    # The names are the person's own fields (no reverse relations, which have no attname).
    return {
        name: getattr(person, cast(Field, person._meta.get_field(name)).attname)
        for name in EDITABLE
    }


def _apply(person: Person, data: dict[str, Any]) -> None:
    for name in EDITABLE:
        if name in data:
            setattr(person, name, data[name])
    person.name_key = name_key(person.name_km, person.name_latin, person.aliases)


def new_person(owner_organisation_id: int | None, data: dict[str, Any], **extra: Any) -> Person:
    """An unsaved person of ``owner_organisation_id`` with ``data`` applied as every write
    path applies it (the name key and the document number's keyed hash computed)."""
    # An unsaved draft may have no owner yet (check_write refuses it); the stubs take no None.
    person = Person(owner_organisation_id=owner_organisation_id, **extra)  # type: ignore[misc]
    _apply(person, data)
    return person


def create_person(actor: Actor, data: dict[str, Any]) -> Person:
    """Record a person owned by the actor's organisation, at a place the actor may record
    (:func:`tipnet.accounts.access.check_write` refuses others with the reason)."""
    user = actor.user
    person = new_person(user.organisation_id, data, created_by=user)
    check_write(user, Action.CREATE, Resource.PERSON, person)
    with transaction.atomic():
        person.save()
        record_event(
            actor,
            AuditAction.CREATE,
            target=person,
            changes=field_changes({}, _snapshot(person), Person.AUDIT_SEALED_FIELDS),
        )
        record_first_document(actor, person, data)
    return person


def update_person(actor: Actor, person: Person, data: dict[str, Any], version: int) -> Person:
    """Save ``data`` if nobody saved ``person`` since ``version``; else raise :class:`StaleEdit`.
    A move to a place the actor may not record there is refused (:class:`NotAllowed`)."""
    draft = copy(person)
    _apply(draft, data)
    check_write(actor.user, Action.CHANGE, Resource.PERSON, draft)
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = _snapshot(current)
        _apply(current, data)
        changes = field_changes(before, _snapshot(current), Person.AUDIT_SEALED_FIELDS)
        if not changes:
            return current
        current.version += 1
        current.save()
        record_event(actor, AuditAction.CHANGE, target=current, changes=changes)
    return current


def name_condition(text: str) -> Q | None:
    """People whose names contain every word of ``text``, spelling variants folded: a word
    matches the start of a name word ("sre" finds "Srey"); the words run together also match
    ("Srei Neang" finds "Sreyneang"). ``None`` when ``text`` has no word."""
    query_words = words(text)[:6]
    if not query_words:
        return None
    every_word = Q()
    for word in query_words:
        every_word &= Q(name_key__contains=f" {word}")
    if len(query_words) == 1:
        return every_word
    return every_word | Q(name_key__contains=f" {''.join(query_words)}")


def search_names(queryset: Any, text: str) -> Any:
    condition = name_condition(text)
    return queryset.none() if condition is None else queryset.filter(condition)


def search_people(queryset: Any, text: str) -> Any:
    """A search box's people: by name (as :func:`name_condition`) or by the number of any of
    their documents, in one condition so that the database can use both indexes."""
    by_number = by_document_number(text)
    condition = name_condition(text)
    return queryset.filter(by_number if condition is None else condition | by_number)


def by_document_number(number: str) -> Q:
    """People with a document of this number (exact, through its keyed hash). The holders are
    read first (an index lookup, a handful of ids) so that, joined to a name condition by OR,
    the database still combines two indexes instead of scanning every person."""
    index = number_index(number)
    if not index:
        return Q(pk__in=[])
    holders = IdentityDocument.objects.filter(number_index=index).values_list(
        "person_id", flat=True
    )
    return Q(pk__in=sorted(set(holders[:1000])))


def find_by_id_number(queryset: Any, number: str) -> Any:
    """Exact search on the encrypted document numbers, through their keyed hash."""
    return queryset.filter(by_document_number(number))


__all__ = [
    "create_person",
    "find_by_id_number",
    "likely_matches",
    "likely_matches_for",
    "name_condition",
    "new_person",
    "search_names",
    "search_people",
    "update_person",
]  # fmt: skip
