"""Forms to correct or withdraw a step, a charge, a verdict or a person in a case: each
carries the version the user started from and asks why."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.cases.forms import CasePersonForm, ChargeForm, StepForm, VerdictForm
from tipnet.cases.models import ProceedingStep
from tipnet.geo.widgets import Location


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Why (kept with the entry)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was wrong, for whoever reads the case later."),
    )


def add_reason(form: forms.BaseForm, version: int) -> None:
    """The version the user started from (hidden) and why (required), last on the form."""
    form.fields["version"] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, initial=version
    )
    form.fields["reason"] = _reason_field()


class WithdrawForm(forms.Form):
    def __init__(self, *args: Any, entry: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_reason(self, entry.version)


class StepCorrectionForm(StepForm):
    """A step's fields, those of its kind only; the kind itself is not corrected (withdraw
    the step and record the right one)."""

    def __init__(self, *args: Any, step: ProceedingStep, **kwargs: Any) -> None:
        initial = {
            "date": step.date, "organisation": step.organisation_id, "officer": step.officer,
            "place": Location(None, step.place), "court_level": step.court_level,
            "outcome": step.outcome, "document_reference": step.document_reference,
        }  # fmt: skip
        super().__init__(*args, kind=step.kind, initial=initial, **kwargs)
        self.step = step
        del self.fields["kind"]
        add_reason(self, step.version)

    def clean(self) -> dict[str, Any]:
        self.cleaned_data["kind"] = self.step.kind
        data = super().clean()
        if isinstance(data.get("place"), Location):
            data["place"] = data["place"].area
        return data


class ChargeCorrectionForm(ChargeForm):
    # ``data`` only, not ``*args``: a positional ``initial`` would clash with the one given.
    def __init__(self, data: Any = None, *, charge: Any, **kwargs: Any) -> None:
        initial = {"offence": charge.offence_id, "charged_on": charge.charged_on}
        super().__init__(data, initial=initial, **kwargs)
        add_reason(self, charge.version)


class VerdictCorrectionForm(VerdictForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_reason(self, self.instance.version)


class LinkCorrectionForm(CasePersonForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_reason(self, self.instance.version)
