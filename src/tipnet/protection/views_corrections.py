"""Correct or withdraw an identification, an assessment or a care plan, and reopen a closed
case (thin: the rules and the writes are in :mod:`tipnet.protection.corrections`). Only the
organisation that recorded an entry may correct it (:func:`access.require_correct`), only
whom the access module lets reopen may reopen (``Action.REOPEN``): 403, audited, for others."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipnet.accounts.access import Action, Resource, require_correct
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.core.actor import Actor
from tipnet.core.versioning import Stale, save_versioned
from tipnet.protection import corrections
from tipnet.protection import forms_corrections as fc
from tipnet.protection.models import Assessment, CarePlan, Identification, ProtectionCase
from tipnet.protection.rules import Refused
from tipnet.protection.views import get_case

STALE = gettext_lazy(
    "Someone else changed this entry while you were on this page. Nothing was saved: the "
    "form shows the entry as it is now, with your entries beside it."
)


def _open(request: AuthenticatedRequest, pk: int, model: type[Any], entry_pk: int
          ) -> tuple[ProtectionCase, Any]:  # fmt: skip
    """The case (which the user may change) and one of its entries in force (404 if none),
    which the user's organisation recorded (403, audited, if not)."""
    case = get_case(request, pk, Action.CHANGE)
    entry = model.objects.filter(case=case, pk=entry_pk).first()
    if entry is None:
        raise Http404
    require_correct(
        request, Resource.PROTECTION, case, corrections.recording_organisation(entry, case)
    )
    return case, entry


def _page(request: AuthenticatedRequest, case: ProtectionCase, form: Any,
          save: Callable[[int], Any], fresh: Callable[[Any], Any], done: str,
          context: dict[str, Any], template: str = "protection/correction_form.html",
          ) -> HttpResponse:  # fmt: skip
    """Save a valid form through ``save(version)`` (a refusal shown on the form, a stale edit
    with the entry as it is now), or show it."""
    page = {"case": case, "form": form, **context}
    if request.method == "POST" and form.is_valid():
        try:
            result = save_versioned(request, form, save, str(STALE), skip=("reason",))
        except Refused as refused:
            form.add_error(None, refused.message)
            result = False
        if isinstance(result, Stale):
            page.update(form=fresh(result.current), yours=result.yours)
        elif result:
            messages.success(request, done)
            return redirect("protection:detail", pk=case.pk)
    return render(request, template, page)


KINDS: dict[str, tuple[type[Any], type[Any], Any, Any]] = {
    # kind: model, correction form, title of the correction, title of the withdrawal
    "identification": (Identification, fc.IdentificationCorrectionForm,
                       gettext_lazy("Correct the identification"),
                       gettext_lazy("Withdraw the identification")),
    "assessment": (Assessment, fc.AssessmentCorrectionForm,
                   gettext_lazy("Correct the assessment"),
                   gettext_lazy("Withdraw the assessment")),
    "care_plan": (CarePlan, fc.CarePlanCorrectionForm, gettext_lazy("Correct the care plan"),
                  gettext_lazy("Withdraw the care plan")),
}  # fmt: skip


def _correct(request: AuthenticatedRequest, kind: str, pk: int, entry_pk: int) -> HttpResponse:
    model, form_class, title, _w = KINDS[kind]
    case, entry = _open(request, pk, model, entry_pk)
    # The form works on its own copy: the service reads the entry afresh, locked.
    form = form_class(request.POST or None, instance=model.objects.get(pk=entry.pk))
    return _page(
        request, case, form,
        lambda v: corrections.correct(Actor.of(request), entry, form.cleaned_data, v,
                                      form.cleaned_data["reason"]),
        lambda current: form_class(instance=current), _("The correction was saved."),
        {"title": title, "entry": str(entry)},
    )  # fmt: skip


def _withdraw(request: AuthenticatedRequest, kind: str, pk: int, entry_pk: int) -> HttpResponse:
    model, _f, _c, title = KINDS[kind]
    case, entry = _open(request, pk, model, entry_pk)
    form = fc.WithdrawEntryForm(request.POST or None, entry=entry)
    return _page(
        request, case, form,
        lambda v: corrections.withdraw(Actor.of(request), entry, v, form.cleaned_data["reason"]),
        lambda current: fc.WithdrawEntryForm(entry=current), _("The entry was withdrawn."),
        {"title": title, "entry": str(entry), "withdrawing": True},
    )  # fmt: skip


@login_required
def identification_correct(request: AuthenticatedRequest, pk: int, ident_pk: int) -> HttpResponse:
    return _correct(request, "identification", pk, ident_pk)


@login_required
def identification_withdraw(request: AuthenticatedRequest, pk: int, ident_pk: int) -> HttpResponse:
    return _withdraw(request, "identification", pk, ident_pk)


@login_required
def assessment_correct(request: AuthenticatedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    return _correct(request, "assessment", pk, assessment_pk)


@login_required
def assessment_withdraw(request: AuthenticatedRequest, pk: int, assessment_pk: int
                        ) -> HttpResponse:  # fmt: skip
    return _withdraw(request, "assessment", pk, assessment_pk)


@login_required
def care_plan_correct(request: AuthenticatedRequest, pk: int, plan_pk: int) -> HttpResponse:
    return _correct(request, "care_plan", pk, plan_pk)


@login_required
def care_plan_withdraw(request: AuthenticatedRequest, pk: int, plan_pk: int) -> HttpResponse:
    return _withdraw(request, "care_plan", pk, plan_pk)


@login_required
def case_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A protection supervisor reopens a closed case, with a reason (``Action.REOPEN``)."""
    case = get_case(request, pk, Action.REOPEN)
    form = fc.ReopenForm(request.POST or None, case=case)
    return _page(
        request, case, form,
        lambda v: corrections.reopen_case(Actor.of(request), case, form.cleaned_data["on"],
                                          form.cleaned_data["reason"], v),
        lambda current: fc.ReopenForm(case=current), _("The case was reopened."),
        {"title": _("Reopen the case"), "reopening": True},
    )  # fmt: skip
