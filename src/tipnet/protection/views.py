"""Protection cases: list, opening, the case page, its records, follow-ups, directory and
indicators. Thin: access first, then a form, then a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import (
    Action,
    NotAllowed,
    Resource,
    can,
    fetch,
    may_identify,
    require,
    visible,
)
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.seen import Seen, seen, seen_all, seen_children
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.cases.models import Case
from tipnet.core.actor import Actor
from tipnet.core.pagination import page_of
from tipnet.core.versioning import Stale, refuse, save_versioned
from tipnet.people.forms import PersonForm
from tipnet.people.models import Person
from tipnet.people.services import create_person
from tipnet.protection import corrections, receiving, rules, services
from tipnet.protection import forms as f
from tipnet.protection.models import CarePlan, Consent, FollowUp, ProtectionCase
from tipnet.protection.queries import cases_for


def get_case(
    request: AuthenticatedRequest, pk: int, action: Action = Action.VIEW
) -> ProtectionCase:
    """The case if this user may ``action`` it: 404 if missing, 403 (audited) if not."""
    related = ProtectionCase.objects.select_related("person", "place", "owner_organisation")
    return fetch(request, Resource.PROTECTION, related, pk, action)


@login_required
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PROTECTION)
    form = f.CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = page_of(cases_for(request.user, data), request.GET.get("page"))
    rows = seen_all(request.user, Resource.PROTECTION, page.object_list)
    return render(
        request,
        "protection/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "masked": any(not row.identified for row in rows),
            "may_create": can(request.user, Action.CREATE, Resource.PROTECTION),
        },
    )


@login_required
def case_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.CREATE, Resource.PROTECTION)
    if not request.user.organisation_id:
        messages.error(request, _("Your account has no organisation, so it cannot open cases."))
        return redirect("protection:list")
    person = _existing_person(request)
    form = f.CaseForm(request.POST or None, user=request.user)
    # The home place and the sensitivity are asked once, on the case, for the person too.
    person_form = (
        None
        if person
        else PersonForm(request.POST or None, prefix="new", asked_elsewhere=f.PERSON_FROM_CASE)
    )
    if person and not request.POST and person.place_id:
        form.initial["home"] = f.Location(None, person.place)
    if (
        request.method == "POST"
        and form.is_valid()
        and (person or (person_form is not None and person_form.is_valid()))
    ):
        if person is None:
            require(request, Action.CREATE, Resource.PERSON)
        try:
            case = _open(request, person, person_form, form)
        except NotAllowed as refused:
            refuse(request, form, refused, "home")
        else:
            ref = case.reference
            messages.success(request, _("Protection case %(ref)s was opened.") % {"ref": ref})
            return redirect("protection:detail", pk=case.pk)
    return render(
        request,
        "protection/create.html",
        {
            "form": form,
            "person_form": person_form,
            "person": person,
        },
    )


def _open(request: AuthenticatedRequest, person: Person | None, person_form: Any, form: Any) -> Any:
    """Record the person (if new) and open their case, both or neither."""
    actor = Actor.of(request)
    with transaction.atomic():
        if person is None:
            person = create_person(actor, f.new_person_data(person_form, form))
        return services.create_case(actor, person, form.cleaned_data, form.cleaned_data["place"])


def _existing_person(request: AuthenticatedRequest) -> Person | None:
    pk = request.GET.get("person", "")
    if not pk.isdigit():
        return None
    person = visible(request.user, Resource.PERSON, Person.objects.all()).filter(pk=pk).first()
    if person is None or not may_identify(request.user, Resource.PERSON, person):
        raise Http404
    return person


@login_required
def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = get_case(request, pk)
    user = request.user
    if not receiving.sees_case_itself(user, record):
        # Seen only as the receiver of a referral: its page shows what the consent covers.
        received = receiving.receiving_referral(user, record)
        if received is not None:
            return redirect("protection:referral", rpk=received.pk)
    case = seen(user, Resource.PROTECTION, record)
    record_event(
        request,
        AuditAction.VIEW,
        target=record,
        detail="identified" if case.identified else "masked",
    )
    may_change = can(user, Action.CHANGE, Resource.PROTECTION, record)
    today = timezone.localdate()

    def views(records: Any) -> list[Seen]:
        return seen_children(user, records, case)

    return render(
        request,
        "protection/detail.html",
        {
            "case": case,
            "may_change": may_change and record.stage != "closed",
            "next_stages": [(s, f.codes.Stage(s).label) for s in rules.next_stages(record.stage)],
            **corrections.page_entries(user, record, case),
            "consents": [
                (view, rules.is_active(view.record, today)) for view in views(record.consents.all())
            ],
            "referrals": views(
                record.referrals.select_related("to_organisation", "offering__area").annotate(
                    note_count=Count("notes")
                )
            ),
            "visits": [
                (view, rules.is_overdue(view.record, today))
                for view in views(record.follow_ups.all())
            ],
            "returns": views(record.returns.select_related("from_country")),
            "criminal_cases": record.criminal_cases.all(),
        },
    )


@login_required
def case_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, Action.CHANGE)
    form = f.CaseForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        result = save_versioned(
            request,
            form,
            lambda v: services.update_case(Actor.of(request), case, form.cleaned_data, v),
            _(
                "Someone else saved this case while you were editing it. Your changes were not "
                "saved: the form shows their version, with your entries beside it."
            ),
            place_field="home",
            skip=["home"],
        )
        if isinstance(result, Stale):
            return render(
                request,
                "protection/work_form.html",
                {
                    "form": f.CaseForm(instance=result.current, user=request.user),
                    "case": result.current,
                    "yours": result.yours,
                    "title": _("Edit the case"),
                },
            )
        if result:
            messages.success(request, _("Your changes were saved."))
            return redirect("protection:detail", pk=case.pk)
    return render(
        request,
        "protection/work_form.html",
        {
            "form": form,
            "case": case,
            "title": _("Edit the case"),
        },
    )


def _work(
    request: AuthenticatedRequest,
    pk: int,
    title: str,
    done: str,
    make_form: Callable[..., Any],
    save: Callable[[Actor, ProtectionCase, dict[str, Any]], Any],
) -> HttpResponse:
    """One record added to a case: the form, the service, a clear message, nothing written
    when anything is refused."""
    case = get_case(request, pk, Action.CHANGE)
    form = make_form(request.POST or None, case)
    if request.method == "POST" and form.is_valid():
        try:
            save(Actor.of(request), case, form.cleaned_data)
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, done)
            return redirect("protection:detail", pk=case.pk)
    return render(
        request, "protection/work_form.html", {"form": form, "case": case, "title": title}
    )


@login_required
def identification_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _work(
        request,
        pk,
        _("Record the identification"),
        _("The identification was recorded."),
        lambda data, case: f.IdentificationForm(data),
        services.add_identification,
    )


@login_required
def consent_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _work(
        request,
        pk,
        _("Record consent"),
        _("The consent was recorded."),
        lambda data, case: f.ConsentForm(data, case=case),
        services.add_consent,
    )


@login_required
def consent_withdraw(request: AuthenticatedRequest, pk: int, consent_pk: int) -> HttpResponse:
    consent = Consent.objects.filter(pk=consent_pk, case_id=pk).first()
    if consent is None:
        raise Http404

    def save(actor: Actor, case: ProtectionCase, data: dict[str, Any]) -> Any:
        return services.withdraw_consent(actor, consent, data["withdrawn_on"], data["reason"])

    return _work(
        request,
        pk,
        _("Withdraw consent"),
        _("The withdrawal was recorded."),
        lambda data, case: f.WithdrawForm(data),
        save,
    )


@login_required
def assessment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _work(
        request,
        pk,
        _("Record an assessment"),
        _("The assessment was recorded."),
        lambda data, case: f.AssessmentForm(data),
        services.add_assessment,
    )


@login_required
def care_plan_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _work(
        request,
        pk,
        _("Add a care plan"),
        _("The care plan was recorded."),
        lambda data, case: f.CarePlanForm(data),
        services.add_care_plan,
    )


@login_required
def care_plan_progress(request: AuthenticatedRequest, pk: int, plan_pk: int) -> HttpResponse:
    found: dict[str, CarePlan] = {}

    def make(data: Any, case: ProtectionCase) -> f.CarePlanProgressForm:
        plan = CarePlan.objects.filter(pk=plan_pk, case=case).first()
        if plan is None:
            raise Http404
        found["plan"] = plan
        return f.CarePlanProgressForm(data, instance=plan)

    return _work(
        request,
        pk,
        _("Record the progress of the care plan"),
        _("The care plan was updated."),
        make,
        lambda r, case, d: services.record_care_plan_progress(r, found["plan"], d),
    )


@login_required
def stage_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def make(data: Any, case: ProtectionCase) -> f.StageForm:
        form = f.StageForm(data, allowed=rules.next_stages(case.stage))
        if request.GET.get("stage"):
            form.initial["stage"] = request.GET["stage"]
        return form

    return _work(
        request,
        pk,
        _("Move the case on"),
        _("The case moved on."),
        make,
        lambda r, case, d: services.move_stage(r, case, d["stage"], d["on"]),
    )


@login_required
def case_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _work(
        request,
        pk,
        _("Close the case"),
        _("The case was closed."),
        lambda data, case: f.CloseForm(data),
        lambda r, case, d: services.close_case(r, case, d["reason"], d["on"], d["note"]),
    )


@login_required
def visit_record(request: AuthenticatedRequest, pk: int, visit_pk: int) -> HttpResponse:
    visit = FollowUp.objects.filter(pk=visit_pk, case_id=pk).first()
    if visit is None:
        raise Http404
    return _work(
        request,
        pk,
        _("Record the follow-up visit"),
        _("The visit was recorded."),
        lambda data, case: f.VisitForm(data, initial={"visited_on": visit.due_on}),
        lambda r, case, d: services.record_visit(r, visit, d),
    )


@login_required
def return_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _work(
        request,
        pk,
        _("Record a return from abroad"),
        _("The return was recorded."),
        lambda data, case: f.ReturnForm(data),
        services.add_return,
    )


@login_required
def criminal_case_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def save(actor: Actor, case: ProtectionCase, data: dict[str, Any]) -> None:
        criminal = Case.objects.filter(number=data["number"].strip()).first()
        if criminal is None or not can(request.user, Action.VIEW, Resource.CASE, criminal):
            raise rules.Refused(_("No criminal case with this number that you may see."))
        services.link_criminal_case(actor, case, criminal)

    return _work(
        request,
        pk,
        _("Link a criminal case"),
        _("The criminal case was linked."),
        lambda data, case: f.LinkCaseForm(data),
        save,
    )
