"""Forms of the village register: pickers rather than typing (phones), dates native."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.community import codes
from tipnet.community.models import MigrantContact, MigrantReturn, MigrationRecord
from tipnet.geo.models import Area, AreaLevel, Country
from tipnet.people.models import Gender

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PHONE = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})
MONEY = forms.TextInput(attrs={"inputmode": "decimal"})


def villages_of(user: Any) -> Any:
    """The villages a user records in: their own, or those of their commune (or wider)."""
    villages = Area.objects.filter(level=AreaLevel.VILLAGE)
    if user.jurisdiction_id is None:
        return villages.none()  # a national user keeps no village's register
    path = user.jurisdiction.path
    return villages.filter(path__startswith=path + ".") | villages.filter(path=path)


class MigrantForm(forms.ModelForm):
    name_km = forms.CharField(label=_("Name in Khmer script"), max_length=200, required=False)
    name_latin = forms.CharField(label=_("Name in Latin letters"), max_length=200, required=False)
    gender = forms.ChoiceField(label=_("Sex / gender"), choices=Gender.choices,
                               initial=Gender.UNKNOWN)  # fmt: skip
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    estimated_age = forms.IntegerField(
        label=_("Estimated age (years)"), required=False, min_value=0, max_value=120,
        help_text=_("When the date of birth is not known."),
    )  # fmt: skip
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False, widget=PHONE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = [
        "name_km", "name_latin", "gender", "date_of_birth", "estimated_age", "phone", "place",
    ]  # fmt: skip

    class Meta:
        model = MigrationRecord
        fields = list(MigrationRecord.FIELDS)
        widgets = {
            "departed_on": DATE, "planned_return_on": DATE, "amount_paid": MONEY,
            "debt_amount": MONEY, "family_contact_phone": PHONE,
            "employer": forms.TextInput(), "family_contact_name": forms.TextInput(),
            "companions_note": forms.Textarea(attrs={"rows": 2}),
        }  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place = cast(forms.ModelChoiceField, self.fields["place"])
        place.queryset = villages_of(user).order_by("code")
        place.empty_label = None
        country = cast(forms.ModelChoiceField, self.fields["destination_country"])
        country.queryset = Country.objects.order_by("name_en")

    @staticmethod
    def initial_of(record: MigrationRecord) -> dict[str, Any]:
        person = record.person
        initial = {name: getattr(record, name) for name in MigrationRecord.FIELDS}
        initial.update(
            name_km=person.name_km, name_latin=person.name_latin, gender=person.gender,
            date_of_birth=person.date_of_birth, estimated_age=person.estimated_age,
            phone=person.phone, version=record.version,
        )  # fmt: skip
        return initial


class ContactForm(forms.ModelForm):
    class Meta:
        model = MigrantContact
        fields = ["contacted_on", "reached", "situation", "note"]
        widgets = {"contacted_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        situation = cast(forms.ChoiceField, self.fields["situation"])
        situation.choices = [("", "—"), *codes.Situation.choices]


class ReturnForm(forms.ModelForm):
    class Meta:
        model = MigrantReturn
        fields = ["returned_on", "how", "situation", "note"]
        widgets = {"returned_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
