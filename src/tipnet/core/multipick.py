"""A searchable multi-select that needs no JavaScript framework.

The server renders a scrolling list of checkboxes, the chosen ones first: it works without
JavaScript (tick, scroll, no Ctrl-click). ``tipnet/multi-pick.js`` then adds a search box that
filters the list as one types (in either language, or by code, from each option's
``data-terms``) and the chosen options as removable chips above it. The CSP forbids inline
scripts: the page loads the script from static files, and its captions come in ``data-``
attributes, translated here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


class MultiPick(forms.CheckboxSelectMultiple):
    """``terms``: extra words each option is found by (its names in the other language)."""

    def __init__(self, attrs: dict[str, Any] | None = None, terms: Mapping[str, str] | None = None):
        super().__init__(attrs)
        self.terms: Mapping[str, str] = terms or {}

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_search" if id_ else ""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        base_id = final.pop("id", f"id_{name}")
        chosen = {str(v) for v in self.format_value(value)}
        options = [(str(key), str(label)) for key, label in self.choices if key not in ("", None)]
        # The chosen ones first: without JavaScript they are what the user looks for.
        options.sort(key=lambda option: option[0] not in chosen)
        items = format_html_join(
            "",
            '<li data-terms="{}"><label><input type="checkbox" name="{}" value="{}"{}> {}'
            "</label></li>",
            (
                (
                    f"{label} {self.terms.get(key, '')} {key}".casefold(),
                    name,
                    key,
                    " checked" if key in chosen else "",
                    label,
                )
                for key, label in options
            ),
        )
        captions = {
            "data-multi-pick": True,
            "data-remove": _("Remove %(item)s"),
            "data-none": _("None chosen"),
            "data-no-match": _("Nothing matches."),
        }
        return format_html(
            '<div class="multi-pick"{}>'
            '<input type="search" id="{}" class="multi-pick-search" hidden autocomplete="off"'
            ' placeholder="{}" aria-controls="{}">'
            '<ul class="multi-pick-options" id="{}" role="group">{}</ul></div>',
            flatatt({**final, **captions}),
            f"{base_id}_search",
            _("Type to find"),
            f"{base_id}_options",
            f"{base_id}_options",
            items,
        )
