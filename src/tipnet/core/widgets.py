"""Select boxes rendered in one pass.

Django renders every ``<option>`` through its own template include, which costs more than the
rest of a list page once a filter offers a hundred organisations. These widgets write the same
HTML (the attributes Django would give the ``<select>``, the selected options) directly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class QuickSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    "" if key is None else key,
                    " selected" if str("" if key is None else key) in chosen else "",
                    label,
                )
                for key, label in self._flat_choices()
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)

    def _flat_choices(self) -> list[tuple[Any, Any]]:
        out: list[tuple[Any, Any]] = []
        for key, label in self.choices:
            if isinstance(label, (list, tuple)):  # a group: its options, flattened
                out.extend(label)
            else:
                out.append((getattr(key, "value", key), label))
        return out


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    allow_multiple_selected = True


class AmountInput(forms.TextInput):
    """An amount of money: a text box with the phone's number keyboard, so that "20,000,000" and
    Khmer digits may be typed (the field reads both, ``core/numbers.py``); shown grouped."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            amount = Decimal(value)
            return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
        return super().format_value(value)
