from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Field, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tipnet.accounts.access import (
    Action,
    NotAllowed,
    Resource,
    can,
    fetch,
    identifiable,
    identify_mode,
    may_identify,
    require,
    require_identify,
    visible,
)
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.seen import seen, seen_all, seen_children
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.pagination import page_of
from tipnet.core.spreadsheets import csv_response
from tipnet.core.versioning import Stale, refuse, save_versioned
from tipnet.geo.models import Area, AreaLevel, prefetch_ancestors
from tipnet.people.forms import PersonForm
from tipnet.people.models import Person
from tipnet.people.services import (
    create_person,
    likely_matches_for,
    search_people,
    update_person,
)


def _get_visible(request: AuthenticatedRequest, pk: int, action: Action) -> Person:
    """The person, if this user may ``action`` it (404 if missing, 403 if not allowed)."""
    related = Person.objects.select_related("place", "country", "nationality", "owner_organisation")
    return fetch(request, Resource.PERSON, related, pk, action)


def _filtered(
    request: AuthenticatedRequest, action: Action = Action.LIST
) -> tuple[QuerySet[Person], bool, bool]:
    """The people of the list, whether their identities show, and whether it is a search.
    A name, document number or birth date finds everyone the user may see, people in their
    cases recorded by others included; without one the list holds the records of the user's
    own scopes (their organisation's, or their jurisdiction's): listing everyone in a police
    unit's hundred thousand cases, newest first, would read them all (docs/performance.md)."""
    identify = may_identify(request.user, Resource.PERSON)
    q = request.GET.get("q", "").strip()
    born = request.GET.get("born", "").strip()
    searching = bool(q and identify) or bool(born)
    qs = visible(request.user, Resource.PERSON, Person.objects.all(), action, related=searching)
    if q and identify:
        if identify_mode(request.user, Resource.PERSON) == "each":
            # A name or number is looked for only among the people the user identifies: a
            # masked match would tell that someone of that name is recorded. Those are among
            # the people the user sees, so for a list their condition alone is enough (one
            # condition on the stored keys, which the database combines with the name index).
            base = Person.objects.all() if action in (Action.LIST, Action.VIEW) else qs
            qs = identifiable(request.user, Resource.PERSON, base)
        qs = search_people(qs, q)
    if request.GET.get("missing") == "age":
        qs = qs.filter(date_of_birth__isnull=True, estimated_age__isnull=True)
    if born:
        try:
            qs = qs.filter(date_of_birth=date.fromisoformat(born))
        except ValueError:
            qs = qs.none()
    province = request.GET.get("province", "").strip()
    if province.isdigit() and len(province) == 2:
        qs = qs.filter(place__path__startswith=province)
    return qs.select_related("place", "owner_organisation"), identify, searching


@login_required
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PERSON)
    qs, identify, searching = _filtered(request)
    # A search checks each match against the access rules: read the matches once.
    page = page_of(qs.order_by("-updated_at", "-id"), request.GET.get("page"), keys_first=searching)
    prefetch_ancestors(p.place for p in page)
    page.object_list = seen_all(request.user, Resource.PERSON, page.object_list)
    context = {
        "page": page,
        "searching": searching,
        "identify": identify,
        "q": request.GET.get("q", ""),
        "born": request.GET.get("born", ""),
        "province": request.GET.get("province", ""),
        "provinces": Area.objects.filter(level=AreaLevel.PROVINCE),
        "may_create": can(request.user, Action.CREATE, Resource.PERSON),
        "may_export": can(request.user, Action.EXPORT, Resource.PERSON),
    }
    return render(request, "people/list.html", context)


@login_required
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _get_visible(request, pk, Action.VIEW)
    view = seen(request.user, Resource.PERSON, person)
    record_event(
        request,
        AuditAction.VIEW,
        target=person,
        detail="identified" if view.identified else "masked",
    )
    documents = person.documents.select_related("issuing_country").order_by("id")
    context = {
        "person": view,
        "identify": view.identified,
        "may_change": view.identified and can(request.user, Action.CHANGE, Resource.PERSON, person),
        "documents": seen_children(request.user, documents, view),
        **_records_of(request, person),
    }
    return render(request, "people/detail.html", context)


