"""Forms to correct or withdraw an identification, an assessment or a care plan, and to
reopen a closed case: each carries the version the user started from and asks why."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipnet.protection.forms import DATE, AssessmentForm, CarePlanForm, IdentificationForm


def add_reason(form: forms.BaseForm, version: int) -> None:
    """The version the user started from (hidden) and why (required), last on the form."""
    form.fields["version"] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, initial=version
    )
    form.fields["reason"] = forms.CharField(
        label=_("Why (kept with the entry)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was wrong, for whoever reads the case later."),
    )


class WithdrawEntryForm(forms.Form):
    def __init__(self, *args: Any, entry: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_reason(self, entry.version)


class IdentificationCorrectionForm(IdentificationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_reason(self, self.instance.version)


class AssessmentCorrectionForm(AssessmentForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_reason(self, self.instance.version)


class CarePlanCorrectionForm(CarePlanForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_reason(self, self.instance.version)


class ReopenForm(forms.Form):
    on = forms.DateField(label=_("Reopened on"), widget=DATE)
    reason = forms.CharField(
        label=_("Why the case is reopened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the case and in the audit trail."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = case.version
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self) -> date | None:
        value = self.cleaned_data.get("on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return value
