"""The plain input boxes are written directly (core/forms_renderer.py), to the byte as Django's
templates write them, and only while those templates are Django's own."""

from __future__ import annotations

import copy

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import TemplatesSetting
from django.test import override_settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tipnet.core.forms_renderer import QuickInputsRenderer

WIDGETS = [
    forms.TextInput(attrs={"placeholder": _("Search"), "maxlength": 100, "required": True,
                           "disabled": False, "data-x": '<"&>', "class": mark_safe("a&amp;b")}),
    forms.PasswordInput(render_value=True),
    forms.EmailInput(attrs={"autocomplete": "email"}),
    forms.NumberInput(attrs={"step": 0.5, "min": 0}),
    forms.HiddenInput(),
    forms.URLInput(),
    forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*"}),
]  # fmt: skip
VALUES = [None, "", "x<y>&\"'", 12, 3.5, 0, False, mark_safe("<b>"), ("a", 1), _("Home")]


def test_the_boxes_are_the_templates_to_the_byte():
    quick, templates = QuickInputsRenderer(), TemplatesSetting()
    kinds = {"text", "password", "email", "number", "hidden", "url", "tel", "search"}
    assert quick.quick == {f"django/forms/widgets/{k}.html" for k in kinds}
    for widget in WIDGETS:
        for value in VALUES:
            for attrs in ({"id": "id_f"}, {"id": 'a"b', "aria-describedby": "id_f_helptext"}):
                written = widget.render("f<&>", value, attrs=attrs, renderer=quick)
                assert written == widget.render("f<&>", value, attrs=attrs, renderer=templates)


def test_a_whole_form_is_the_templates():
    class Form(forms.Form):
        name = forms.CharField(max_length=20, help_text="Latin letters")
        email = forms.EmailField(required=False)
        count = forms.IntegerField(min_value=0)
        secret = forms.CharField(widget=forms.PasswordInput)
        when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        note = forms.CharField(widget=forms.Textarea)
        back = forms.CharField(widget=forms.HiddenInput)

    for data in (None, {"name": "x" * 30, "email": "no", "count": "-1", "when": "2025-01-02"}):
        form = Form(data)
        assert form.render(renderer=QuickInputsRenderer()) == form.render(
            renderer=TemplatesSetting()
        )


@pytest.fixture
def text_override(tmp_path):
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    (folder / "text.html").write_text('<input class="ours" name="{{ widget.name }}">')
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    with override_settings(TEMPLATES=templates):
        yield


def test_an_overridden_template_is_rendered_by_its_template(text_override):
    quick = QuickInputsRenderer()
    assert "django/forms/widgets/text.html" not in quick.quick
    assert "django/forms/widgets/email.html" in quick.quick
    assert forms.TextInput().render("f", "x", renderer=quick) == '<input class="ours" name="f">'
