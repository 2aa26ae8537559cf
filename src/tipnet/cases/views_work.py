"""Work on a case: its people, proceedings, charges, verdicts, places and documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tipnet.accounts.access import (
    Action,
    NotAllowed,
    Resource,
    identifiable,
    require,
    require_identify,
)
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.seen import Seen, nested, seen
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.cases.codes import CaseRole
from tipnet.cases.forms import (
    CasePersonForm,
    ChargeForm,
    DocumentForm,
    EventForm,
    StepForm,
    VerdictForm,
)
from tipnet.cases.models import Case, CaseDocument, CasePerson, Charge
from tipnet.cases.services import (
    add_charge,
    add_document,
    add_event,
    add_person,
    add_step,
    record_verdict,
)
from tipnet.cases.stages import ProceedingKind, RefusedStep, step_choices
from tipnet.cases.views import get_case
from tipnet.core.actor import Actor
from tipnet.core.versioning import refuse
from tipnet.people.forms import PersonForm
from tipnet.people.models import Person
from tipnet.people.services import create_person, likely_matches_for, search_names

FOUND = {"auto_id": "found-%s"}  # the form above the people found: ids of its own


@login_required
def person_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a person to the case: an existing one (searched, or offered as a likely match) or a
    new one, created only after the user has seen who already exists with that name."""
    case = get_case(request, pk, Action.CHANGE)
    require(request, Action.CREATE, Resource.PERSON)
    # Only people the user identifies may be looked for and linked: a masked match would
    # tell that someone of that name is recorded, and linking would name them on the case.
    people = identifiable(request.user, Resource.PERSON, Person.objects.all())
    q = request.GET.get("q", "").strip()
    found = list(search_names(people, q)[:20]) if q else []
    found_sent = bool(request.POST.get("found"))  # sent from the list of people found
    link_form = CasePersonForm(request.POST or None, prefix="link", **(FOUND if found_sent else {}))
    person_form = PersonForm(request.POST or None, prefix="new")
    matches: list[Person] = []
    if request.method == "POST":
        existing_id = request.POST.get("existing", "")
        if existing_id:
            person = people.filter(pk=existing_id).first() if existing_id.isdigit() else None
            if person is None:
                require(
                    request,
                    Action.VIEW,
                    Resource.PERSON,
                    Person.objects.filter(pk=existing_id).first(),
                )
                raise Http404
            if link_form.is_valid():
                return _link(request, case, person, link_form)
        elif person_form.is_valid() and link_form.is_valid():
            data = person_form.cleaned_data
            if not request.POST.get("confirm_new"):
                # Ranked, with the reasons, and without people of the other sex or an age
                # far apart unless the number or the full name and birth date match.
                matches = likely_matches_for(people, data)
            if not matches:
                try:
                    person = create_person(Actor.of(request), data)
                except NotAllowed as refused:
                    refuse(request, person_form, refused, "home")
                else:
                    return _link(request, case, person, link_form)
    return render(
        request,
        "cases/person_add.html",
        {
            "case": case,
            "q": q,
            "found": found,
            # The role and its fields once above the people found (each has its own button),
            # and once for someone new; the one the user sent keeps their entries and errors.
            "found_form": link_form if found_sent else CasePersonForm(prefix="link", **FOUND),
            "link_form": CasePersonForm(prefix="link") if found_sent else link_form,
            "person_form": person_form,
            "matches": matches,
        },
    )


def _link(
    request: AuthenticatedRequest, case: Case, person: Person, form: CasePersonForm
) -> HttpResponse:
    data = dict(form.cleaned_data)
    role = data.pop("role")
    if CasePerson.objects.filter(case=case, person=person, role=role).exists():
        messages.error(request, _("This person is already in the case with this role."))
        return redirect("cases:detail", pk=case.pk)
    add_person(Actor.of(request), case, person, role, data)
    messages.success(request, _("The person was added to the case."))
    return redirect("cases:detail", pk=case.pk)


