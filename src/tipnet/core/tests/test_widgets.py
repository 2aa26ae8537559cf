"""The one-pass select boxes give the HTML Django's own widgets give."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from tipnet.accounts.models import Organisation
from tipnet.cases.stages import Stage
from tipnet.core.widgets import QuickSelect, QuickSelectMultiple

CHOICES = [("", "—"), *Stage.choices, ("a&b", "<Tom & Jerry>")]


@pytest.mark.parametrize("value", [None, "", "trial", "a&b", "unknown"])
def test_a_select_renders_as_djangos(value):
    mine = QuickSelect(choices=CHOICES, attrs={"class": "x"}).render("stage", value, {"id": "s"})
    theirs = forms.Select(choices=CHOICES, attrs={"class": "x"}).render("stage", value, {"id": "s"})
    assert parse_html(mine) == parse_html(theirs)


def test_a_multiple_select_renders_as_djangos():
    args = ("stage", ["trial", "verdict"], {"id": "s", "required": True})
    mine = QuickSelectMultiple(choices=CHOICES).render(*args)
    theirs = forms.SelectMultiple(choices=CHOICES).render(*args)
    assert parse_html(mine) == parse_html(theirs)


def test_a_model_choice_renders_as_djangos(db):
    orgs = [Organisation.objects.create(name_en=f"Org {i}", name_km=f"អង្គការ {i}") for i in (1, 2)]

    class Mine(forms.Form):
        org = forms.ModelChoiceField(Organisation.objects.all(), widget=QuickSelect)

    class Theirs(forms.Form):
        org = forms.ModelChoiceField(Organisation.objects.all())

    data = {"org": str(orgs[1].pk)}
    assert parse_html(str(Mine(data)["org"])) == parse_html(str(Theirs(data)["org"]))
