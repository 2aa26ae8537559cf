"""Forms of prevention work: the activity (with its grid of participant counts), a known
participant, the filters of the list and the reach page."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.models import Organisation
from tipnet.core.multipick import MultiPick
from tipnet.core.numbers import ascii_digits
from tipnet.geo.models import Area, AreaLevel
from tipnet.geo.widgets import Location, LocationField
from tipnet.prevention.codes import AgeBand, ParticipantRole, Sex
from tipnet.prevention.models import (
    Activity,
    ActivityType,
    Campaign,
    Group,
    KnownParticipant,
    Project,
    Topic,
)
from tipnet.prevention.models_campaigns import Currency
from tipnet.prevention.models_network import COMMITTEE_KINDS
from tipnet.prevention.rules import Cell

AGE_BANDS: list[tuple[str, Any]] = [(str(k), v) for k, v in AgeBand.choices]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AmountField(forms.DecimalField):
    """An amount of money, written with Khmer or ASCII digits and an optional thousands
    separator: a text input (a number input would refuse both in the browser), with the
    phone's decimal keypad."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):  # number-input attributes: not on a text input
            attrs.pop(name, None)
        return attrs

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = ascii_digits(value).replace(",", "").replace(" ", "").strip()
        return super().to_python(value)


def cell_name(role: str, sex: str, band: str) -> str:
    return f"n_{role}_{sex}_{band}"