def _suspect(request: AuthenticatedRequest, pk: int, link_pk: int) -> tuple[Case, CasePerson]:
    """The case and one of its suspects (proceedings are recorded for suspects only)."""
    case = get_case(request, pk, Action.CHANGE)
    link = (
        CasePerson.objects.filter(pk=link_pk, case=case, role=CaseRole.SUSPECT)
        .select_related("person", "case")
        .first()
    )
    if link is None:
        raise Http404
    return case, link


def _shown(request: AuthenticatedRequest, case: Case, link: CasePerson) -> Seen:
    """The suspect as this user sees them on a form: a restricted person is named only to
    their owner organisation, a person the user may only count not at all."""
    return nested(request.user, link, seen(request.user, Resource.CASE, case).identified)


@login_required
def step_add(request: AuthenticatedRequest, pk: int, link_pk: int) -> HttpResponse:
    case, suspect = _suspect(request, pk, link_pk)
    allowed = step_choices(suspect.stage)
    # The case page's buttons name the kind: the form then asks what that step has only.
    kind = request.GET.get("kind")
    kind = kind if kind in allowed else None
    form = StepForm(request.POST or None, allowed=allowed, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_step(
                Actor.of(request),
                suspect,
                data["kind"],
                data["date"],
                organisation=data["organisation"],
                officer=data["officer"],
                place=data["place"].area,
                court_level=data.get("court_level", ""),
                outcome=data.get("outcome", ""),
                document_reference=data["document_reference"],
            )
        except RefusedStep as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The step was recorded."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/work_form.html",
        {
            "case": case,
            "suspect": _shown(request, case, suspect),
            "form": form,
            "title": (
                _("Record a step: %(step)s") % {"step": ProceedingKind(kind).label}
                if kind
                else _("Record a step")
            ),
        },
    )


@login_required
def charge_add(request: AuthenticatedRequest, pk: int, link_pk: int) -> HttpResponse:
    case, suspect = _suspect(request, pk, link_pk)
    form = ChargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_charge(
                Actor.of(request),
                suspect,
                form.cleaned_data["offence"],
                form.cleaned_data["charged_on"],
            )
        except RefusedStep as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The charge was recorded."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/work_form.html",
        {
            "case": case,
            "suspect": _shown(request, case, suspect),
            "form": form,
            "title": _("Add a charge"),
        },
    )


@login_required
def verdict_add(request: AuthenticatedRequest, pk: int, charge_pk: int) -> HttpResponse:
    case = get_case(request, pk, Action.CHANGE)
    charge = (
        Charge.objects.filter(pk=charge_pk, suspect__case=case)
        .select_related("suspect__person", "offence")
        .first()
    )
    if charge is None:
        raise Http404
    form = VerdictForm(request.POST or None, instance=Charge.objects.get(pk=charge.pk))
    if request.method == "POST" and form.is_valid():
        try:
            record_verdict(Actor.of(request), charge, form.cleaned_data)
        except RefusedStep as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The verdict was recorded."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/work_form.html",
        {
            "case": case,
            "suspect": _shown(request, case, charge.suspect),
            "charge": charge,
            "form": form,
            "title": _("Record the verdict"),
        },
    )


@login_required
def event_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, Action.CHANGE)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add_event(Actor.of(request), case, form.cleaned_data)
        messages.success(request, _("The place was added."))
        return redirect("cases:detail", pk=case.pk)
    return render(
        request, "cases/work_form.html", {"case": case, "form": form, "title": _("Add a place")}
    )


@login_required
def document_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, Action.CHANGE)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        add_document(Actor.of(request), case, data["kind"], data["title"], data["file"])
        messages.success(request, _("The document was stored (encrypted)."))
        return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/work_form.html",
        {
            "case": case,
            "form": form,
            "title": _("Attach a document"),
            "multipart": True,
        },
    )


@login_required
def document_download(request: AuthenticatedRequest, pk: int, doc_pk: int) -> HttpResponse:
    case = get_case(request, pk, Action.VIEW)
    document = CaseDocument.objects.filter(pk=doc_pk, case=case).first()
    if document is None:
        raise Http404
    # A document is the case file itself: only those who identify the case may read it.
    require_identify(request, Resource.CASE, case)
    record_event(request, AuditAction.EXPORT, target=case, detail=f"document #{document.pk}")
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="case-{case.number}-doc-{document.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
