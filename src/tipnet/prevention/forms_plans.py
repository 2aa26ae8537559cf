"""Forms of action plans."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tipnet.accounts.models import Organisation
from tipnet.prevention.forms import DATE
from tipnet.prevention.models_plans import ActionStatus


class PlanForm(forms.Form):
    priorities = forms.CharField(label=_("Priorities"), widget=forms.Textarea(attrs={"rows": 3}))
    local_resources = forms.CharField(
        label=_("Local resources identified"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("People, budget, places and services the community can count on."),
    )  # fmt: skip
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ActionForm(forms.Form):
    description = forms.CharField(label=pgettext_lazy("action plan", "Action"), max_length=300)
    owner_organisation = forms.ModelChoiceField(
        Organisation.objects.filter(is_active=True), label=_("Owner organisation"),
        required=False,
    )  # fmt: skip
    owner_name = forms.CharField(
        label=_("Owner (person)"), max_length=150, required=False,
        help_text=_("A person who carries the action out, such as the village chief."),
    )  # fmt: skip
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    noted_on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
