"""The one location picker: province -> district -> commune -> village, searchable in both
scripts; used by every form that asks for a place (with a country field beside it)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tipnet.geo.models import Area, AreaLevel

LEVEL_KEYS = ("province", "district", "commune", "village")


class PlacePicker(forms.Widget):
    template_name = "geo/place_picker.html"

    class Media:
        js = ("tipnet/place-picker.js",)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        chosen = [str(data.get(f"{name}_{k}") or "").strip() for k in LEVEL_KEYS]
        chosen = [c for c in chosen if c]
        if not chosen:
            return str(data.get(name) or "").strip() or None
        return ",".join(chosen)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}_{k}" in data for k in LEVEL_KEYS)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        code = str(value or "")
        area = Area.objects.filter(code=code).first() if code else None
        chain = area.path.split(".") if area else []
        levels = []
        parent: str | None = None
        for i, key in enumerate(LEVEL_KEYS):
            if i == 0:
                options = Area.objects.filter(level=AreaLevel.PROVINCE)
            elif parent:
                options = Area.objects.filter(parent_id=parent)
            else:
                options = Area.objects.none()
            selected = chain[i] if i < len(chain) else ""
            levels.append(
                {
                    "key": key,
                    "label": AreaLevel(i + 1).label,
                    "options": list(options),
                    "selected": selected,
                }
            )
            parent = selected or None
        context["widget"]["levels"] = levels
        return context


class PlaceField(forms.ModelChoiceField):
    """A Cambodian place at any level; the deepest level chosen wins."""

    widget = PlacePicker

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Area.objects.all())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        chosen = [c for c in str(value or "").split(",") if c]
        if not chosen:
            return None
        area = super().to_python(chosen[-1])
        if area is not None and not set(chosen) <= set(area.path.split(".")):
            raise ValidationError(
                _("The province, district, commune and village chosen do not belong together."),
                code="inconsistent",
            )
        return area
