from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.geo.models import CAMBODIA, Country
from tipnet.geo.widgets import Location, LocationField
from tipnet.people.models import Person


class PersonForm(forms.ModelForm):
    home = LocationField(label=_("Home place"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = [
            "name_km", "name_latin", "aliases", "gender", "date_of_birth", "estimated_age",
            "nationality", "home", "phone", "id_document_type", "id_number", "notes", "sensitivity",
        ]  # fmt: skip

    class Meta:
        model = Person
        fields = [
            "name_km",
            "name_latin",
            "aliases",
            "gender",
            "date_of_birth",
            "estimated_age",
            "nationality",
            "phone",
            "id_document_type",
            "id_number",
            "notes",
            "sensitivity",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "id_number": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].queryset = Country.objects.order_by("name_en")
        if self.instance.pk:
            self.initial["home"] = Location(self.instance.country, self.instance.place)
        else:
            self.initial["home"] = Location(Country.objects.filter(code=CAMBODIA).first(), None)
            self.initial.setdefault("nationality", CAMBODIA)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def clean_date_of_birth(self) -> date | None:
        dob = self.cleaned_data.get("date_of_birth")
        if dob and dob > date.today():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if dob and dob.year < 1900:
            raise forms.ValidationError(_("The date of birth is before 1900; check the year."))
        return dob

    def clean_estimated_age(self) -> int | None:
        age = self.cleaned_data.get("estimated_age")
        if age is not None and age > 120:
            raise forms.ValidationError(_("An age above 120 years is not possible."))
        return age

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("name_km") or "").strip() and not (data.get("name_latin") or "").strip():
            self.add_error(None, _("Give the name in Khmer script, in Latin letters, or both."))
        home = data.get("home")
        if isinstance(home, Location):
            data["country"], data["place"] = home.country, home.area
        if data.get("id_number") and not data.get("id_document_type"):
            self.add_error("id_document_type", _("Say which document this number belongs to."))
        return data
