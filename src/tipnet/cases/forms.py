from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.fields import UserChoiceField, by_name
from tipnet.accounts.models import Organisation, User
from tipnet.accounts.roles import OrganisationKind
from tipnet.cases import codes
from tipnet.cases.models import Case, CaseDocument, CasePerson, Charge, Offence, TraffickingEvent
from tipnet.cases.stages import (
    AppealOutcome,
    CourtLevel,
    ProceedingKind,
    RefusedStep,
    Sentence,
    check_step_organisation,
    organisation_kinds,
    sentence_problems,
)
from tipnet.core.uploads import DOCUMENT_TYPES, checked_upload
from tipnet.core.widgets import AmountInput, QuickSelect
from tipnet.geo.models import CAMBODIA
from tipnet.geo.widgets import Location, LocationField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_future(value: date | None) -> date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return value


class CaseForm(forms.ModelForm):
    registered_in = LocationField(
        label=_("Registered in"),
        with_country=False,
        required=True,
        help_text=_("Where the case is registered: it decides the case number and who sees it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = [
            "title",
            "source",
            "source_reference",
            "reporting_organisation",
            "lead_officer",
            "reported_on",
            "incident_from",
            "incident_to",
            "exploitation_types",
            "industry",
            "methods_of_control",
            "recruitment_method",
            "recruitment_platforms",
            "narrative",
            "sensitivity",
        ]
        widgets = {
            "reported_on": DATE,
            "incident_from": DATE,
            "incident_to": DATE,
            "narrative": forms.Textarea(attrs={"rows": 5}),
            # Long lists (organisations, industries) render in one pass (core/widgets.py).
            "source": QuickSelect,
            "reporting_organisation": QuickSelect,
            "lead_officer": QuickSelect,
            "industry": QuickSelect,
            "recruitment_method": QuickSelect,
            "sensitivity": QuickSelect,
        }
        field_classes = {"lead_officer": UserChoiceField}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["reporting_organisation"]
        ).queryset = Organisation.objects.filter(is_active=True)
        self.fields["reporting_organisation"].required = False
        officers = User.objects.filter(is_active=True)
        if user is not None and user.organisation_id:
            officers = officers.filter(organisation_id=user.organisation_id)
        cast(forms.ModelChoiceField, self.fields["lead_officer"]).queryset = by_name(officers)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.initial["registered_in"] = Location(None, self.instance.place)
            self.fields["registered_in"].disabled = True
            self.fields["registered_in"].required = False
        else:
            self.initial.setdefault("reported_on", timezone.localdate())
            if user is not None:
                self.initial.setdefault("lead_officer", user.pk)
                if user.jurisdiction_id:
                    self.initial.setdefault("registered_in", Location(None, user.jurisdiction))

    def clean_reported_on(self) -> date | None:
        return _not_future(self.cleaned_data.get("reported_on"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end, reported = (
            data.get("incident_from"),
            data.get("incident_to"),
            data.get("reported_on"),
        )
        if start and end and start > end:
            self.add_error("incident_to", _("The incident cannot end before it starts."))
        if start and reported and start > reported:
            self.add_error("incident_from", _("The incident cannot start after it was reported."))
        location = data.get("registered_in")
        if not self.instance.pk and (not isinstance(location, Location) or location.area is None):
            self.add_error(
                "registered_in", _("Choose the province (at least) where the case is registered.")
            )
        return data


def shown_when(field: forms.Field, control: str, values: list[str], note: StrOrPromise) -> None:
    """Show ``field`` only while the form's ``control`` has one of ``values``: the page hides
    it with ``tipnet/shown-when.js``; without JavaScript it stays, with ``note`` saying when it
    counts, and the form's ``clean`` ignores it otherwise."""
    field.widget.attrs["data-shown-when"] = f"{control}={' '.join(values)}"
    field.widget.attrs["data-shown-note"] = note  # the page drops the note where it hides
    field.help_text = f"{field.help_text} {note}".strip() if field.help_text else note


VICTIM_FIELDS = ("trafficking_status", "status_decided_by", "age_when_exploited",
                 "relationship_to_trafficker")  # fmt: skip
SUSPECT_FIELDS = ("roles_in_process",)


class CasePersonForm(forms.ModelForm):
    """A person's part in a case: the role, then the fields of that role only (a victim's
    status and age, a suspect's part in the trafficking); the other roles' fields are ignored,
    never refused."""

    class Meta:
        model = CasePerson
        fields = ["role", *VICTIM_FIELDS, *SUSPECT_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.add_prefix("role")
        for name in VICTIM_FIELDS:
            shown_when(self.fields[name], role, [codes.CaseRole.VICTIM], _("For a victim."))
        for name in SUSPECT_FIELDS:
            shown_when(self.fields[name], role, [codes.CaseRole.SUSPECT], _("For a suspect."))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        role = data.get("role")
        if role != codes.CaseRole.VICTIM:
            for name in VICTIM_FIELDS:
                data[name] = None if name == "age_when_exploited" else ""
                self.errors.pop(name, None)  # a field of another role does not count
        if role != codes.CaseRole.SUSPECT:
            data["roles_in_process"] = []
            self.errors.pop("roles_in_process", None)
        if data.get("trafficking_status") and not data.get("status_decided_by"):
            self.add_error("status_decided_by", _("Say who decided the trafficking status."))
        return data


K = ProceedingKind
# Steps taken before a court, where the court's level is asked; the outcome only of an appeal.
COURT_LEVEL_STEPS = (K.TRIAL, K.APPEAL, K.APPEAL_DECIDED, K.FINAL)
OUTCOME_STEPS = (K.APPEAL_DECIDED,)


class StepForm(forms.Form):
    """A step of a suspect's proceedings. Given its ``kind`` (the case page's buttons give
    it), the form asks only what that kind of step has: no court or appeal outcome for an
    arrest, only organisations of the kind that takes it. Without a kind the user chooses one
    and the fields of other kinds are hidden on the page and ignored here."""

    kind = forms.ChoiceField(label=_("Step"), choices=ProceedingKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    organisation = forms.ModelChoiceField(
        label=_("Organisation (unit, prosecutor's office or court)"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
    )
    officer = forms.CharField(
        label=_("Officer, prosecutor or judge"), max_length=200, required=False
    )
    place = LocationField(label=_("Place"), with_country=False)
    court_level = forms.ChoiceField(
        label=_("Court"), choices=[("", "—"), *CourtLevel.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome of the appeal"),
        choices=[("", "—"), *AppealOutcome.choices],
        required=False,
    )
    document_reference = forms.CharField(
        label=_("Document reference"), max_length=120, required=False
    )

    def __init__(
        self,
        *args: Any,
        allowed: list[str] | None = None,
        kind: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if kind is not None:
            allowed = [kind]
        if allowed is not None:
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                (k, ProceedingKind(k).label) for k in allowed
            ]
            # Only organisations of a kind one of these steps may name (stages.py).
            field = cast(forms.ModelChoiceField, self.fields["organisation"])
            assert field.queryset is not None  # declared above
            field.queryset = field.queryset.filter(kind__in=organisation_kinds(allowed))
        self.fixed_kind = kind
        if kind is not None:
            self.fields["kind"].widget = forms.HiddenInput()
            self.initial["kind"] = kind
            takers = organisation_kinds([kind])
            labels = sorted(str(OrganisationKind(o).label) for o in takers)
            self.fields["organisation"].label = " / ".join(labels)
            if takers == {OrganisationKind.POLICE_UNIT}:
                self.fields["officer"].label = _("Police officer")
            elif takers == {OrganisationKind.COURT}:
                self.fields["officer"].label = _("Judge")
            if kind not in COURT_LEVEL_STEPS:
                del self.fields["court_level"]
            if kind not in OUTCOME_STEPS:
                del self.fields["outcome"]
        else:
            shown_when(
                self.fields["court_level"],
                self.add_prefix("kind"),
                list(COURT_LEVEL_STEPS),
                _("For a trial, an appeal or a final judgment."),
            )
            shown_when(self.fields["outcome"], self.add_prefix("kind"), list(OUTCOME_STEPS),
                       _("For an appeal decided."))  # fmt: skip

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        # The fields of another kind of step do not count (the page hides them).
        if "court_level" in self.fields and kind not in COURT_LEVEL_STEPS:
            data["court_level"] = ""
        if "outcome" in self.fields and kind not in OUTCOME_STEPS:
            data["outcome"] = ""
        organisation = data.get("organisation")
        if kind and organisation:
            try:
                check_step_organisation(kind, organisation.kind)
            except RefusedStep as refused:
                self.add_error("organisation", refused.message)
        if kind in OUTCOME_STEPS and not data.get("outcome"):
            self.add_error("outcome", _("Give the outcome of the appeal."))
        if kind in (K.APPEAL, K.APPEAL_DECIDED) and data.get("court_level") not in (
            CourtLevel.APPEAL,
            CourtLevel.SUPREME,
        ):
            self.add_error(
                "court_level", _("An appeal goes to the Court of Appeal or the Supreme Court.")
            )
        return data


class ChargeForm(forms.Form):
    offence = forms.ModelChoiceField(
        label=_("Offence"), queryset=Offence.objects.filter(is_active=True)
    )
    charged_on = forms.DateField(label=_("Charged on"), widget=DATE)


class VerdictForm(forms.ModelForm):
    class Meta:
        model = Charge
        fields = [
            "verdict",
            "verdict_on",
            "verdict_court",
            "prison_years",
            "prison_months",
            "prison_days",
            "suspended_years",
            "suspended_months",
            "suspended_days",
            "fine_amount",
            "fine_currency",
            "compensation_amount",
            "compensation_currency",
        ]
        widgets = {
            "verdict_on": DATE,
            "fine_amount": AmountInput,
            "compensation_amount": AmountInput,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("verdict", "verdict_on", "verdict_court"):
            self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for problem in sentence_problems(Sentence.of(data)):
            if self.errors.keys() & set(problem.fields):
                continue  # a field's own error (required, not a number) says it first
            where = problem.fields[0] if len(problem.fields) == 1 else None
            self.add_error(where, problem.message)
        return data


class EventForm(forms.ModelForm):
    where = LocationField(label=_("Where"), required=True)

    class Meta:
        model = TraffickingEvent
        fields = ["kind", "date_from", "date_to"]
        widgets = {"date_from": DATE, "date_to": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        where = data.get("where")
        if isinstance(where, Location):
            if where.country is None:
                self.add_error("where", _("Choose a country, or a place in Cambodia."))
            data["country"], data["area"] = where.country, where.area
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end is before the start."))
        return data


class DocumentForm(forms.ModelForm):
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))

    class Meta:
        model = CaseDocument
        fields = ["kind", "title"]

    def clean_file(self) -> Any:
        return checked_upload(
            self.cleaned_data["file"],
            DOCUMENT_TYPES,
            _("Only PDF, JPEG and PNG files are accepted."),
        )


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or title"), required=False, max_length=100)
    province = forms.ChoiceField(label=_("Province"), required=False, widget=QuickSelect)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    stage = forms.ChoiceField(label=_("Stage"), required=False, widget=QuickSelect)
    offence = forms.ModelChoiceField(
        label=_("Offence"), queryset=Offence.objects.all(), required=False, widget=QuickSelect
    )
    exploitation = forms.ChoiceField(label=_("Exploitation"), required=False, widget=QuickSelect)
    organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=QuickSelect,
    )
    officer = UserChoiceField(
        label=_("Lead officer"), queryset=User.objects.none(), required=False, widget=QuickSelect
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("-reported_on", _("Newest first")),
            ("reported_on", _("Oldest first")),
            ("number", _("Case number")),
            ("title", _("Title")),
        ],
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        from tipnet.accounts.access import organisation_ids
        from tipnet.cases.stages import Stage
        from tipnet.geo.models import Area, AreaLevel

        super().__init__(*args, **kwargs)
        # Officers of the user's own organisation (a unit chief filters by officer); nobody
        # gets a list of every officer in the country.
        orgs = organisation_ids(user) if user is not None else set()
        if orgs:
            cast(forms.ModelChoiceField, self.fields["officer"]).queryset = by_name(
                User.objects.filter(organisation_id__in=orgs, is_active=True)
            )
        else:
            del self.fields["officer"]
        cast(forms.ChoiceField, self.fields["province"]).choices = [("", "—")] + [
            (a.code, a.name) for a in Area.objects.filter(level=AreaLevel.PROVINCE)
        ]
        cast(forms.ChoiceField, self.fields["stage"]).choices = [("", "—"), *Stage.choices]
        cast(forms.ChoiceField, self.fields["exploitation"]).choices = [
            ("", "—"),
            *codes.ExploitationType.choices,
        ]


__all__ = ["CAMBODIA"]
