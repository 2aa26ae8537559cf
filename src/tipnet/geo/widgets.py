"""The one location picker: a country, and inside Cambodia province -> district -> commune ->
village, searchable in both scripts. Used by every form that asks for a place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tipnet.geo.models import CAMBODIA, Area, AreaLevel, Country

LEVEL_KEYS = ("province", "district", "commune", "village")


@dataclass(frozen=True)
class Location:
    """A place: a country, and for Cambodia optionally an area of the gazetteer."""

    country: Country | None
    area: Area | None

    def __str__(self) -> str:
        if self.area is not None:
            return self.area.full_name()
        return str(self.country or "")

    @property
    def is_empty(self) -> bool:
        return self.country is None and self.area is None


class PlacePicker(forms.Widget):
    template_name = "geo/place_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, with_country: bool = True) -> None:
        super().__init__(attrs)
        self.with_country = with_country

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        chosen = [str(data.get(f"{name}_{k}") or "").strip() for k in LEVEL_KEYS]
        country = str(data.get(f"{name}_country") or "").strip()
        return {"country": country, "areas": [c for c in chosen if c]}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        keys = [f"{name}_{k}" for k in (*LEVEL_KEYS, "country")]
        return not any(k in data for k in keys)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        area, country = _initial(value)
        chain = area.path.split(".") if area else []
        levels, parent = [], None
        for i, key in enumerate(LEVEL_KEYS):
            if i == 0:
                options = Area.objects.filter(level=AreaLevel.PROVINCE)
            else:
                options = Area.objects.filter(parent_id=parent) if parent else Area.objects.none()
            selected = chain[i] if i < len(chain) else ""
            rows = options.values_list("code", "name_km", "name_en")
            levels.append({"key": key, "label": AreaLevel(i + 1).label,
                           "options_html": _options(rows, selected)})  # fmt: skip
            parent = selected or None
        country = country or (CAMBODIA if area else "")
        countries = (
            _options(Country.objects.order_by("name_en").values_list("code", "name_km", "name_en"),
                     country)
            if self.with_country
            else ""
        )  # fmt: skip
        context["widget"].update(
            levels=levels,
            with_country=self.with_country,
            countries_html=countries,
            country=country,
            cambodia=CAMBODIA,
        )
        return context


def _options(rows: Any, selected: str) -> SafeString:
    """The ``<option>`` elements of a level or of the countries, written in one pass (through
    the template engine, 250 countries cost more than the rest of a form)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{} / {}</option>',
        ((code, " selected" if code == selected else "", km, en) for code, km, en in rows),
    )


def _initial(value: Any) -> tuple[Area | None, str]:
    """(area, country code) from whatever the form holds: a Location, a submitted dict,
    an Area or an area code."""
    if isinstance(value, Location):
        return value.area, value.country.code if value.country else ""
    if isinstance(value, dict):
        codes = value.get("areas") or []
        area = Area.objects.filter(code=codes[-1]).first() if codes else None
        return area, value.get("country", "")
    if isinstance(value, Area):
        return value, CAMBODIA
    if value:
        return Area.objects.filter(code=str(value)).first(), CAMBODIA
    return None, ""


class LocationField(forms.Field):
    """A country, or a place in Cambodia at any level (the deepest level chosen wins)."""

    widget = PlacePicker
    default_error_messages = {
        "inconsistent": _(
            "The province, district, commune and village chosen do not belong together."
        ),
        "unknown_area": _("This place is not in the gazetteer. Choose it again from the lists."),
        "unknown_country": _("This country is not in the list. Choose it again."),
        "foreign_area": _("A place in Cambodia was chosen but the country is not Cambodia."),
        "required": _("Choose a country, or a place in Cambodia."),
    }  # fmt: skip

    def __init__(self, *, with_country: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", PlacePicker(with_country=with_country))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Location:
        if isinstance(value, Location):
            return value
        value = value or {}
        codes: list[str] = list(value.get("areas") or [])
        country_code = str(value.get("country") or "")
        area = None
        if codes:
            area = Area.objects.filter(code=codes[-1]).first()
            if area is None:
                raise ValidationError(self.error_messages["unknown_area"], code="unknown_area")
            if not set(codes) <= set(area.path.split(".")):
                raise ValidationError(self.error_messages["inconsistent"], code="inconsistent")
        country = None
        if country_code:
            country = Country.objects.filter(code=country_code).first()
            if country is None:
                raise ValidationError(
                    self.error_messages["unknown_country"], code="unknown_country"
                )
        if area is not None:
            if country is not None and country.code != CAMBODIA:
                raise ValidationError(self.error_messages["foreign_area"], code="foreign_area")
            country = country or Country.objects.filter(code=CAMBODIA).first()
        return Location(country=country, area=area)

    def validate(self, value: Location) -> None:
        if self.required and value.is_empty:
            raise ValidationError(self.error_messages["required"], code="required")
