"""Forms of projects, campaigns and their targets, and the confirmation of a deletion (the
rules are the services' to refuse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.geo.models import Area, AreaLevel
from tipnet.prevention.codes import AgeBand, Sex
from tipnet.prevention.forms import DATE, AmountField
from tipnet.prevention.models_campaigns import Campaign, Currency, Project, TargetMeasure


def _provinces(label: Any, empty: Any, help_text: Any = "") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code"), label=label,
        required=False, empty_label=empty, help_text=help_text,
    )  # fmt: skip


class _Period(forms.Form):
    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class ProjectForm(_Period):
    name = forms.CharField(label=_("Project or donor programme"), max_length=200)
    donor = forms.CharField(label=_("Donor"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE, required=False)
    ends_on = forms.DateField(
        label=_("Ends on"), widget=DATE, required=False,
        help_text=_("The report counts the activities held in the project's period."),
    )  # fmt: skip
    budget = AmountField(label=_("Budget"), min_value=0, max_digits=14, decimal_places=2,
                         required=False)  # fmt: skip
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    place = _provinces(_("Where it works"), _("Anywhere"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_of(cls, project: Project) -> dict[str, Any]:
        names = ("name", "donor", "starts_on", "ends_on", "budget", "currency", "version")
        return {**{n: getattr(project, n) for n in names}, "place": project.place_id}


class CampaignForm(_Period):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    place = _provinces(
        _("Where it runs"), _("The whole country"),
        _("A campaign of the whole country is seen, and can be joined, by every organiser."),
    )  # fmt: skip
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_of(cls, campaign: Campaign) -> dict[str, Any]:
        names = ("name", "description", "starts_on", "ends_on", "version")
        return {**{n: getattr(campaign, n) for n in names}, "place": campaign.place_id}


class TargetForm(forms.Form):
    province = _provinces(_("Province"), _("The whole"))
    measure = forms.ChoiceField(label=_("Measure"), choices=TargetMeasure.choices)
    sex = forms.ChoiceField(label=_("Sex"), required=False,
                            choices=[("", _("Everyone")), *Sex.choices])  # fmt: skip
    age_band = forms.ChoiceField(label=_("Age band"), required=False,
                                 choices=[("", _("Every age")), *AgeBand.choices])  # fmt: skip
    number = forms.IntegerField(label=_("Target"), min_value=1)


class DeleteForm(forms.Form):
    """The confirmation of a deletion: the version of the project or campaign that was shown
    (one changed since is not deleted)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
