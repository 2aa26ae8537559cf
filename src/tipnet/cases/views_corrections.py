"""Correct or withdraw a step, a charge, a verdict or a person in a case (thin: the rules and
the writes are in :mod:`tipnet.cases.corrections`). Only the organisation that recorded the
entry may (:func:`tipnet.accounts.access.require_correct`: 403, audited, for the others)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipnet.accounts.access import Action, Resource, require_correct
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.seen import nested, seen
from tipnet.cases import corrections
from tipnet.cases.forms_corrections import (
    ChargeCorrectionForm,
    LinkCorrectionForm,
    StepCorrectionForm,
    VerdictCorrectionForm,
    WithdrawForm,
)
from tipnet.cases.models import Case, CasePerson, Charge, ProceedingStep
from tipnet.cases.stages import ProceedingKind, RefusedStep
from tipnet.cases.views import get_case
from tipnet.core.actor import Actor
from tipnet.core.versioning import Stale, save_versioned

STALE = gettext_lazy(
    "Someone else corrected or withdrew this entry while you were on this page. Nothing was "
    "saved: the form shows the entry as it is now, with your entries beside it."
)


def _open(request: AuthenticatedRequest, pk: int, entries: QuerySet, entry_pk: int,
          recorder: Callable[[Any, Case], int | None] = corrections.recording_organisation,
          ) -> tuple[Case, Any]:  # fmt: skip
    """The case (which the user may change) and one of its entries in force (404 if none),
    which the user's organisation recorded (403, audited, if not)."""
    case = get_case(request, pk, Action.CHANGE)
    entry = entries.filter(pk=entry_pk).first()
    if entry is None:
        raise Http404
    require_correct(request, Resource.CASE, case, recorder(entry, case))
    return case, entry


def _steps(case_pk: int) -> QuerySet:
    return (
        ProceedingStep.objects.filter(suspect__case_id=case_pk)
        .exclude(kind=ProceedingKind.VERDICT)
        .select_related("suspect__person", "suspect__case", "recorded_by", "place", "organisation")
    )


def _charges(case_pk: int) -> QuerySet:
    return Charge.objects.filter(suspect__case_id=case_pk).select_related(
        "suspect__person", "suspect__case", "offence", "recorded_by"
    )


def _links(case_pk: int) -> QuerySet:
    return CasePerson.objects.filter(case_id=case_pk).select_related(
        "person", "case", "recorded_by"
    )


def _form_page(request: AuthenticatedRequest, case: Case, form: Any, save: Callable[[int], Any],
               fresh: Callable[[Any], Any], done: str, context: dict[str, Any],
               ) -> HttpResponse:  # fmt: skip
    """Save a valid form through ``save(version)`` (refusals shown on the form, a stale edit
    with the entry as it is now), or show it."""
    page = {"case": case, "form": form, **context}
    if request.method == "POST" and form.is_valid():
        try:
            result = save_versioned(request, form, save, str(STALE), skip=("reason",))
        except RefusedStep as refused:
            form.add_error(None, refused.message)
            result = False
        if isinstance(result, Stale):
            page.update(form=fresh(result.current), yours=result.yours)
        elif result:
            messages.success(request, done)
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/correction_form.html", page)


def _suspect(request: AuthenticatedRequest, case: Case, link: CasePerson) -> Any:
    return nested(request.user, link, seen(request.user, Resource.CASE, case).identified)


@login_required
def step_correct(request: AuthenticatedRequest, pk: int, step_pk: int) -> HttpResponse:
    case, step = _open(request, pk, _steps(pk), step_pk)
    form = StepCorrectionForm(request.POST or None, step=step)
    return _form_page(
        request, case, form,
        lambda v: corrections.correct_step(Actor.of(request), step, form.cleaned_data, v,
                                           form.cleaned_data["reason"]),
        lambda current: StepCorrectionForm(step=current), _("The step was corrected."),
        {"title": _("Correct a step"), "entry": step.get_kind_display(),
         "suspect": _suspect(request, case, step.suspect)},
    )  # fmt: skip


@login_required
def step_withdraw(request: AuthenticatedRequest, pk: int, step_pk: int) -> HttpResponse:
    case, step = _open(request, pk, _steps(pk), step_pk)
    form = WithdrawForm(request.POST or None, entry=step)
    return _form_page(
        request, case, form,
        lambda v: corrections.withdraw_step(Actor.of(request), step, v,
                                            form.cleaned_data["reason"]),
        lambda current: WithdrawForm(entry=current), _("The step was withdrawn."),
        {"title": _("Withdraw a step"), "entry": f"{step.get_kind_display()} ({step.date})",
         "suspect": _suspect(request, case, step.suspect), "withdrawing": True},
    )  # fmt: skip


