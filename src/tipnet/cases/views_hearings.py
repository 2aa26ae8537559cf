"""Hearings: schedule one from the case page, update it, a court's calendar, the user's
upcoming hearings. Cases are shown by number; titles only through their view (``seen``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipnet.accounts.access import Action, NotAllowed, Resource, require
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.models import Organisation
from tipnet.accounts.seen import nested, seen
from tipnet.cases.codes import HearingPurpose, HearingStatus
from tipnet.cases.hearings import (
    CALENDAR_DAYS,
    UPCOMING_DAYS,
    Hearing,
    court_calendar,
    schedule_hearing,
    upcoming_for,
    update_hearing,
)
from tipnet.cases.models import CasePerson
from tipnet.cases.stages import RefusedStep
from tipnet.cases.views import get_case
from tipnet.core.actor import Actor
from tipnet.core.versioning import Stale, save_versioned

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SuspectField(forms.ModelChoiceField):
    """A suspect named as the step forms name them: through the nested view, so a restricted
    person is named only to their owner organisation and a counting user sees "Person #N"."""

    viewer: Any = None
    identified = False

    def label_from_instance(self, obj: Any) -> str:
        return nested(self.viewer, obj, self.identified).person.name


class HearingForm(forms.Form):
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), choices=HearingPurpose.choices)
    scheduled_for = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    scheduled_time = forms.TimeField(label=gettext_lazy("Time"), widget=TIME, required=False)
    court = forms.ModelChoiceField(
        label=gettext_lazy("Court"),
        queryset=Organisation.objects.filter(is_active=True, kind="court"),
    )
    chamber = forms.CharField(label=gettext_lazy("Chamber"), max_length=120, required=False)
    suspect = SuspectField(
        label=gettext_lazy("Suspect"), queryset=CasePerson.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        suspects = self.fields["suspect"]
        assert isinstance(suspects, SuspectField)
        suspects.queryset = CasePerson.objects.filter(case=case, role="suspect").select_related(
            "person"
        )
        suspects.viewer = user
        suspects.identified = seen(user, Resource.CASE, case).identified


class HearingUpdateForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=HearingStatus.choices)
    scheduled_for = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    scheduled_time = forms.TimeField(label=gettext_lazy("Time"), widget=TIME, required=False)
    chamber = forms.CharField(label=gettext_lazy("Chamber"), max_length=120, required=False)
    # Not required: a form without it is refused by save_versioned with a message.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


@login_required
def hearing_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, Action.CHANGE)
    form = HearingForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            schedule_hearing(Actor.of(request), case, form.cleaned_data)
        except (RefusedStep, NotAllowed) as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The hearing was scheduled."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/work_form.html",
        {"case": case, "form": form, "title": _("Schedule a hearing")},
    )


STALE = gettext_lazy(
    "Someone else changed this hearing while you were editing it. Your changes were not "
    "saved: the form shows the hearing as it is now, with your entries beside it."
)


def _as_it_is(hearing: Hearing) -> dict[str, Any]:
    return {
        "status": hearing.status,
        "scheduled_for": hearing.scheduled_for,
        "scheduled_time": hearing.scheduled_time,
        "chamber": hearing.chamber,
        "version": hearing.version,
    }


@login_required
def hearing_update(request: AuthenticatedRequest, pk: int, hearing_pk: int) -> HttpResponse:
    case = get_case(request, pk, Action.CHANGE)
    hearing = Hearing.objects.filter(case=case, pk=hearing_pk).select_related("case").first()
    if hearing is None:
        raise Http404
    form = HearingUpdateForm(request.POST or None, initial=_as_it_is(hearing))
    page: dict[str, Any] = {"case": case, "form": form, "title": _("Update the hearing")}
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            result = save_versioned(
                request,
                form,
                lambda version: update_hearing(Actor.of(request), hearing, data, version),
                STALE,
            )
        except RefusedStep as refused:
            form.add_error(None, refused.message)
            result = False
        if isinstance(result, Stale):
            # The hearing as the other user left it, and what this user had entered.
            page.update(form=HearingUpdateForm(initial=_as_it_is(result.current)),
                        yours=result.yours)  # fmt: skip
        elif result:
            messages.success(request, _("The hearing was updated."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/work_form.html", page)


def _rows(request: AuthenticatedRequest, hearings: Any) -> list[dict[str, Any]]:
    return [{"hearing": h, "case": seen(request.user, Resource.CASE, h.case)} for h in hearings]


@login_required
def court_calendar_view(request: AuthenticatedRequest, org_id: int) -> HttpResponse:
    require(request, Action.LIST, Resource.CASE)
    court = get_object_or_404(Organisation, pk=org_id, kind="court")
    return render(
        request,
        "cases/hearings.html",
        {
            "title": _("Court calendar: %(court)s") % {"court": court},
            "rows": _rows(request, court_calendar(request.user, court)),
            "days": CALENDAR_DAYS,
        },
    )


@login_required
def upcoming_view(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.CASE)
    return render(
        request,
        "cases/hearings.html",
        {
            "title": _("Upcoming hearings"),
            "rows": _rows(request, upcoming_for(request.user)),
            "days": UPCOMING_DAYS,
        },
    )
