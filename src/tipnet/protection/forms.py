"""Forms of victim protection; cross-record rules stay in rules.py, called by services.py."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.fields import UserChoiceField, by_name
from tipnet.accounts.models import Organisation, User
from tipnet.geo.models import CAMBODIA, Area, AreaLevel, Country
from tipnet.geo.widgets import Location, LocationField
from tipnet.protection import codes
from tipnet.protection.models import (
    Assessment,
    CarePlan,
    Consent,
    Identification,
    ProtectionCase,
    Return,
    ServiceOffering,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


def _not_future(value: date | None) -> date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return value


class CaseForm(forms.ModelForm):
    home = LocationField(
        label=_("Home place"),
        with_country=False,
        help_text=_("Where the person lives: it decides which authorities see the case."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProtectionCase
        fields = ["category", "source", "source_details", "opened_on", "case_worker",
                  "sensitivity"]  # fmt: skip
        widgets = {"opened_on": DATE, "source_details": TEXT}
        field_classes = {"case_worker": UserChoiceField}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = User.objects.filter(is_active=True)
        org = self.instance.owner_organisation_id if self.instance.pk else None
        org = org or (user.organisation_id if user is not None else None)
        # With no organisation, the workers without one (what a lookup on None selects).
        if org is None:
            workers = workers.filter(organisation__isnull=True)
        else:
            workers = workers.filter(organisation_id=org)
        cast(forms.ModelChoiceField, self.fields["case_worker"]).queryset = by_name(workers)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.initial["home"] = Location(None, self.instance.place)
            self.fields["opened_on"].disabled = True
        else:
            self.initial.setdefault("opened_on", timezone.localdate())
            if user is not None:
                self.initial.setdefault("case_worker", user.pk)

    def clean_opened_on(self) -> date | None:
        return _not_future(self.cleaned_data.get("opened_on"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        home = data.get("home")
        data["place"] = home.area if isinstance(home, Location) else None
        if not self.instance.pk and data["place"] is None and not self.fields["home"].disabled:
            self.add_error("home", _("Choose at least the province where the person lives."))
        return data


# Opening a case for someone new asks these once, on the case: they are the person's too.
PERSON_FROM_CASE = ("home", "sensitivity")


def new_person_data(person_form: forms.Form, case_form: CaseForm) -> dict[str, Any]:
    """The new person's entries, living at the case's home place (in Cambodia), as sensitive
    as the case."""
    case = case_form.cleaned_data
    return {**person_form.cleaned_data, "country": Country.objects.get(code=CAMBODIA),
            "place": case["place"], "sensitivity": case["sensitivity"]}  # fmt: skip


class IdentificationForm(forms.ModelForm):
    class Meta:
        model = Identification
        fields = ["identified_on", "organisation", "officer", "procedure", "result", "notes"]
        widgets = {"identified_on": DATE, "notes": TEXT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.filter(is_active=True)

    def clean_identified_on(self) -> date | None:
        return _not_future(self.cleaned_data.get("identified_on"))


CHECKLIST = ["informed_purpose", "informed_use", "informed_sharing", "informed_retention",
             "informed_withdrawal"]  # fmt: skip


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["given_on", "given_by", "guardian_name", *CHECKLIST, "purposes", "categories",
                  "retain_until"]  # fmt: skip
        widgets = {"given_on": DATE, "retain_until": DATE,
                   "guardian_name": forms.TextInput(attrs={"autocomplete": "off"})}  # fmt: skip

    def __init__(self, *args: Any, case: ProtectionCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["purposes"].required = True

    def clean_given_on(self) -> date | None:
        return _not_future(self.cleaned_data.get("given_on"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if any(not data.get(name) for name in CHECKLIST):
            self.add_error(None, _("Consent is informed only when every point of the checklist "
                                   "was explained: tick each one."))  # fmt: skip
        given_by = data.get("given_by")
        age = self.case.person.age(data.get("given_on"))
        if given_by == codes.GivenBy.PERSON and age is not None and age < 18:
            self.add_error("given_by", _("A child's consent is given by a parent or guardian."))
        if given_by and given_by != codes.GivenBy.PERSON and not data.get("guardian_name"):
            self.add_error("guardian_name", _("Give the name of the parent or guardian."))
        retain, given = data.get("retain_until"), data.get("given_on")
        if retain and given and retain < given:
            self.add_error("retain_until", _("This is before the consent was given."))
        return data


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=TEXT, max_length=2000)


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["level", "assessed_on", "risk", "needs", "findings"]
        widgets = {"assessed_on": DATE, "findings": TEXT}

    def clean_assessed_on(self) -> date | None:
        return _not_future(self.cleaned_data.get("assessed_on"))


class CarePlanForm(forms.ModelForm):
    class Meta:
        model = CarePlan
        fields = ["plan_type", "objectives", "actions", "responsible", "planned_start",
                  "planned_end", "actual_start", "actual_end"]  # fmt: skip
        widgets = {"objectives": TEXT, "actions": TEXT, "planned_start": DATE,
                   "planned_end": DATE, "actual_start": DATE, "actual_end": DATE}  # fmt: skip

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, _("The end is before the start."))
        for name in ("actual_start", "actual_end"):
            if data.get(name) and data[name] > timezone.localdate():
                self.add_error(name, _("An actual date cannot be in the future."))
        return data


class CarePlanProgressForm(forms.ModelForm):
    """When the plan actually started and ended, recorded as it happens."""

    class Meta:
        model = CarePlan
        fields = ["actual_start", "actual_end"]
        widgets = {"actual_start": DATE, "actual_end": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("actual_start"), data.get("actual_end")
        if start and end and end < start:
            self.add_error("actual_end", _("The end is before the start."))
        if end and not start:
            self.add_error("actual_start", _("Give the start before the end."))
        for name in ("actual_start", "actual_end"):
            if data.get(name) and data[name] > timezone.localdate():
                self.add_error(name, _("An actual date cannot be in the future."))
        return data


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"))
    on = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["stage"]).choices = [
            (s, codes.Stage(s).label) for s in allowed
        ]


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closure"), choices=codes.ClosureReason.choices)
    on = forms.DateField(label=_("Closed on"), widget=DATE)
    note = forms.CharField(label=_("Closure note"), widget=TEXT, required=False, max_length=4000)


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=codes.ReferralKind.choices)
    offering = forms.ModelChoiceField(
        label=_("Service (from the directory)"), queryset=ServiceOffering.objects.none(),
        required=False,
    )  # fmt: skip
    to_organisation = forms.ModelChoiceField(
        label=_("Organisation taking over the case (transfer)"),
        queryset=Organisation.objects.none(), required=False,
    )  # fmt: skip
    reason = forms.ChoiceField(label=_("Reason"), choices=codes.ReferralReason.choices)
    shared = forms.MultipleChoiceField(
        label=_("Data to share"), choices=codes.DataCategory.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    details = forms.CharField(
        label=_("Details and arrangements"), widget=TEXT, required=False, max_length=4000
    )
    requested_on = forms.DateField(
        label=_("Made on"), widget=DATE, required=False,
        help_text=_("The day the referral was made: a referral made on paper keeps its date."),
    )  # fmt: skip

    def __init__(self, *args: Any, case: ProtectionCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requested_on"].initial = timezone.localdate()
        others = Organisation.objects.filter(is_active=True).exclude(pk=case.owner_organisation_id)
        cast(forms.ModelChoiceField, self.fields["to_organisation"]).queryset = others
        cast(
            forms.ModelChoiceField, self.fields["offering"]
        ).queryset = ServiceOffering.objects.filter(
            is_active=True, organisation__in=others
        ).select_related("organisation", "area")

    def clean_requested_on(self) -> date:
        return _not_future(self.cleaned_data.get("requested_on")) or timezone.localdate()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == codes.ReferralKind.REFERRAL:
            if not data.get("offering"):
                self.add_error("offering", _("Choose the service the person is referred to."))
            else:
                data["to_organisation"] = data["offering"].organisation
        elif data.get("kind") == codes.ReferralKind.TRANSFER and not data.get("to_organisation"):
            self.add_error("to_organisation", _("Choose the organisation taking over the case."))
        return data


class AnswerForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note or outcome"), widget=TEXT, required=False, max_length=500)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=codes.VisitOutcome.choices)
    notes = forms.CharField(label=_("Notes"), widget=TEXT, required=False, max_length=4000)


class ReturnForm(forms.ModelForm):
    class Meta:
        model = Return
        fields = ["kind", "returned_on", "from_country", "border_point", "assisted_by"]
        widgets = {"returned_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["from_country"]
        ).queryset = Country.objects.exclude(code="KH").order_by("name_en")

    def clean_returned_on(self) -> date | None:
        return _not_future(self.cleaned_data.get("returned_on"))


class LinkCaseForm(forms.Form):
    number = forms.CharField(label=_("Criminal case number"), max_length=20)


def _provinces() -> list[tuple[str, str]]:
    return [("", "—")] + [(a.code, a.name) for a in Area.objects.filter(level=AreaLevel.PROVINCE)]


class DirectoryFilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service"]).choices = [
            ("", "—"),
            *codes.Service.choices,
        ]
        cast(forms.ChoiceField, self.fields["province"]).choices = _provinces()


class CaseFilterForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    mine = forms.BooleanField(label=_("Only my cases"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["stage"]).choices = [("", "—"), *codes.Stage.choices]
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", "—"),
            *codes.Category.choices,
        ]


class IndicatorFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year opened"), required=False, min_value=1990,
                              max_value=2100)  # fmt: skip
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["province"]).choices = _provinces()
