"""The form of one identity document, on the person's page."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.core.widgets import QuickSelect
from tipnet.geo.models import Country
from tipnet.people.documents import document_problems
from tipnet.people.models import IdentityDocument, Person


class DocumentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = IdentityDocument
        fields = [
            "kind", "number", "issuing_country", "issued_on", "expires_on", "holder",
            "holder_name",
        ]  # fmt: skip
        widgets = {
            "number": forms.TextInput(attrs={"autocomplete": "off"}),
            "holder_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "issuing_country": QuickSelect,
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "holder": forms.RadioSelect,
        }
        help_texts = {
            "holder_name": _("When a broker, an employer or someone else holds it: their name."),
        }

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        field = cast(forms.ModelChoiceField, self.fields["issuing_country"])
        field.queryset = Country.objects.order_by("name_en")
        if not self.instance.pk:
            self.initial.setdefault("issuing_country", "KH")
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name, message in document_problems(
            data, self.person.date_of_birth, date.today()
        ).items():
            self.add_error(name, message)
        return data
