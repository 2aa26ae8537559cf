"""Case list, registration, the case page, editing and the pipeline."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, Resource, can, fetch, require
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.seen import nested, seen, seen_all, seen_children
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.cases.forms import CaseFilterForm, CaseForm
from tipnet.cases.models import Case
from tipnet.cases.queries import filtered_cases, pipeline
from tipnet.cases.services import create_case, update_case
from tipnet.cases.stages import CHARGEABLE, ProceedingKind, Stage, step_choices
from tipnet.cases.timeline import correctable, link_history, timeline
from tipnet.core.actor import Actor
from tipnet.core.pagination import page_of
from tipnet.core.versioning import Stale, refuse, save_versioned
from tipnet.geo.models import Area, AreaLevel


def get_case(request: AuthenticatedRequest, pk: int, action: Action = Action.VIEW) -> Case:
    """The case if this user may ``action`` it: 404 if missing, 403 (audited) if not theirs."""
    related = Case.objects.select_related("place", "owner_organisation")
    return fetch(request, Resource.CASE, related, pk, action)


@login_required
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.CASE)
    form = CaseFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    page = page_of(filtered_cases(request.user, data), request.GET.get("page"))
    page.object_list = seen_all(request.user, Resource.CASE, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_create": can(request.user, Action.CREATE, Resource.CASE),
        },
    )


@login_required
def case_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.CREATE, Resource.CASE)
    if not request.user.organisation_id:
        messages.error(request, _("Your account has no organisation, so it cannot register cases."))
        return redirect("cases:list")
    form = CaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        place = form.cleaned_data["registered_in"].area
        try:
            case = create_case(Actor.of(request), form.cleaned_data, place)
        except NotAllowed as refused:
            refuse(request, form, refused, "registered_in")
        else:
            number = case.number
            messages.success(request, _("Case %(number)s was registered.") % {"number": number})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/form.html", {"form": form, "creating": True})


@login_required
def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk)
    view = seen(request.user, Resource.CASE, case)
    identify = view.identified
    record_event(
        request, AuditAction.VIEW, target=case, detail="identified" if identify else "masked"
    )
    links = case.persons.select_related("person", "case").prefetch_related("charges__offence")
    persons = seen_children(request.user, links, view)
    may_change = can(request.user, Action.CHANGE, Resource.CASE, case)
    suspects = []
    for link in persons:
        if link.role == "suspect":
            allowed = step_choices(link.stage)
            suspects.append(
                {
                    "link": link,
                    "next_steps": [(k, ProceedingKind(k).label) for k in allowed],
                    "may_charge": link.stage in CHARGEABLE,
                    "may_verdict": link.stage in (Stage.TRIAL, Stage.VERDICT),
                }
            )
    return render(
        request,
        "cases/detail.html",
        {
            "case": view,
            "identify": identify,
            "may_change": may_change,
            "victims": [p for p in persons if p.role == "victim"],
            "others": [p for p in persons if p.role in ("witness", "complainant")],
            "suspects": suspects,
            "timeline": [
                replace(t, suspect=t.suspect and nested(request.user, t.suspect, identify))
                for t in timeline(case, identify)
            ],
            "history": [
                replace(h, link=nested(request.user, h.link, identify))
                for h in link_history(case, identify)
            ],
            "correctable": correctable(request.user, case),
            "events": case.events.select_related("country", "area"),
            "hearings": case.hearings.select_related("court"),
            "documents": seen_children(request.user, case.documents.defer("content"), view),
        },
    )


@login_required
def case_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, Action.CHANGE)
    form = CaseForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        result = save_versioned(
            request,
            form,
            lambda version: update_case(Actor.of(request), case, form.cleaned_data, version),
            _(
                "Someone else saved this case while you were editing it. Your changes were not "
                "saved: the form shows their version, with your entries beside it."
            ),
        )
        if isinstance(result, Stale):
            fresh = CaseForm(instance=result.current, user=request.user)
            context = {"form": fresh, "case": result.current, "yours": result.yours}
            return render(request, "cases/form.html", context)
        if result:
            messages.success(request, _("Your changes were saved."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/form.html", {"form": form, "case": case})


@login_required
def pipeline_view(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.CASE)
    year_text = request.GET.get("year", "")
    this_year = timezone.localdate().year
    # A year outside the ones the page offers (a typo, or 99999999999999999999 overflowing
    # the database's integer) falls back to this year, like an unreadable one.
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else this_year
    if not 2000 <= year <= this_year:
        year = this_year
    province = request.GET.get("province", "")
    if not Area.objects.filter(code=province, level=AreaLevel.PROVINCE).exists():
        province = ""
    return render(
        request,
        "cases/pipeline.html",
        {
            "figures": pipeline(request.user, year, province or None),
            "year": year,
            "province": province,
            "provinces": Area.objects.filter(level=AreaLevel.PROVINCE),
            "years": range(timezone.localdate().year, 1999, -1),
        },
    )
