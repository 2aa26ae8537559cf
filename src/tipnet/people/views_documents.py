"""Adding, correcting and removing a person's identity documents, on the person's page.
Allowed to whoever may change the person and identifies them (the form shows the numbers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipnet.accounts.access import Action, NotAllowed, Resource, fetch, require_identify
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import Stale, StaleEdit, refuse, save_versioned
from tipnet.people.document_forms import DocumentForm
from tipnet.people.documents import (
    RefusedDocument,
    add_document,
    change_document,
    remove_document,
)
from tipnet.people.models import IdentityDocument, Person

STALE = gettext_lazy(
    "Someone else changed this document while you were editing it. Your changes were not "
    "saved: the form below shows their version, with your entries beside it."
)


def _person(request: HttpRequest, pk: int) -> Person:
    person: Person = fetch(request, Resource.PERSON, Person.objects.all(), pk, Action.CHANGE)
    require_identify(request, Resource.PERSON, person)
    return person


def _document(person: Person, doc_pk: int) -> IdentityDocument:
    document = IdentityDocument.objects.filter(pk=doc_pk, person=person).first()
    if document is None:
        raise Http404
    document.person = person
    return document


def _refused(form: DocumentForm, refused: RefusedDocument) -> None:
    for name, message in refused.problems.items():
        form.add_error(name if name in form.fields else None, message)


def _render(
    request: HttpRequest, person: Person, form: DocumentForm, **extra: object
) -> HttpResponse:
    context = {"person": person, "form": form, **extra}
    return render(request, "people/document_form.html", context)


@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = DocumentForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            add_document(Actor.of(request), person, form.cleaned_data)
        except NotAllowed as refused:
            refuse(request, form, refused)
        except RefusedDocument as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The document was recorded."))
            return redirect("people:detail", pk=person.pk)
    return _render(request, person, form, creating=True)


@login_required
def document_edit(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    person = _person(request, pk)
    document = _document(person, doc_pk)
    form = DocumentForm(request.POST or None, instance=document, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            result = save_versioned(
                request,
                form,
                lambda version: change_document(
                    Actor.of(request), document, form.cleaned_data, version
                ),
                STALE,
            )
        except RefusedDocument as refused:
            _refused(form, refused)
        else:
            if isinstance(result, Stale):
                current = DocumentForm(instance=result.current, person=person)
                return _render(
                    request, person, current, document=result.current, yours=result.yours
                )
            if result:
                messages.success(request, _("Your changes were saved."))
                return redirect("people:detail", pk=person.pk)
    return _render(request, person, form, document=document)


@login_required
def document_remove(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    """GET asks to confirm; POST (with the version seen) removes the document."""
    person = _person(request, pk)
    document = _document(person, doc_pk)
    if request.method == "POST":
        version = request.POST.get("version", "")
        if not version.isdigit():
            messages.error(
                request, _("The form is incomplete. Open the record again and redo the change.")
            )
            return redirect("people:document_remove", pk=person.pk, doc_pk=document.pk)
        try:
            remove_document(Actor.of(request), document, int(version))
        except StaleEdit:
            messages.error(
                request,
                _("Someone else changed this document in the meantime: check it, then remove it."),
            )
            return redirect("people:document_remove", pk=person.pk, doc_pk=document.pk)
        except NotAllowed as refused:
            record_event(request, AuditAction.PERMISSION_DENIED, detail=refused.detail)
            messages.error(request, refused.message)
            return redirect("people:detail", pk=person.pk)
        messages.success(request, _("The document was removed."))
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/document_remove.html", {"person": person, "document": document})
