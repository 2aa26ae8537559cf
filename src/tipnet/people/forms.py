from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.core.multipick import MultiPick
from tipnet.core.uploads import IMAGE_TYPES, checked_upload
from tipnet.geo.models import CAMBODIA, Country
from tipnet.geo.widgets import Location, LocationField
from tipnet.people.models import DocumentKind, Person


class PersonForm(forms.ModelForm):
    home = LocationField(label=_("Home place"))
    other_nationalities = forms.MultipleChoiceField(
        label=_("Other nationalities"),
        required=False,
        widget=MultiPick,
    )
    # A new person's first document (held by them); the others, and every correction, on the
    # person's page (people/views_documents.py).
    id_document_type = forms.ChoiceField(
        label=_("Identity document"),
        required=False,
        choices=[("", "—"), *DocumentKind.choices],
    )
    id_number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    photo_upload = forms.FileField(label=_("Photo (JPEG or PNG)"), required=False)
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = [
        "name_km", "name_latin", "aliases", "gender", "date_of_birth", "estimated_age",
        "nationality", "other_nationalities", "languages", "home", "phone", "id_document_type",
        "id_number", "photo_upload", "remove_photo", "notes", "sensitivity",
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
            "languages",
            "phone",
            "notes",
            "sensitivity",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, asked_elsewhere: tuple[str, ...] = (), **kwargs: Any) -> None:
        """``asked_elsewhere``: fields the page asks once in another form (opening a protection
        case asks the home place and the sensitivity of the case, which are the person's)."""
        super().__init__(*args, **kwargs)
        for name in asked_elsewhere:
            del self.fields[name]
        cast(
            forms.ModelChoiceField, self.fields["nationality"]
        ).queryset = Country.objects.order_by("name_en")
        countries = list(Country.objects.order_by("name_en"))
        cast(forms.ChoiceField, self.fields["other_nationalities"]).choices = [
            (c.code, str(c)) for c in countries
        ]
        # Found by either name whatever the page's language, and by ISO code.
        cast(MultiPick, self.fields["other_nationalities"].widget).terms = {
            c.code: f"{c.name_en} {c.name_km} {c.alpha3}" for c in countries
        }
        if self.instance.pk:  # documents are kept on the person's page
            del self.fields["id_document_type"], self.fields["id_number"]
            # Not a model field of the form: without this an edit emptied them.
            self.initial.setdefault("other_nationalities", list(self.instance.other_nationalities))
        if not (self.instance.pk and self.instance.photo):
            del self.fields["remove_photo"]
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

    def clean_photo_upload(self) -> Any:
        upload = self.cleaned_data.get("photo_upload")
        if not upload:
            return None
        return checked_upload(upload, IMAGE_TYPES, _("A photo must be a JPEG or PNG image."))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("name_km") or "").strip() and not (data.get("name_latin") or "").strip():
            self.add_error(None, _("Give the name in Khmer script, in Latin letters, or both."))
        home = data.get("home")
        if isinstance(home, Location):
            data["country"], data["place"] = home.country, home.area
        upload = data.get("photo_upload")
        if upload:
            data["photo"], data["photo_type"] = upload.read(), upload.detected_type
        elif data.get("remove_photo"):
            data["photo"], data["photo_type"] = None, ""
        if data.get("id_number") and not data.get("id_document_type"):
            self.add_error("id_document_type", _("Say which document this number belongs to."))
        return data
