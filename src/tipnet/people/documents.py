"""A person's identity documents: the rules (pure functions) and the services that add,
correct and remove them, each through an :class:`~tipnet.core.actor.Actor`, asked of the
access module as an edit of the person, version-checked and audited on the person's trail
(the number, the holder, the dates and the issuing country sealed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, Resource, check_write
from tipnet.audit.models import AuditAction
from tipnet.audit.services import field_changes, record_event
from tipnet.core.actor import Actor
from tipnet.core.encryption import blind_index
from tipnet.core.versioning import StaleEdit
from tipnet.people.models import DocumentHolder, IdentityDocument, Person

FIELDS = [
    "kind", "number", "issuing_country", "issued_on", "expires_on", "holder", "holder_name",
]  # fmt: skip
# Khmer digits typed on a Khmer keyboard find the same number as Western ones.
KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
# One purpose for every kind: the search box finds a number whatever the document.
INDEX_PURPOSE = "id_number"


class RefusedDocument(ValueError):
    """A document the rules refuse, with a translated reason per field (``None``: the form)."""

    def __init__(self, problems: dict[str | None, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def normal_number(number: str) -> str:
    return (number or "").strip().translate(KHMER_DIGITS)


def number_index(number: str) -> str:
    """The keyed hash a document number is found by ("" for no number)."""
    number = normal_number(number)
    return blind_index(number, INDEX_PURPOSE) if number else ""


def document_problems(
    data: Mapping[str, Any],
    born: date | None,
    today: date,
    other_numbers: Mapping[str, set[str]] | None = None,
) -> dict[str | None, str]:
    """What is wrong with a document as entered, field by field (empty if nothing).
    ``other_numbers``: the keyed hashes of the person's other documents, by kind."""
    problems: dict[str | None, str] = {}
    issued, expires = data.get("issued_on"), data.get("expires_on")
    if issued and issued > today:
        problems["issued_on"] = _("The issue date cannot be in the future.")
    elif issued and born and issued < born:
        problems["issued_on"] = _(
            "The document was issued before the person was born (%(born)s): check the dates."
        ) % {"born": date_format(born, "SHORT_DATE_FORMAT")}
    if issued and expires and expires < issued:
        problems["expires_on"] = _("The document expires before it was issued: check the dates.")
    index = number_index(data.get("number") or "")
    if index and other_numbers and index in other_numbers.get(data.get("kind") or "", set()):
        problems["number"] = _("This person already has this document with this number.")
    return problems


def _snapshot(document: IdentityDocument) -> dict[str, Any]:
    # The country by its code (the column), not the record.
    return {
        f"document_{name}": getattr(
            document, "issuing_country_id" if name == "issuing_country" else name
        )
        for name in FIELDS
    }


SEALED = {f"document_{name}" for name in IdentityDocument.AUDIT_SEALED_FIELDS}


def _apply(document: IdentityDocument, data: Mapping[str, Any]) -> None:
    for name in FIELDS:
        if name in data:
            setattr(document, name, data[name])
    document.holder = document.holder or DocumentHolder.PERSON
    if document.holder == DocumentHolder.PERSON:  # given back: who had it stays in the trail
        document.holder_name = ""
    document.number = (document.number or "").strip()
    document.number_index = number_index(document.number)


def _others(person: Person, exclude: int | None = None) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    rows = IdentityDocument.objects.filter(person=person)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    for kind, index in rows.values_list("kind", "number_index"):
        if index:
            found.setdefault(kind, set()).add(index)
    return found


def _check(document: IdentityDocument, person: Person, exclude: int | None = None) -> None:
    data = {name: getattr(document, name) for name in FIELDS}
    problems = document_problems(data, person.date_of_birth, date.today(), _others(person, exclude))
    if problems:
        raise RefusedDocument(problems)


def _audit(actor: Actor, person: Person, what: str, changes: dict[str, Any]) -> None:
    record_event(actor, AuditAction.CHANGE, target=person, detail=what, changes=changes)


def record_first_document(actor: Actor, person: Person, data: Mapping[str, Any]) -> None:
    """The document entered with a new person (``id_document_type``, ``id_number``), held
    by the person; inside the caller's transaction, after its access check."""
    kind, number = data.get("id_document_type") or "", (data.get("id_number") or "").strip()
    if not (kind or number):
        return
    document = IdentityDocument(person=person, created_by=actor.user)
    _apply(document, {"kind": kind or "other", "number": number})
    document.save()
    changes = field_changes({}, _snapshot(document), SEALED)
    _audit(actor, person, f"document {document.pk} added", changes)


def add_document(actor: Actor, person: Person, data: Mapping[str, Any]) -> IdentityDocument:
    """Record a document of ``person``: allowed to whoever may change the person."""
    check_write(actor.user, Action.CHANGE, Resource.PERSON, person)
    document = IdentityDocument(person=person, created_by=actor.user)
    _apply(document, data)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()  # one writer per person
        _check(document, person)
        document.save()
        changes = field_changes({}, _snapshot(document), SEALED)
        _audit(actor, person, f"document {document.pk} added", changes)
    return document


def change_document(
    actor: Actor, document: IdentityDocument, data: Mapping[str, Any], version: int
) -> IdentityDocument:
    """Correct a document if nobody saved it since ``version``; else :class:`StaleEdit`."""
    person = document.person
    check_write(actor.user, Action.CHANGE, Resource.PERSON, person)
    with transaction.atomic():
        current = IdentityDocument.objects.select_for_update().get(pk=document.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = _snapshot(current)
        _apply(current, data)
        _check(current, person, exclude=current.pk)
        changes = field_changes(before, _snapshot(current), SEALED)
        if not changes:
            return current
        current.version += 1
        current.save()
        _audit(actor, person, f"document {current.pk} changed", changes)
    return current


def remove_document(actor: Actor, document: IdentityDocument, version: int) -> None:
    """Remove a document recorded by mistake; its values stay sealed in the trail."""
    person = document.person
    check_write(actor.user, Action.CHANGE, Resource.PERSON, person)
    with transaction.atomic():
        current = IdentityDocument.objects.select_for_update().filter(pk=document.pk).first()
        if current is None:
            return
        if current.version != version:
            raise StaleEdit(current)
        before = _snapshot(current)
        changes = field_changes(before, dict.fromkeys(before), SEALED)
        pk = current.pk
        current.delete()
        _audit(actor, person, f"document {pk} removed", changes)
