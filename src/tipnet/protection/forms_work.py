"""Forms of the receiving organisation's work on a referred case (stays, services, notes);
the rules across records (dates within the referral) stay in receiving.py."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.protection import codes
from tipnet.protection.forms import DATE, TEXT, _not_future


class StayForm(forms.Form):
    place = forms.CharField(
        label=_("Shelter or place of stay"), max_length=300,
        help_text=_("The shelter, house or centre where the person stays: kept encrypted."),
    )  # fmt: skip
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DATE)
    discharged_on = forms.DateField(
        label=_("Discharged on"), widget=DATE, required=False,
        help_text=_("Leave empty while the person stays."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_admitted_on(self) -> date | None:
        return _not_future(self.cleaned_data.get("admitted_on"))

    def clean_discharged_on(self) -> date | None:
        return _not_future(self.cleaned_data.get("discharged_on"))


class ServiceGivenForm(forms.Form):
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    service = forms.ChoiceField(label=_("Service"), choices=codes.Service.choices)
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False, max_length=4000)

    def clean_given_on(self) -> date | None:
        return _not_future(self.cleaned_data.get("given_on"))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=TEXT, max_length=4000)