def _records_of(request: AuthenticatedRequest, person: Person) -> dict[str, Any]:
    """The person's cases (with their roles in each) and protection cases that this user may
    see, each as the user sees it (a counting role: the number and stage, no title)."""
    from tipnet.cases.models import Case, CasePerson
    from tipnet.protection.models import ProtectionCase

    user = request.user
    cases = visible(user, Resource.CASE, Case.objects.filter(persons__person=person).distinct())
    cases = cases.select_related("owner_organisation").order_by("-reported_on", "-id")[:100]
    roles: dict[int, list[str]] = {}
    for link in CasePerson.objects.filter(person=person, case__in=[c.pk for c in cases]):
        roles.setdefault(link.case_id, []).append(str(link.get_role_display()))
    protection = visible(user, Resource.PROTECTION, ProtectionCase.objects.filter(person=person))
    protection = protection.select_related("owner_organisation").order_by("-opened_on", "-id")
    return {
        "cases": [(c, roles.get(c.pk, [])) for c in seen_all(user, Resource.CASE, cases)],
        "protection_cases": seen_all(user, Resource.PROTECTION, protection[:100]),
    }


@login_required
def person_photo(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The photo, only to those who may identify the person; every look is audited."""
    person = _get_visible(request, pk, Action.VIEW)
    require_identify(request, Resource.PERSON, person)
    if not person.photo:
        raise Http404
    record_event(request, AuditAction.VIEW, target=person, detail="photo")
    response = HttpResponse(person.photo, content_type=person.photo_type)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.CREATE, Resource.PERSON)
    if not request.user.organisation_id:
        messages.error(request, _("Your account has no organisation, so it cannot record people."))
        return redirect("people:list")
    form = PersonForm(request.POST or None, request.FILES or None)
    matches: list[Person] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.POST.get("confirm_new"):
            # Only people the user identifies: the warning names them.
            people = identifiable(request.user, Resource.PERSON, Person.objects.all())
            matches = likely_matches_for(people, data)
        if not matches:
            try:
                person = create_person(Actor.of(request), data)
            except NotAllowed as refused:
                refuse(request, form, refused, "home")
            else:
                messages.success(request, _("The person was recorded."))
                return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "creating": True, "matches": matches})


@login_required
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _get_visible(request, pk, Action.CHANGE)
    form = PersonForm(request.POST or None, request.FILES or None, instance=person)
    if request.method == "POST" and form.is_valid():
        result = save_versioned(
            request,
            form,
            lambda version: update_person(Actor.of(request), person, form.cleaned_data, version),
            _(
                "Someone else saved this record while you were editing it. Your changes "
                "were not saved: the form below shows their version, with your entries "
                "beside it."
            ),
            place_field="home",
        )
        if isinstance(result, Stale):
            return render(
                request,
                "people/form.html",
                {
                    "form": PersonForm(instance=result.current),
                    "creating": False,
                    "person": result.current,
                    "yours": result.yours,
                },
            )
        if result:
            messages.success(request, _("Your changes were saved."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "creating": False, "person": person})


EXPORT_FIELDS = [
    "id",
    "name_km",
    "name_latin",
    "aliases",
    "gender",
    "date_of_birth",
    "estimated_age",
    "nationality",
    "country",
    "place",
    "phone",
    "documents",
    "owner_organisation",
]


def _export_value(person: Any, name: str) -> str:
    """A cell of the export, from the person's view: a withheld attribute is an empty cell."""
    if name == "documents":  # only of a person the user identifies
        try:
            documents = person.documents.all()
        except AttributeError:
            return ""
        return "; ".join(f"{d.get_kind_display()} {d.number}".strip() for d in documents)
    field = cast(Field, Person._meta.get_field(name))  # EXPORT_FIELDS: the model's own
    try:
        value = getattr(person, f"get_{name}_display")() if field.choices else getattr(person, name)
    except AttributeError:
        return ""
    if name == "place" and value is not None:
        return f"{value.code} {value.full_name()}"
    return "" if value is None else str(value)


@login_required
def person_export(request: AuthenticatedRequest) -> HttpResponse:
    """CSV of the people this user may export, headers and values in the user's language;
    each person as the user sees them (:mod:`tipnet.accounts.seen`)."""
    require(request, Action.EXPORT, Resource.PERSON)
    qs, _identify, _searching = _filtered(request, Action.EXPORT)
    people = list(
        qs.select_related("nationality", "country")
        .prefetch_related("documents")
        .order_by("id")[:50000]
    )
    record_event(
        request,
        AuditAction.EXPORT,
        object_type="people.person",
        detail=f"{len(people)} people, CSV",
        # Which filters, not their values: a name or number searched for stays out of the trail.
        changes={
            "ids": [p.pk for p in people],
            "filters": sorted(k for k in request.GET if request.GET[k]),
        },
    )
    labels = {"id": _("Record number"), "documents": _("Identity documents")}
    header = [
        labels.get(n) or str(cast(Field, Person._meta.get_field(n)).verbose_name)
        for n in EXPORT_FIELDS
    ]
    views = seen_all(request.user, Resource.PERSON, people)
    return csv_response(
        "tipnet-people.csv", header, ([_export_value(p, n) for n in EXPORT_FIELDS] for p in views)
    )
