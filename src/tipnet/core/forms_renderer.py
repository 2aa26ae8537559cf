"""Form widgets rendered through the templates (``TemplatesSetting``, so that
``templates/django/forms/`` overrides Django's), except the plain ``<input>`` boxes.

Django writes a text, password, e-mail, number, hidden, URL, telephone or search box through
three templates (the widget's, ``input.html``, ``attrs.html``: a loop and two conditions per
attribute), which costs a form page about 0.3 ms a box. This renderer writes the same HTML
directly, but only while those templates are Django's own: a project override of any of them
(as ``date.html`` is) is rendered by its template. ``core/tests/test_forms_renderer.py``
checks the HTML is the templates' to the byte.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import TemplatesSetting
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
INPUT_KINDS = ("text", "password", "email", "number", "hidden", "url", "tel", "search")
# Django's own templates, as this renderer writes them.
INCLUDE_INPUT = '{% include "django/forms/widgets/input.html" %}'
INPUT = (
    '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
    "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
    '{% include "django/forms/widgets/attrs.html" %}>'
)
ATTRS = (
    "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
    "{% endfor %}"
)


class QuickInputsRenderer(TemplatesSetting):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name in self.quick:
            return input_html(context["widget"])
        return super().render(template_name, context, request)

    @cached_property
    def quick(self) -> frozenset[str]:
        """The widget templates written here: none if input.html or attrs.html is not
        Django's, else each plain box whose template is Django's own."""
        if self._source("input.html") != INPUT or self._source("attrs.html") != ATTRS:
            return frozenset()
        return frozenset(
            WIDGETS + f"{kind}.html"
            for kind in INPUT_KINDS
            if self._source(f"{kind}.html") == INCLUDE_INPUT
        )

    def _source(self, name: str) -> str | None:
        try:
            template = self.get_template(WIDGETS + name)
        except TemplateDoesNotExist:
            return None
        return str(getattr(getattr(template, "template", None), "source", "")).strip()


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: escaped unless it was safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else str(conditional_escape(text))


def input_html(widget: dict[str, Any]) -> str:
    parts = [
        f'<input type="{conditional_escape(widget["type"])}"'
        f' name="{conditional_escape(widget["name"])}"'
    ]
    if widget["value"] != None:  # noqa: E711 (the template's comparison)
        parts.append(f' value="{_formatted(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is not False:
            parts.append(f" {conditional_escape(name)}")
            if value is not True:
                parts.append(f'="{_formatted(value)}"')
    parts.append(">")
    return "".join(parts)