class ActivityForm(forms.Form):
    kind = forms.ModelChoiceField(ActivityType.objects.filter(is_active=True),
                                  label=_("Activity type"))  # fmt: skip
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1)
    where = LocationField(label=_("Place"), with_country=False, required=True)
    venue = forms.CharField(
        label=_("Venue"), max_length=200, required=False,
        help_text=_("A school, pagoda or commune hall at that place."),
    )  # fmt: skip
    project = forms.ModelChoiceField(Project.objects.none(), label=_("Project or donor programme"),
                                     required=False)  # fmt: skip
    campaign = forms.ModelChoiceField(
        Campaign.objects.none(), label=_("Campaign"), required=False,
        help_text=_("A campaign groups the activities of many organisations across provinces."),
    )  # fmt: skip
    group = forms.ModelChoiceField(
        Group.objects.none(), label=_("Group"), required=False,
        help_text=_("The Child Peer Group, Child Protection Network or volunteer network."),
    )  # fmt: skip
    committee = forms.ModelChoiceField(
        Organisation.objects.none(), label=_("Meeting of the committee"), required=False,
        help_text=_("For a meeting of your committee, task force or multidisciplinary team."),
    )  # fmt: skip
    partners = forms.ModelMultipleChoiceField(
        Organisation.objects.filter(is_active=True), label=_("Partner organisations"),
        required=False, widget=MultiPick,
    )  # fmt: skip
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.filter(is_active=True), label=_("Topics"), required=False,
        widget=MultiPick,
    )  # fmt: skip
    target_group = forms.CharField(label=_("Target group"), max_length=200, required=False)
    facilitators = forms.CharField(label=_("Facilitators"), max_length=300, required=False)
    materials = forms.CharField(label=_("Materials distributed"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    decisions = forms.CharField(label=_("Decisions"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    budget_spent = AmountField(label=_("Budget spent"), required=False, min_value=0,
                               max_digits=14, decimal_places=2)  # fmt: skip
    budget_currency = forms.ChoiceField(
        label=_("Currency"), choices=Currency.choices, initial=Currency.USD, required=False
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisation_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in choices_for(organisation_id, self.initial).items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
            # A select with nothing to choose only takes room (on a phone above all).
            if not queryset.exists():
                del self.fields[name]
        self.cells: dict[Cell, int] = {}
        self.cell_errors: list[str] = []
        self.raw: dict[str, str] = {}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        where = data.get("where")
        data["place"] = where.area if isinstance(where, Location) else None
        data["budget_currency"] = data.get("budget_currency") or Currency.USD
        for role in ParticipantRole.values:
            for sex in Sex.values:
                for band in AgeBand.values:
                    name = cell_name(role, sex, band)
                    text = ascii_digits(str(self.data.get(name, "") or "")).strip()
                    self.raw[name] = text
                    if not text:
                        continue
                    if not text.isdigit():
                        self.cell_errors.append(name)
                        continue
                    self.cells[(sex, band, role)] = int(text)
        if self.cell_errors:
            raise forms.ValidationError(
                _("Participant counts are whole numbers, zero or more: correct the marked cells.")
            )
        return data

    @classmethod
    def initial_of(cls, activity: Activity) -> dict[str, Any]:
        initial = {name: getattr(activity, name) for name in Activity.FIELDS}
        initial.update(where=Location(None, activity.place), version=activity.version,
                       partners=list(activity.partners.all()),
                       topics=list(activity.topics.all()))  # fmt: skip
        return initial


CAMPAIGNS_SHOWN_DAYS = 366


def choices_for(organisation_id: int | None, initial: Mapping[str, Any]) -> dict[str, Any]:
    """What the organiser may link an activity to: its own projects and active groups, the
    campaigns of the past year (a campaign gathers the work of many organisations), and the
    committees it is or holds (a provincial committee records its own meetings and those of
    its task forces and multidisciplinary teams). An activity keeps what it is linked to (a
    group since closed, an older campaign)."""

    def kept(name: str) -> Q:
        current = initial.get(name)
        return Q(pk=current.pk) if current is not None else Q(pk__in=[])

    since = timezone.localdate() - timedelta(days=CAMPAIGNS_SHOWN_DAYS)
    return {
        "project": Project.objects.filter(owner_organisation_id=organisation_id),
        "campaign": Campaign.objects.filter(Q(ends_on__gte=since) | kept("campaign")).order_by(
            "-starts_on", "id"
        ),
        "group": Group.objects.filter(
            Q(is_active=True) | kept("group"), owner_organisation_id=organisation_id
        ),
        "committee": Organisation.objects.filter(
            Q(pk=organisation_id) | Q(parent_id=organisation_id),
            Q(is_active=True) | kept("committee"),
            kind__in=COMMITTEE_KINDS,
        ),
    }


def grid(form: ActivityForm, activity: Activity | None = None) -> list[dict[str, Any]]:
    """The participant grid: per role a table of sex x age band inputs with their values."""
    stored: dict[str, str] = {}
    if activity is not None and not form.is_bound:
        for c in activity.counts.all():
            stored[cell_name(c.role, c.sex, c.age_band)] = str(c.count)
    values = form.raw if form.is_bound else stored
    out = []
    for role, role_label in ParticipantRole.choices:
        rows: list[dict[str, Any]] = []
        for sex, sex_label in Sex.choices:
            cells = [
                {"name": cell_name(role, sex, band), "label": f"{role_label}, {sex_label}, "
                 f"{band_label}", "value": values.get(cell_name(role, sex, band), ""),
                 "error": cell_name(role, sex, band) in form.cell_errors}
                        for band, band_label in AGE_BANDS
            ]  # fmt: skip
            rows.append({"label": sex_label, "cells": cells})
        used = any(c["value"] not in ("", "0") or c["error"] for c in _cells(rows))
        out.append({"role": role, "label": role_label, "rows": rows, "open": used})
    return out


def _cells(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for r in rows for c in r["cells"]]


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = KnownParticipant
        fields = ["name", "sex", "birth_year", "age_band", "role", "affiliation"]


class AttendanceForm(forms.Form):
    participant = forms.ModelChoiceField(KnownParticipant.objects.none(),
                                         label=_("Known participant"))  # fmt: skip

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = choices[0]
        field.label_from_instance = choices[1]  # type: ignore[method-assign]


def _provinces() -> list[tuple[str, str]]:
    return [("", "—")] + [(a.code, a.name) for a in Area.objects.filter(level=AreaLevel.PROVINCE)]


def _kinds() -> list[tuple[str, str]]:
    return [("", "—")] + [(t.code, str(t)) for t in ActivityType.objects.all()]


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Activity type"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kinds()  # type: ignore[attr-defined]
        self.fields["province"].choices = _provinces()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class ScoresForm(forms.Form):
    """A participant's pre- and post-test scores (the range is the rules' to refuse)."""

    pre = forms.IntegerField(label=_("Pre-test score"), required=False)
    post = forms.IntegerField(label=_("Post-test score"), required=False)
