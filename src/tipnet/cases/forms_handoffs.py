"""Forms of the hand-offs: referring a child from a case, asking to link a case by number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipnet.cases.handoff_rules import MIN_REASON


class ReferChildForm(forms.Form):
    victim = forms.TypedChoiceField(label=_("Child"), coerce=int)
    to_organisation = forms.TypedChoiceField(
        label=_("Social services organisation"), coerce=int,
        help_text=_("From the service directory: organisations that offer a service where the "
                    "case is."),
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason for the referral"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=MIN_REASON,
        max_length=2000,
        help_text=_(
            "All the receiving organisation sees until it records the guardian's consent: why "
            "the child needs care, and how to reach the family or the officer."
        ),
    )
    referred_on = forms.DateField(
        label=_("Referred on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, data: Any = None, *, children: list[tuple[int, str]], receivers: list[Any]
    ) -> None:
        super().__init__(data, initial={"referred_on": timezone.localdate()})
        self.fields["victim"].choices = children  # type: ignore[attr-defined]
        self.fields["to_organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose an organisation")),
            *[(org.pk, label) for org, label in receivers],
        ]


class LinkRequestForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        help_text=_("Exactly as the case's organisation gave it, for example 01-2026-00012."),
    )
    note = forms.CharField(
        label=_("Why the cases belong together"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the case's organisation only, to help it answer."),
    )
