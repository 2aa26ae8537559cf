"""Model and form fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

SEP = "|"


class CodeListField(models.CharField):
    """Several codes of one code list, stored as ``|A|B|`` so that one code is found with
    ``field__contains="|A|"`` on PostgreSQL and SQLite alike; read as a list of codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[str]:
        return [c for c in (value or "").split(SEP) if c]

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):
            return value
        return [c for c in (value or "").split(SEP) if c]

    def get_prep_value(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        codes = [str(c) for c in (value or []) if c]
        return f"{SEP}{SEP.join(codes)}{SEP}" if codes else ""

    def value_to_string(self, obj: Any) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs: Any) -> forms.Field:
        return forms.MultipleChoiceField(
            choices=self.choices or [],
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def validate(self, value: Any, model_instance: Any) -> None:
        allowed = {str(k) for k, _ in (self.choices or [])}
        for code in value or []:
            if allowed and code not in allowed:
                raise ValidationError(f"unknown code {code!r}")

    def contains(self, code: str) -> str:
        return f"{SEP}{code}{SEP}"