@login_required
def charge_correct(request: AuthenticatedRequest, pk: int, charge_pk: int) -> HttpResponse:
    case, charge = _open(request, pk, _charges(pk), charge_pk)
    form = ChargeCorrectionForm(request.POST or None, charge=charge)
    return _form_page(
        request, case, form,
        lambda v: corrections.correct_charge(Actor.of(request), charge, form.cleaned_data, v,
                                             form.cleaned_data["reason"]),
        lambda current: ChargeCorrectionForm(charge=current), _("The charge was corrected."),
        {"title": _("Correct a charge"), "entry": str(charge.offence),
         "suspect": _suspect(request, case, charge.suspect)},
    )  # fmt: skip


@login_required
def charge_withdraw(request: AuthenticatedRequest, pk: int, charge_pk: int) -> HttpResponse:
    case, charge = _open(request, pk, _charges(pk), charge_pk)
    form = WithdrawForm(request.POST or None, entry=charge)
    return _form_page(
        request, case, form,
        lambda v: corrections.withdraw_charge(Actor.of(request), charge, v,
                                              form.cleaned_data["reason"]),
        lambda current: WithdrawForm(entry=current), _("The charge was withdrawn."),
        {"title": _("Withdraw a charge"), "entry": str(charge.offence),
         "suspect": _suspect(request, case, charge.suspect), "withdrawing": True},
    )  # fmt: skip


def _verdict(request: AuthenticatedRequest, pk: int, charge_pk: int) -> tuple[Case, Charge]:
    charges = _charges(pk).exclude(verdict="")
    return _open(request, pk, charges, charge_pk, corrections.verdict_recorder)


@login_required
def verdict_correct(request: AuthenticatedRequest, pk: int, charge_pk: int) -> HttpResponse:
    case, charge = _verdict(request, pk, charge_pk)
    form = VerdictCorrectionForm(request.POST or None, instance=Charge.objects.get(pk=charge.pk))
    return _form_page(
        request, case, form,
        lambda v: corrections.correct_verdict(Actor.of(request), charge, form.cleaned_data, v,
                                              form.cleaned_data["reason"]),
        lambda current: VerdictCorrectionForm(instance=current), _("The verdict was corrected."),
        {"title": _("Correct the verdict"), "entry": str(charge.offence),
         "suspect": _suspect(request, case, charge.suspect)},
    )  # fmt: skip


@login_required
def verdict_withdraw(request: AuthenticatedRequest, pk: int, charge_pk: int) -> HttpResponse:
    case, charge = _verdict(request, pk, charge_pk)
    form = WithdrawForm(request.POST or None, entry=charge)
    return _form_page(
        request, case, form,
        lambda v: corrections.withdraw_verdict(Actor.of(request), charge, v,
                                               form.cleaned_data["reason"]),
        lambda current: WithdrawForm(entry=current), _("The verdict was withdrawn."),
        {"title": _("Withdraw the verdict"), "entry": str(charge.offence),
         "suspect": _suspect(request, case, charge.suspect), "withdrawing": True},
    )  # fmt: skip


@login_required
def person_correct(request: AuthenticatedRequest, pk: int, link_pk: int) -> HttpResponse:
    case, link = _open(request, pk, _links(pk), link_pk)
    form = LinkCorrectionForm(request.POST or None, instance=CasePerson.objects.get(pk=link.pk))
    return _form_page(
        request, case, form,
        lambda v: corrections.correct_link(Actor.of(request), link, form.cleaned_data, v,
                                           form.cleaned_data["reason"]),
        lambda current: LinkCorrectionForm(instance=current),
        _("The person's entry in the case was corrected."),
        {"title": _("Correct a person in the case"), "entry": link.get_role_display(),
         "suspect": _suspect(request, case, link)},
    )  # fmt: skip


@login_required
def person_withdraw(request: AuthenticatedRequest, pk: int, link_pk: int) -> HttpResponse:
    case, link = _open(request, pk, _links(pk), link_pk)
    form = WithdrawForm(request.POST or None, entry=link)
    return _form_page(
        request, case, form,
        lambda v: corrections.withdraw_link(Actor.of(request), link, v,
                                            form.cleaned_data["reason"]),
        lambda current: WithdrawForm(entry=current),
        _("The person was withdrawn from the case."),
        {"title": _("Withdraw a person from the case"), "entry": link.get_role_display(),
         "suspect": _suspect(request, case, link), "withdrawing": True},
    )  # fmt: skip
